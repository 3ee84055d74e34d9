// Where sessions' checkpoints live so that state outlives a process (docs/scaling.md). A checkpoint
// is a view's state (and which view, with its params) as JSON, taken after each handled event. The
// embedded store keeps them in memory, writes them to a file on graceful shutdown and reads them
// back on start; the Redis store (redis-store.ts) shares them between processes. What leaves the
// process is signed with LIVETS_SECRET, so a file or a Redis key cannot hand back a forged or
// another session's state.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { MemoryAppData, type AppDataStore } from '../storage/app-data-store.ts'

/** Signs and checks checkpoints (the engine does it with the process's secret). */
export interface CheckpointSeal {
  sign(session: string, data: string): string
  /** The data; throws when the signature, the session or the age is wrong. */
  verify(session: string, signed: string): string
}

/** Checkpoints, and the app's own data (storage, docs/storage.md), kept in the same place. */
export interface SessionStore extends AppDataStore {
  /** Keeps the latest checkpoint of `session` (JSON). Returns at once; a store that writes elsewhere does so in the background. */
  save(session: string, data: string): void
  /**
   * A store that keeps checkpoints in this process only may take, instead of each checkpoint's JSON
   * after each step, a way to make the latest one when it needs it (a restore, its file at shutdown):
   * a live session then holds no JSON copy of its state between steps (docs/architecture.md,
   * "Memory per connection"). The session calls it after each step; undefined: the view keeps no checkpoint.
   */
  keep?(session: string, checkpoint: () => string | undefined): void
  /** The latest checkpoint of `session`, if any and if its signature holds. */
  load(session: string): Promise<string | undefined>
  /**
   * The session ended in this process (its client did not come back within the retention window).
   * A store that serves only this process forgets it; a shared one keeps it until it expires.
   */
  release(session: string): void
  /** Graceful shutdown: makes every checkpoint (and the app's data) durable. */
  flush(): Promise<void>
}

export interface MemoryStoreOptions {
  /** The file checkpoints are written to on shutdown and read from on start; null keeps them in memory only. */
  file: string | null
  /** The file the app's storage is kept in (written after each change, read on start); null keeps it in memory only. */
  dataFile: string | null
  /** How long a checkpoint is kept after its last save. */
  ttlMs: number
  seal: CheckpointSeal
  log: { warn(message: string): void }
}

/** The embedded default: memory, and a file across graceful restarts. */
export class MemorySessionStore implements SessionStore {
  /** session → [data, or the live session's way to make it; expires at (ms since epoch)] */
  private readonly checkpoints = new Map<string, [string | (() => string | undefined), number]>()

  private readonly data: MemoryAppData

  constructor(private readonly options: MemoryStoreOptions) {
    if (options.file) this.readFile(options.file)
    this.data = new MemoryAppData(options.dataFile, options.log)
  }

  readData(key: string): Promise<string | undefined> { return this.data.readData(key) }
  writeData(key: string, data: string): Promise<void> { return this.data.writeData(key, data) }
  deleteData(key: string): Promise<void> { return this.data.deleteData(key) }

  get size(): number { return this.checkpoints.size }

  save(session: string, data: string): void {
    const expires = Date.now() + this.options.ttlMs
    // Every render of a persisted view saves: the session's entry is updated in place, not made anew.
    const entry = this.checkpoints.get(session)
    if (entry) { entry[0] = data; entry[1] = expires } else this.checkpoints.set(session, [data, expires])
  }

  keep(session: string, checkpoint: () => string | undefined): void {
    const entry = this.checkpoints.get(session)
    // Refreshed after each step: the same function, a later expiry (no new entry per step).
    if (entry && entry[0] === checkpoint) entry[1] = Date.now() + this.options.ttlMs
    else this.checkpoints.set(session, [checkpoint, Date.now() + this.options.ttlMs])
  }

  async load(session: string): Promise<string | undefined> {
    const entry = this.checkpoints.get(session)
    if (!entry) return undefined
    if (entry[1] < Date.now()) { this.checkpoints.delete(session); return undefined }
    return dataOf(entry[0])
  }

  release(session: string): void { this.checkpoints.delete(session) }

  async flush(): Promise<void> {
    this.data.flush()
    const { file, seal } = this.options
    if (!file) return
    const now = Date.now()
    const lines: string[] = []
    for (const [session, [kept, expires]] of this.checkpoints) {
      const data = dataOf(kept)
      if (expires > now && data !== undefined) lines.push(JSON.stringify([session, expires, seal.sign(session, data)]))
    }
    mkdirSync(dirname(file), { recursive: true })
    // Written whole, then renamed: a crash mid-write never leaves half a file to read back.
    writeFileSync(file + '.tmp', lines.join('\n'))
    renameSync(file + '.tmp', file)
  }

  /** Reads the file of the last graceful shutdown, once: checkpoints that fail their signature are skipped. */
  private readFile(file: string): void {
    let text: string
    try { text = readFileSync(file, 'utf8') } catch { return }
    const now = Date.now()
    let refused = 0
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        const [session, expires, signed] = JSON.parse(line) as [string, number, string]
        if (expires > now) this.checkpoints.set(session, [this.options.seal.verify(session, signed), expires])
      } catch { refused++ }
    }
    if (refused > 0) this.options.log.warn(`[livets] ${refused} checkpoint(s) in ${file} were refused (another LIVETS_SECRET, or tampered): those pages mount afresh`)
    rmSync(file, { force: true })
  }
}

function dataOf(kept: string | (() => string | undefined)): string | undefined {
  return typeof kept === 'string' ? kept : kept()
}
