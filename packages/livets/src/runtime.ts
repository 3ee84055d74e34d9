// What every runtime adapter shares: the live sessions of one server, the heartbeat and retention
// sweep, graceful shutdown, and the client bundle. Adapters (adapters/node.ts, later Bun and Deno)
// only move bytes.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { CLOSE_ABNORMAL, CLOSE_HEARTBEAT_TIMEOUT, CLOSE_PROTOCOL_ERROR, CLOSE_SERVICE_RESTART } from '@livets/client/protocol'
import type { EngineAddon } from '@livets/engine'
import { getEngine } from './engine.ts'
import { LiveSession, type Logger, type SessionHost, type SessionLimits, type SessionSocket } from './session.ts'
import { MemorySessionStore, type SessionStore } from './sessions/session-store.ts'
import { engineSeal } from './sessions/checkpoint-seal.ts'
import { DEFAULT_OUTBOX_LIMITS } from './sessions/outbox.ts'
import { processHub, type HubRuntime, type Recipient, type RedisSettings } from './backplane/hub.ts'
import { requireSharedSecret } from './backplane/shared-secret.ts'
import type { PresenceTracker } from './presence/tracker.ts'

import { CLIENT_PATH } from './page.ts'

export { CLIENT_PATH }
export { SOCKET_PATH } from '@livets/client/protocol'
const SWEEP_INTERVAL_MS = 5_000
/** How long checkpoints are kept after their last save (the page tokens' lifetime). */
const CHECKPOINT_TTL_MS = 24 * 60 * 60 * 1000
/** How long a process's presence entries outlive its last heartbeat in Redis (docs/scaling.md). */
export const DEFAULT_PRESENCE_TTL_MS = 10_000
const MIN_PRESENCE_TTL_MS = 300

/** Session settings every adapter's serve() accepts (docs/configuration.md). */
export interface RuntimeOptions {
  logger?: Logger
  /** How long a session whose socket dropped waits for its client to resume it. Default 30 s; 0 turns resume off. */
  retentionMs?: number
  /** An async handler still running after this long is given up on (its event gets an ERROR). Default 30 s. */
  handlerTimeoutMs?: number
  /**
   * Where the embedded session store writes checkpoints on graceful shutdown and reads them back on
   * start. Default `.livets/sessions.json` in the working directory; null keeps them in memory only.
   */
  sessionFile?: string | null
  /** A session store of your own; replaces the embedded one (and, with `redis`, the Redis one). */
  sessionStore?: SessionStore
  /**
   * Redis (`redis://[user:password@]host:port[/db]`): broadcasts and presence reach every process,
   * and checkpoints go to Redis so that any process can restore any session (docs/scaling.md).
   * Default: LIVETS_REDIS_URL; without either, this process is alone.
   */
  redis?: string
  /** With Redis: how long the presence entries of a process that stopped answering outlive its last heartbeat. Default 10 s. */
  presenceTtlMs?: number
  /** Development checks (non-serializable state). Default: NODE_ENV is not "production". */
  dev?: boolean
}

let clientBundle: string | undefined

/** The browser connector, built by `npm run build` (packages/client). */
export function clientScript(): string {
  if (clientBundle !== undefined) return clientBundle
  const path = createRequire(import.meta.url).resolve('@livets/client/bundle')
  try {
    clientBundle = readFileSync(path, 'utf8')
  } catch {
    throw new Error(`LiveTS client bundle missing at ${path}; build it with "npm run build"`)
  }
  return clientBundle
}

/**
 * The app's fetch, with the client script served at CLIENT_PATH in front of it: the app itself is
 * not changed (Hono builds its router once, and an app may be served more than once).
 */
