// Checkpoints in Redis (docs/scaling.md, "Checkpoints"), so that any process can restore any session:
// after a deploy, and after a process was killed without a chance to save anything. Each checkpoint
// is signed (the engine's signCheckpoint, with LIVETS_SECRET) and kept with a TTL.
//
// Saves return at once. The checkpoints of one turn of the event loop go to Redis together, the
// latest per session only, in one pipeline: a broadcast to a thousand views is one write to Redis,
// not a thousand round trips. While Redis is unreachable they wait here (one per session, so
// bounded) and are written when it is back.
import type { RedisClient } from '../presence/redis-presence.ts'
import { redisKeys } from '../backplane/redis-keys.ts'
import type { RedisOutage } from '../backplane/redis-outage.ts'
import type { CheckpointSeal, SessionStore } from './session-store.ts'

export interface RedisStoreOptions {
  seal: CheckpointSeal
  /** How long a checkpoint is kept after its last save. */
  ttlMs: number
  /** Logs the failures once, and tells when Redis is back. */
  outage: RedisOutage
}

export class RedisSessionStore implements SessionStore {
  /** Checkpoints not written yet: session → data. */
  private pending = new Map<string, string>()
  private scheduled = false
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly client: RedisClient, private readonly options: RedisStoreOptions) {
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

  /** Shared: another process may restore the session later, so it stays until its TTL. */
  release(): void {}

  async flush(): Promise<void> {
    await this.writing
    this.writing = this.write()
    await this.writing
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.writing = this.writing.then(() => this.write())
    })
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0 || !this.client.isReady) return
    const batch = this.pending
    this.pending = new Map()
    const { seal, ttlMs } = this.options
    const multi = this.client.multi()
    for (const [session, data] of batch) {
      multi.set(redisKeys.checkpointPrefix + session, seal.sign(session, data), { expiration: { type: 'PX', value: ttlMs } })
    }
    try {
      await multi.execAsPipeline()
    } catch (error) {
      // Kept for the next try, unless a newer checkpoint of the session came meanwhile.
      for (const [session, data] of batch) if (!this.pending.has(session)) this.pending.set(session, data)
      this.options.outage.commandFailed('writing checkpoints', error)
    }
  }
}
