// The process's hub for messages between views (docs/scaling.md). The engine is one per process and
// routes a topic to this process's connections; the hub hands each message to the session that
// holds the connection — found through the runtimes (servers) of this process, not a copy of their
// sessions — and passes it to the backplane for the other processes. A message from another
// process takes the same path in. Each process delivers a message once: what it publishes it
// delivers itself, and what comes back to it from the backplane it ignores.
import { randomBytes } from 'node:crypto'
import { getEngine } from '../engine.ts'
import { PresenceTracker, type PresenceHost } from '../presence/tracker.ts'
import type { PresenceDiff, PresenceList, SharedPresence } from '../presence/presence.ts'
import type { Logger } from '../session.ts'
import { InProcessBackplane, type Backplane, type BackplaneListener, type Envelope } from './backplane.ts'

/** What hears messages for one connection: its session. */
export interface Recipient {
  deliver(message: unknown): void
  deliverPresence(diff: PresenceDiff): void
}

/** A server of this process: it knows its sessions by connection id. */
export interface HubRuntime {
  recipient(connection: string): Recipient | undefined
}

export interface RedisSettings {
  url: string
  /** How long a process's presence entries outlive its last heartbeat (docs/scaling.md). */
  presenceTtlMs: number
  /** How long a checkpoint is kept in Redis after its last save. */
  checkpointTtlMs: number
  /** Development checks (a broadcast that JSON would change). */
  dev: boolean
}

class ProcessHub implements PresenceHost, BackplaneListener {
  /** This process among the others: tells its own messages and presence entries apart. */
  readonly node = randomBytes(8).toString('hex')
  readonly presence = new PresenceTracker(this.node, this)
  private readonly runtimes = new Set<HubRuntime>()
  private backplane: Backplane = new InProcessBackplane()
  private redisUrl: string | undefined
  private connecting: Promise<Backplane> | undefined

  get shared(): SharedPresence | undefined { return this.backplane.presence }

  /**
   * A server starts in this process. With `redis` it connects the process to Redis (once: the
   * servers of one process share one connection); without, it uses what the process has.
   */
  async attach(runtime: HubRuntime, redis: RedisSettings | undefined, log: Logger): Promise<Backplane> {
    if (redis) {
      if (this.redisUrl !== undefined && this.redisUrl !== redis.url) {
        throw new Error(`this process already shares its views through Redis at ${this.redisUrl}; every server of one process uses the same Redis (got ${redis.url})`)
      }
      this.redisUrl = redis.url
      this.connecting ??= this.connect(redis, log)
      try {
        this.backplane = await this.connecting
      } catch (error) {
        this.connecting = this.redisUrl = undefined
        throw error
      }
    }
    this.runtimes.add(runtime)
    return this.backplane
  }

  private async connect(redis: RedisSettings, log: Logger): Promise<Backplane> {
    // Loaded only when configured: a single process never loads the Redis client.
    const { RedisBackplane } = await import('./redis-backplane.ts')
    const backplane = await RedisBackplane.open({ ...redis, node: this.node, log, tracker: this.presence })
    await backplane.start(this)
    return backplane
  }

  /** A server stopped; the last one to go disconnects the process from Redis. */
  async detach(runtime: HubRuntime): Promise<void> {
    if (!this.runtimes.delete(runtime) || this.runtimes.size > 0) return
    const backplane = this.backplane
    this.backplane = new InProcessBackplane()
    this.connecting = this.redisUrl = undefined
    await backplane.close()
  }

  /** broadcast(): every subscriber here now, every other process through the backplane. */
  broadcast(topic: string, message: unknown): number {
    const reached = this.deliver({ kind: 'info', topic, message })
    this.backplane.publish({ kind: 'info', topic, message })
    return reached
  }

  deliverPresence(topic: string, diff: PresenceDiff): void {
    this.deliver({ kind: 'presence', topic, diff })
  }

  publishPresence(topic: string, diff: PresenceDiff): void {
    this.backplane.publish({ kind: 'presence', topic, diff })
  }

  /** Everyone on `topic`: from Redis when this process shares it, else (or while Redis is unreachable) this process's entries. */
  async list(topic: string): Promise<PresenceList> {
    return (await this.backplane.presence?.list(topic)) ?? this.presence.list(topic)
  }

  /** BackplaneListener: another process published this. */
  received(envelope: Envelope): void {
    this.deliver(envelope)
  }

  /** Hands `envelope` to every subscriber of its topic in this process; returns how many. */
  private deliver(envelope: Envelope): number {
    let reached = 0
    for (const id of getEngine().subscribers(envelope.topic)) {
      for (const runtime of this.runtimes) {
        const recipient = runtime.recipient(id)
        if (!recipient) continue
        if (envelope.kind === 'info') recipient.deliver(envelope.message)
        else recipient.deliverPresence(envelope.diff)
        reached++
        break
      }
    }
    return reached
  }
}

/** The one hub of this process (the engine, which routes topics, is one per process too). */
export const processHub = new ProcessHub()
