// Checkpoints in Redis (docs/scaling.md, "Checkpoints"), so that any process can restore any session:
// after a deploy, and after a process was killed without a chance to save anything. Each checkpoint
// is signed (the engine's signCheckpoint, with LIVETS_SECRET) and kept with a TTL.
//
// Saves return at once. Checkpoints go to Redis every WRITE_DELAY_MS, the latest per session only,
// signed then (not per event), in one pipeline: a broadcast to a thousand views is one write to
// Redis, not a thousand round trips, and a session's burst of events is one write. A process that
// crashes loses at most the checkpoints of those last milliseconds (docs/scaling.md); a graceful
// shutdown writes them at once (flush). Measured with bench S6 before this batching: a write per
// checkpoint cost the counter 1.6× the CPU of no checkpoints (docs/scaling.md). While Redis is
// unreachable checkpoints wait here (one per session, so bounded) and are written when it is back.
import type { RedisConnection } from '../backplane/redis-connection.ts'
import { redisKeys } from '../backplane/redis-keys.ts'
import type { RedisOutage } from '../backplane/redis-outage.ts'
import type { CheckpointSeal, SessionStore } from './session-store.ts'

/** How long a checkpoint may wait for the next write to Redis. */
export const WRITE_DELAY_MS = 20
/** Checkpoints per command: one command keeps the client's work per checkpoint small, a bound keeps each one short for Redis. */
const BATCH = 500

/** KEYS: the checkpoints' keys; ARGV: the TTL (ms), then their signed data in the same order. */
const SET_ALL = `
for i, key in ipairs(KEYS) do redis.call('SET', key, ARGV[i + 1], 'PX', ARGV[1]) end
return #KEYS`

export interface RedisStoreOptions {
  seal: CheckpointSeal
  /** How long a checkpoint is kept after its last save. */
  ttlMs: number
  /** Logs the failures once, and tells when Redis is back. */
  outage: RedisOutage
  log: { warn(message: string): void }
}

export class RedisSessionStore implements SessionStore {
  /** Checkpoints not written yet: session → data. */
  private pending = new Map<string, string>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly client: RedisConnection, private readonly options: RedisStoreOptions) {
    options.outage.onRecovery(() => this.schedule())
  }

  save(session: string, data: string): void {
    this.pending.set(session, data)
    this.schedule()
  }

  async load(session: string): Promise<string | undefined> {
    const waiting = this.pending.get(session)
    if (waiting !== undefined) return waiting
    const signed = await this.client.get(redisKeys.checkpointPrefix + session) as string | null
    return signed === null ? undefined : this.options.seal.verify(session, signed)
  }

  // The app's storage: written at once (a user's data, not a checkpoint a newer one replaces), no TTL.
  async readData(key: string): Promise<string | undefined> {
    return await this.dataCommand('read', key, () => this.client.get(redisKeys.dataPrefix + key)) as string | null ?? undefined
  }

  async writeData(key: string, data: string): Promise<void> {
    await this.dataCommand('written', key, () => this.client.set(redisKeys.dataPrefix + key, data))
  }

  async deleteData(key: string): Promise<void> {
    await this.dataCommand('deleted', key, () => this.client.del(redisKeys.dataPrefix + key))
  }

  /** A storage command; while Redis is unreachable it fails at once, saying so, rather than queueing the user's data. */
  private async dataCommand<T>(done: 'read' | 'written' | 'deleted', key: string, command: () => Promise<T>): Promise<T> {
    if (!this.client.isReady) throw new Error(`storage: Redis is unreachable, so "${key}" could not be ${done}; try again once it is back`)
    return command()
  }

  /** Shared: another process may restore the session later, so it stays until its TTL. */
  release(): void {}

  async flush(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    await this.writing
    this.writing = this.write()
    await this.writing
    if (this.pending.size > 0) {
      this.options.log.warn(`[livets] ${this.pending.size} checkpoint(s) could not be written to Redis (unreachable): ` +
        'those pages will mount afresh on the process they reconnect to')
      // The server is stopping: what it could not write is given up, not written by a later recovery.
      this.pending.clear()
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.writing = this.writing.then(() => this.write())
    }, WRITE_DELAY_MS)
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0 || !this.client.isReady) return
    const batch = this.pending
    this.pending = new Map()
    const { seal, ttlMs } = this.options
    // A command costs the client 20-50 µs of CPU whatever it carries; one script call per batch
    // costs it a little per checkpoint.
    const writes: Promise<unknown>[] = []
    let keys: string[] = []
    let values: string[] = [String(ttlMs)]
    for (const [session, data] of batch) {
      keys.push(redisKeys.checkpointPrefix + session)
      values.push(seal.sign(session, data))
      if (keys.length === BATCH) {
        writes.push(this.client.eval(SET_ALL, { keys, arguments: values }))
        keys = []
        values = [String(ttlMs)]
      }
    }
    if (keys.length > 0) writes.push(this.client.eval(SET_ALL, { keys, arguments: values }))
    try {
      await Promise.all(writes)
    } catch (error) {
      // Kept for the next try, unless a newer checkpoint of the session came meanwhile.
      for (const [session, data] of batch) if (!this.pending.has(session)) this.pending.set(session, data)
      this.options.outage.commandFailed('writing checkpoints', error)
    }
  }
}
