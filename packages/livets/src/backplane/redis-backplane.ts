// The processes of one app share broadcasts, presence and checkpoints through Redis (docs/scaling.md).
// Two connections per process: one for commands (publish, presence, checkpoints), one that listens
// on the broadcast channel (the workers of livets/cluster share their primary's two:
// redis-relay.ts). Every process publishes on one channel and every process hears it all,
// as Phoenix.PubSub's Redis adapter does: the engine of each process then routes the topic to its
// own connections, so Redis never needs to know who subscribed to what. Messages are JSON,
// [origin, kind, topic, body]; a process ignores its own, which it delivered already.
//
// Order: a process publishes on one connection, and Redis delivers a channel's messages to each
// listener in the order it received them, so each subscriber hears one publisher in order.
import { sharedSecretFingerprint } from '../engine.ts'
import { unserializablePath } from '../sessions/checkpoint.ts'
import { RedisSessionStore } from '../sessions/redis-session-store.ts'
import type { CheckpointSeal, SessionStore } from '../sessions/session-store.ts'
import { RedisPresence, type TopicDiffs } from '../presence/redis-presence.ts'
import type { PresenceTracker } from '../presence/tracker.ts'
import type { PresenceDiff } from '../presence/presence.ts'
import type { Logger } from '../session.ts'
import type { Backplane, BackplaneListener, Envelope } from './backplane.ts'
import { CONNECT_TIMEOUT_MS, openRedis, type RedisConnection } from './redis-connection.ts'
import { redisKeys } from './redis-keys.ts'
import { RedisOutage } from './redis-outage.ts'
import { secretMismatch } from './shared-secret.ts'

export interface RedisBackplaneOptions {
  url: string
  /** A connection to `url`, not connected yet (redis-connection.ts's openRedis); the backplane opens a second one from it. */
  connection: RedisConnection
  /** This process's id (backplane/hub.ts). */
  node: string
  presenceTtlMs: number
  checkpointTtlMs: number
  log: Logger
  /** Development: a message that JSON would change is reported (once per topic) before it crosses. */
  dev: boolean
  /** This process's presence entries, written again when Redis lost them. */
  tracker: PresenceTracker
}

type Wire = [origin: string, kind: 'i' | 'p', topic: string, body: unknown]

export class RedisBackplane implements Backplane {
  readonly name: string
  readonly presence: RedisPresence
  private readonly command: RedisConnection
  private readonly listener: RedisConnection
  private readonly outage: RedisOutage
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private beating: Promise<void> = Promise.resolve()
  private receiver: BackplaneListener | undefined
  private readonly unportable = new Set<string>()
  /** Until start() succeeded, connection errors belong to its refusal, not to an outage. */
  private started = false
  private lastError: Error | undefined

  /** A backplane on Redis at `options.url`, reached as this process reaches it (redis-connection.ts); not started. */
  static async open(options: Omit<RedisBackplaneOptions, 'connection'>): Promise<RedisBackplane> {
    withoutPassword(options.url) // a URL that is not one is refused before anything connects
    return new RedisBackplane({ ...options, connection: await openRedis(options.url) })
  }

  constructor(private readonly options: RedisBackplaneOptions) {
    this.name = withoutPassword(options.url)
    this.command = options.connection
    this.listener = this.command.duplicate()
    this.outage = new RedisOutage(this.name, options.log, () => this.command.isReady && this.listener.isReady)
    for (const client of [this.command, this.listener]) {
      client.on('error', (error: Error) => { if (this.started) this.outage.failed(error); else this.lastError = error })
      client.on('ready', () => { if (this.started) this.outage.ready() })
    }
    this.presence = new RedisPresence(this.command, options.node, this.outage)
    // After an outage, entries tracked or untracked meanwhile are written (and announced) now.
    this.outage.onRecovery(() => this.beat(true))
  }

