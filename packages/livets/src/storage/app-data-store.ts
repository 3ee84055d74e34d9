// The part of a session store that keeps the app's own data (storage.ts, docs/storage.md): records
// under keys the app names, kept until it deletes them (no TTL: they are the user's data, not a
// page's). The embedded store keeps them in memory and in a file (MemoryAppData below); the Redis
// store keeps them in Redis.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface AppDataStore {
  readData(key: string): Promise<string | undefined>
  writeData(key: string, data: string): Promise<void>
  deleteData(key: string): Promise<void>
}

/** How long a change may wait before the file is written: a burst of changes is one write. */
export const DATA_WRITE_DELAY_MS = 50

/**
 * The embedded store's app data: memory, written whole to `file` shortly after each change (and at
 * shutdown) and read back on start, so that a restart — even a crash, past the last few
 * milliseconds — keeps it. Unlike checkpoints the file stays: it is the data, not a hand-over.
 */
export class MemoryAppData implements AppDataStore {
  private readonly records = new Map<string, string>()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly file: string | null, private readonly log: { warn(message: string): void }) {
    if (file) this.read(file)
  }

  async readData(key: string): Promise<string | undefined> { return this.records.get(key) }

  async writeData(key: string, data: string): Promise<void> {
    this.records.set(key, data)
    this.schedule()
  }

  async deleteData(key: string): Promise<void> {
    if (this.records.delete(key)) this.schedule()
  }

  /** Writes the file now if a change is waiting (graceful shutdown). */
  flush(): void {
    if (this.timer === undefined) return
    clearTimeout(this.timer)
    this.timer = undefined
    this.write()
  }

  private schedule(): void {
    if (!this.file || this.timer !== undefined) return
    this.timer = setTimeout(() => { this.timer = undefined; this.write() }, DATA_WRITE_DELAY_MS)
    this.timer.unref?.()
  }

  private write(): void {
    const file = this.file!
    try {
      mkdirSync(dirname(file), { recursive: true })
      // Written whole, then renamed: a crash mid-write never leaves half a file to read back.
      writeFileSync(file + '.tmp', JSON.stringify(Object.fromEntries(this.records)))
      renameSync(file + '.tmp', file)
    } catch (error) {
      this.log.warn(`[livets] could not write the app's storage to ${file} (${(error as Error).message}); it is kept in memory and written with the next change`)
    }
  }

  private read(file: string): void {
    let text: string
    try { text = readFileSync(file, 'utf8') } catch { return }
    try {
      for (const [key, data] of Object.entries(JSON.parse(text) as Record<string, unknown>)) if (typeof data === 'string') this.records.set(key, data)
    } catch {
      // Not ours to fix by hand, and not to be lost: kept beside, and the store starts empty.
      renameSync(file, `${file}.unreadable-${Date.now()}`)
      this.log.warn(`[livets] ${file} is not a LiveTS storage file; it was moved aside and storage starts empty`)
    }
  }
}