export function withClientScript(app: { fetch(request: Request, ...rest: any[]): Response | Promise<Response> }, script: string) {
  return (request: Request, ...rest: any[]): Response | Promise<Response> => {
    if (request.method === 'GET' && new URL(request.url).pathname === CLIENT_PATH) {
      return new Response(script, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' } })
    }
    return app.fetch(request, ...rest)
  }
}

/** The live sessions of one server. */
export class LiveRuntime implements SessionHost, HubRuntime {
  readonly engine: EngineAddon
  readonly log: Logger
  /** Chosen by start(): the one given, Redis's when Redis is configured, else the embedded one. */
  store!: SessionStore
  readonly options: SessionLimits
  readonly presence: PresenceTracker = processHub.presence
  /** By engine connection id: every session, joined or not, attached or waiting for its client. */
  private readonly byConnection = new Map<string, LiveSession>()
  /** By session id: the joined ones, which a client may resume. */
  private readonly bySession = new Map<string, LiveSession>()
  private readonly sweep: ReturnType<typeof setInterval>
  private readonly redis: RedisSettings | undefined

  constructor(private readonly settings: RuntimeOptions = {}) {
    this.engine = getEngine()
    this.log = settings.logger ?? console
    this.options = {
      retentionMs: settings.retentionMs ?? 30_000,
      handlerTimeoutMs: settings.handlerTimeoutMs ?? 30_000,
      outbox: DEFAULT_OUTBOX_LIMITS,
      dev: settings.dev ?? process.env.NODE_ENV !== 'production',
    }
    const url = settings.redis ?? (process.env.LIVETS_REDIS_URL || undefined)
    const presenceTtlMs = settings.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS
    if (!Number.isInteger(presenceTtlMs) || presenceTtlMs < MIN_PRESENCE_TTL_MS) {
      throw new RangeError(`presenceTtlMs must be a whole number of at least ${MIN_PRESENCE_TTL_MS} ms (a heartbeat renews it every third of it); got ${settings.presenceTtlMs}`)
    }
    this.redis = url === undefined ? undefined : { url, presenceTtlMs, checkpointTtlMs: CHECKPOINT_TTL_MS, dev: this.options.dev }
    this.sweep = setInterval(() => this.closeExpired(), SWEEP_INTERVAL_MS)
    this.sweep.unref()
  }

  /**
   * Joins the process's hub (and, with Redis, the other processes) and picks the session store.
   * Throws, saying what to set, when this process cannot share with the others (shared-secret.ts).
   */
  async start(): Promise<void> {
    try {
      requireSharedSecret(this.redis?.url)
      const backplane = await processHub.attach(this, this.redis, this.log)
      const seal = engineSeal(this.engine)
      const file = this.settings.sessionFile === undefined ? resolve('.livets', 'sessions.json') : this.settings.sessionFile
      this.store = this.settings.sessionStore ?? backplane.sessionStore(seal) ?? new MemorySessionStore({ file, ttlMs: CHECKPOINT_TTL_MS, seal, log: this.log })
    } catch (error) {
      clearInterval(this.sweep)
      throw error
    }
  }

  /** HubRuntime: the session of a connection, to hand it a broadcast or a presence diff. */
  recipient(connection: string): Recipient | undefined { return this.byConnection.get(connection) }

  /** Live sessions with a socket. */
  get size(): number {
    let attached = 0
    for (const session of this.byConnection.values()) if (session.attached) attached++
    return attached
  }

  /** A socket opened: returns what the adapter tells about its messages and its close. */
  connect(socket: RawSocket): SocketConnection {
    return new SocketConnection(this, socket)
  }

  /** @internal */
  register(session: LiveSession): void { this.byConnection.set(session.id, session) }

  find(sessionId: string): LiveSession | undefined { return this.bySession.get(sessionId) }

  claim(session: LiveSession): void { this.bySession.set(session.sessionId, session) }

  forget(session: LiveSession): void {
    this.byConnection.delete(session.id)
    if (this.bySession.get(session.sessionId) === session) {
      this.bySession.delete(session.sessionId)
      this.store.release(session.sessionId)
    }
  }

  /** Ends sessions whose client did not come back in time, and closes sockets that missed their heartbeat. */
  closeExpired(): void {
    for (const id of this.engine.expired()) {
      const session = this.byConnection.get(id)
      if (!session) this.engine.close(id)
      else if (session.detached) session.end()
      else session.close(CLOSE_HEARTBEAT_TIMEOUT, 'heartbeat timeout')
    }
  }

  /** Closes every socket with `code`; the sessions wait for their clients to resume them. */
  closeSockets(code: number): void {
    for (const session of [...this.byConnection.values()]) if (session.attached) session.close(code, 'server closed the connection')
  }

  /**
   * Graceful shutdown: the steps under way finish (up to `deadlineMs`), every session's last
   * checkpoint is made durable, and every socket is closed with 1012 so its page comes back at
   * once — to this server once it is up again, or to another process sharing LIVETS_SECRET.
   */
  async shutdown(deadlineMs = 5_000): Promise<void> {
    clearInterval(this.sweep)
    const sessions = [...this.byConnection.values()]
    this.byConnection.clear()
    this.bySession.clear()
    // The sockets close only once the checkpoints are durable: a page that reconnects at once to
    // another process must find its last state there.
    const closes: Array<() => void> = []
    this.heldCloses = closes
    await Promise.all(sessions.map((session) => session.drain(deadlineMs, CLOSE_SERVICE_RESTART)))
    await this.store.flush()
    this.heldCloses = undefined
    for (const close of closes) close()
    await processHub.detach(this)
  }

  /** @internal During shutdown: socket closes wait here until the checkpoints are written. */
  heldCloses: Array<() => void> | undefined
}

/** The adapter's socket: what LiveTS sends and closes. */
export interface RawSocket {
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
}

/**
 * One socket as the adapter sees it: a class, not closures, so an idle connection stays small.
 * It belongs to one session at a time; a resume hands it to the session it resumes.
 */
export class SocketConnection implements SessionSocket {
  session: LiveSession

  constructor(private readonly runtime: LiveRuntime, private readonly raw: RawSocket) {
    this.session = new LiveSession(runtime, this)
    runtime.register(this.session)
  }

  send(frame: Uint8Array): void { this.raw.send(frame) }

  close(code: number, reason: string): void {
    const held = this.runtime.heldCloses
    if (held) held.push(() => this.raw.close(code, reason))
    else this.raw.close(code, reason)
  }

  /** A frame arrived. LiveTS frames are binary; a text frame is a protocol error. */
  message(data: Uint8Array | string): void {
    const session = this.session
    if (typeof data === 'string') {
      this.runtime.log.warn(`[livets] closing connection ${session.id}: text frame (LiveTS frames are binary)`)
      session.close(CLOSE_PROTOCOL_ERROR, 'text frames are not LiveTS frames')
      return
    }
    try {
      session.receive(data, this)
    } catch (error) {
      this.runtime.log.error(`[livets] connection ${session.id} failed`, error)
      session.close(CLOSE_PROTOCOL_ERROR, 'internal error')
    }
  }

  /**
   * The socket closed, from either side. A close frame from the client is a goodbye; without one
   * (1006) the link broke and the session waits for its client to resume it.
   */
  closed(code: number): void { this.session.socketClosed(this, code !== CLOSE_ABNORMAL) }
}