  async start(receiver: BackplaneListener): Promise<void> {
    this.receiver = receiver
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`LiveTS could not reach Redis at ${this.name} within ${CONNECT_TIMEOUT_MS / 1000} s` +
        `${this.lastError ? ` (${this.lastError.message})` : ''}: start Redis, or fix the URL (the redis option or LIVETS_REDIS_URL)`)), CONNECT_TIMEOUT_MS)
    })
    try {
      await Promise.race([Promise.all([this.command.connect(), this.listener.connect()]), timeout])
      await this.claimSecret()
      await this.listener.subscribe(redisKeys.channel, (raw: string) => this.receive(raw))
      await this.beat(true)
      this.started = true
    } catch (error) {
      this.command.destroy()
      this.listener.destroy()
      throw error
    } finally {
      clearTimeout(timer)
    }
    this.heartbeat = setInterval(() => { void this.beat(false) }, Math.max(100, Math.floor(this.options.presenceTtlMs / 3)))
    this.heartbeat.unref()
  }

  /** The first process sets the secret's fingerprint; the others must match it (shared-secret.ts). */
  private async claimSecret(): Promise<void> {
    const mine = sharedSecretFingerprint()!
    await this.command.set(redisKeys.secret, mine, { condition: 'NX', expiration: { type: 'PX', value: this.options.presenceTtlMs } })
    const theirs = await this.command.get(redisKeys.secret)
    if (theirs !== mine) throw secretMismatch(this.name)
  }

  publish(envelope: Envelope): void {
    if (!this.command.isReady) { this.outage.missed(); return }
    const body = envelope.kind === 'info' ? envelope.message : envelope.diff
    let json: string
    try {
      json = JSON.stringify([this.options.node, envelope.kind === 'info' ? 'i' : 'p', envelope.topic, body] satisfies Wire)
    } catch (error) {
      return this.cannotCross(envelope.topic, (error as Error).message)
    }
    if (this.options.dev && !this.unportable.has(envelope.topic)) {
      const problem = unserializablePath(body, 'message')
      if (problem) this.cannotCross(envelope.topic, problem)
    }
    this.command.publish(redisKeys.channel, json).catch((error) => this.outage.publishFailed(error))
  }

  /** Said once per topic: a message that JSON changes reaches the other processes changed, or not at all. */
  private cannotCross(topic: string, problem: string): void {
    if (this.unportable.has(topic)) return
    this.unportable.add(topic)
    this.options.log.warn(`[livets] broadcast on '${topic}': ${problem}. Messages reach other processes as JSON; send plain data.`)
  }

  private receive(raw: string): void {
    let wire: Wire
    try { wire = JSON.parse(raw) as Wire } catch { return }
    const [origin, kind, topic, body] = wire
    if (origin === this.options.node) return
    this.receiver?.received(kind === 'i' ? { kind: 'info', topic, message: body } : { kind: 'presence', topic, diff: body as PresenceDiff })
  }

  /**
   * Keeps this process's presence entries alive, removes dead processes' entries and announces
   * their leaves here and everywhere. When this process's own key had expired, or after an outage
   * (`reconcile`), Redis is made to hold exactly this process's entries again, and the others hear
   * what they missed.
   */
  private beat(reconcile: boolean): Promise<void> {
    this.beating = this.beating.then(async () => {
      if (!this.command.isReady) return
      try {
        const { alive, reaped } = await this.presence.beat(this.options.presenceTtlMs)
        this.announce(reaped, true)
        if (reconcile || !alive) this.announce(await this.presence.reconcile(this.options.tracker.entries()), false)
      } catch (error) {
        this.outage.commandFailed('presence heartbeat', error)
      }
    })
    return this.beating
  }

  private announce(diffs: TopicDiffs, here: boolean): void {
    for (const [topic, diff] of diffs) {
      if (here) this.receiver?.received({ kind: 'presence', topic, diff })
      this.publish({ kind: 'presence', topic, diff })
    }
  }

  sessionStore(seal: CheckpointSeal): SessionStore {
    return new RedisSessionStore(this.command, { seal, ttlMs: this.options.checkpointTtlMs, outage: this.outage, log: this.options.log })
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat)
    await this.beating
    try {
      if (this.command.isReady) this.announce(await this.presence.remove(), false)
    } catch (error) {
      this.outage.commandFailed('removing this process\'s presence', error)
    }
    this.listener.destroy()
    await this.command.close().catch(() => this.command.destroy())
  }
}

/** The URL as logs may show it. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.href.replace(/\/$/, '')
  } catch {
    throw new Error(`the Redis URL '${url}' is not a URL; write it as redis://[user:password@]host:port[/db]`)
  }
}
