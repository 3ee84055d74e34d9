// What every runtime adapter shares: the live sessions of one server, the heartbeat and retention
// sweep, graceful shutdown, and the client bundle. Adapters (adapters/node.ts, later Bun and Deno)
// only move bytes.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { CLOSE_ABNORMAL, CLOSE_HEARTBEAT_TIMEOUT, CLOSE_NOT_JOINED, CLOSE_PROTOCOL_ERROR, CLOSE_SERVICE_RESTART } from '@livets/client/protocol'
import type { EngineAddon } from '@livets/engine'
import { HEARTBEAT_TIMEOUT_MS, JOIN_TIMEOUT_MS, getEngine, sharedSecretFingerprint, useDevelopmentSecret } from './engine.ts'
import { LiveSession, type Logger, type SessionHost, type SessionLimits, type SessionSocket } from './session.ts'
import { MemorySessionStore, type SessionStore } from './sessions/session-store.ts'
import { releaseStorage } from './storage/storage.ts'
import { engineSeal } from './sessions/checkpoint-seal.ts'
import { originProblem } from './origin.ts'
import { LongPollServer } from './long-poll.ts'
import { channels } from './telemetry.ts'
import { SessionStats } from './dev/session-stats.ts'
import { connectionsChanged } from './native-memory.ts'
import { DEV_PATH, devApp } from './dev/sessions-page.ts'
import { DevReload, devModeOn } from './dev/reload.ts'
import { PageErrors } from './dev/page-errors.ts'
import { DEFAULT_OUTBOX_LIMITS } from './sessions/outbox.ts'
import { DEFAULT_HIBERNATE_AFTER_MS } from './sessions/hibernation.ts'
import { processHub, type HubRuntime, type Recipient, type RedisSettings } from './backplane/hub.ts'
import { requireSharedSecret } from './backplane/shared-secret.ts'
import type { PresenceTracker } from './presence/tracker.ts'
import type { RoutableApp } from './navigation/live-routes.ts'

import { CLIENT_PATH, FRAMEWORK_CSS, STYLESHEET_PATH } from './page.ts'

export { CLIENT_PATH }
export { SOCKET_PATH } from '@livets/client/protocol'
/** How often deadlines are checked: every 5 s, or more often when the heartbeat timeout is short. */
const SWEEP_INTERVAL_MS = Math.min(5_000, Math.max(100, Math.floor(Math.min(HEARTBEAT_TIMEOUT_MS, JOIN_TIMEOUT_MS) / 4)))
/** How long checkpoints are kept after their last save (the page tokens' lifetime). */
const CHECKPOINT_TTL_MS = 24 * 60 * 60 * 1000
/** How long a process's presence entries outlive its last heartbeat in Redis (docs/scaling.md). */
export const DEFAULT_PRESENCE_TTL_MS = 10_000
const MIN_PRESENCE_TTL_MS = 300
/** How long a graceful shutdown lets the events under way finish; see shutdown(). */
const DRAIN_MS = 5_000
/**
 * In development: `tsx watch` sends SIGTERM on every save and SIGKILL 5 s later (or at once, on the
 * next save), and the checkpoints are written only after the drain. Events still running after a
 * second are given up, so that the pages' state is on disk before any kill (docs/dev-loop.md).
 */
const DEV_DRAIN_MS = 1_000

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
  /**
   * Where the embedded session store keeps the app's storage (docs/storage.md), written after each
   * change and read on start. Default `.livets/data.json` in the working directory; null keeps it
   * in memory only. With Redis, storage is in Redis.
   */
  dataFile?: string | null
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
  /**
   * Development mode (docs/configuration.md): pages reload when the server restarts and when a
   * watched file changes, state is checked for what JSON would not bring back, and /_livets/dev
   * lists the live sessions. Default: on unless NODE_ENV is "production".
   */
  dev?: boolean
  /** In development mode, files and folders whose changes reach open pages (e.g. the built CSS). */
  watch?: string[]
  /**
   * Origins whose pages may open live sockets besides the server's own (the Host of the upgrade),
   * e.g. ['https://app.example.com']; '*' allows any (not recommended). docs/security.md.
   */
  origins?: string[]
  /** Live sockets this process accepts at once; past it an upgrade gets 503. Default 100,000. */
  maxConnections?: number
  /** Live sockets one client address may hold at once; past it an upgrade gets 429. Default 1,000. */
  maxConnectionsPerAddress?: number
  /** Client frames waiting behind a running handler; past it the connection is closed with 4429. Default 1,000. */
  maxQueuedEvents?: number
  /** A page that stopped reading and has not drained after this long is closed with 4412 (docs/security.md). Default 30 s. */
  slowReaderTimeoutMs?: number
  /**
   * A session with no step for this long keeps its view's state as JSON until the state is next
   * read (docs/architecture.md, "Hibernation"). Default 15 s, as Phoenix's `hibernate_after`; 0 turns it off.
   */
  hibernateAfterMs?: number
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

type Fetch = (request: Request, ...rest: any[]) => Response | Promise<Response>
/** How an adapter finds a request's client address (for the per-address limit of long-poll links). */
export type ClientAddress = (request: Request, ...rest: any[]) => string

/**
 * The app's fetch, with what LiveTS serves itself in front of it: the client script at CLIENT_PATH,
 * the long-poll fallback at LONG_POLL_PATH and, in development, the dev tools (/_livets/dev). The
 * app itself is not changed (Hono builds its router once, and an app may be served more than once).
 * The runtime learns the app here: live navigation asks it where a URL leads (docs/navigation.md).
 */
export function withClientScript(app: RoutableApp, script: string, runtime?: LiveRuntime, addressOf: ClientAddress = () => ''): Fetch {
  if (runtime) runtime.app = app
  const appFetch = runtime?.devReload ? runtime.devReload.wrap(app.fetch) : app.fetch
  return (request: Request, ...rest: any[]): Response | Promise<Response> => {
    const path = new URL(request.url).pathname
    if (runtime && LongPollServer.serves(path)) return runtime.longPoll.handle(request, addressOf(request, ...rest))
    if (request.method === 'GET' && path === CLIENT_PATH) {
      return new Response(script, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' } })
    }
    if (request.method === 'GET' && path === STYLESHEET_PATH) {
      return new Response(FRAMEWORK_CSS, { headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' } })
    }
    const dev = runtime?.devTools
    if (dev && (path === DEV_PATH || path.startsWith(DEV_PATH + '?'))) return dev.fetch(request, ...rest)
    return appFetch(request, ...rest)
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
  /** The app served (set by the adapter): where live navigation finds a URL's route. */
  app: RoutableApp | undefined
  /** By engine connection id: every session, joined or not, attached or waiting for its client. */
  private readonly byConnection = new Map<string, LiveSession>()
  /** By session id: the joined ones, which a client may resume. */
  private readonly bySession = new Map<string, LiveSession>()
  private readonly sweep: ReturnType<typeof setInterval>
  private readonly origins: readonly string[]
  private readonly maxConnections: number
  private readonly maxPerAddress: number
  /**
   * Open sockets, and how many per client address. Kept here for every adapter, so that `ws` need
   * not track its clients too: its tracking cost each idle socket 170 B (a close listener, its
   * array and a set entry; measured with heap snapshots, docs/architecture.md "Memory per connection").
   */
  private readonly open = new Set<SocketConnection>()
  private readonly socketsByAddress = new Map<string, number>()
  /** The address of the last socket, whose string the next socket from there shares (connect). */
  private lastAddress = ''
  /** Sessions whose page stopped reading, checked until they drain. */
  private readonly lagging = new Set<LiveSession>()
  private lagTimer: ReturnType<typeof setInterval> | undefined
  /** Whether a session's hibernation threw (it is logged once). */
  private hibernationFailed = false
  private readonly redis: RedisSettings | undefined

  constructor(private readonly settings: RuntimeOptions = {}) {
    const options = settings
    const dev = devModeOn(options.dev)
    // A development server restarts on every edit: its pages' tokens and checkpoints must verify in the next process.
    if (dev) useDevelopmentSecret(resolve('.livets', 'dev-secret'))
    this.engine = getEngine()
    this.log = options.logger ?? console
    this.options = {
      retentionMs: options.retentionMs ?? 30_000,
      handlerTimeoutMs: options.handlerTimeoutMs ?? 30_000,
      outbox: DEFAULT_OUTBOX_LIMITS,
      slowReader: { highWater: 1024 * 1024, lowWater: 64 * 1024, timeoutMs: options.slowReaderTimeoutMs ?? 30_000 },
      maxQueuedSteps: options.maxQueuedEvents ?? 1_000,
      dev,
    }
    const url = options.redis ?? (process.env.LIVETS_REDIS_URL || undefined)
    const presenceTtlMs = options.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS
    if (!Number.isInteger(presenceTtlMs) || presenceTtlMs < MIN_PRESENCE_TTL_MS) {
      throw new RangeError(`presenceTtlMs must be a whole number of at least ${MIN_PRESENCE_TTL_MS} ms (a heartbeat renews it every third of it); got ${options.presenceTtlMs}`)
    }
    this.redis = url === undefined ? undefined : { url, presenceTtlMs, checkpointTtlMs: CHECKPOINT_TTL_MS, dev: this.options.dev }
    this.origins = options.origins ?? []
    this.maxConnections = options.maxConnections ?? 100_000
    this.maxPerAddress = options.maxConnectionsPerAddress ?? 1_000
    const hibernateAfterMs = options.hibernateAfterMs ?? DEFAULT_HIBERNATE_AFTER_MS
    if (!Number.isInteger(hibernateAfterMs) || hibernateAfterMs < 0) {
      throw new RangeError(`hibernateAfterMs must be a whole number of milliseconds, 0 to turn hibernation off; got ${options.hibernateAfterMs}`)
    }
    // A session hibernates within a third of hibernateAfterMs after it: at most 20 s idle by default.
    const sweepMs = hibernateAfterMs > 0 ? Math.min(SWEEP_INTERVAL_MS, Math.max(100, Math.floor(hibernateAfterMs / 3))) : SWEEP_INTERVAL_MS
    this.sweep = setInterval(() => {
      this.closeExpired()
      if (hibernateAfterMs > 0) this.hibernateIdle(Date.now() - hibernateAfterMs)
    }, sweepMs)
    this.sweep.unref()
    if (this.options.dev) {
      this.stats = new SessionStats()
      this.devTools = devApp(this.stats, () => this.engine.stats(0)[2])
      this.devReload = new DevReload(options.watch)
      const pageErrors = new PageErrors(this.devReload, (connection) => this.byConnection.get(connection)?.pageId)
      this.devReload.currentError = (page) => pageErrors.current(page)
      this.pageErrors = pageErrors
    }
  }

  /**
   * Joins the process's hub (and, with Redis, the other processes) and picks the session store.
   * Throws, saying what to set, when this process cannot share with the others (shared-secret.ts).
   */
  async start(): Promise<void> {
    try {
      requireSharedSecret(this.redis?.url, sharedSecretFingerprint() !== undefined)
      const backplane = await processHub.attach(this, this.redis, this.log)
      const seal = engineSeal(this.engine)
      const file = this.settings.sessionFile === undefined ? resolve('.livets', 'sessions.json') : this.settings.sessionFile
      const dataFile = this.settings.dataFile === undefined ? resolve('.livets', 'data.json') : this.settings.dataFile
      this.store = this.settings.sessionStore ?? backplane.sessionStore(seal) ?? new MemorySessionStore({ file, dataFile, ttlMs: CHECKPOINT_TTL_MS, seal, log: this.log })
    } catch (error) {
      clearInterval(this.sweep)
      this.stopDevTools()
      throw error
    }
  }

  /** The long-poll fallback's links (long-poll.ts), for pages whose WebSocket cannot connect. */
  readonly longPoll = new LongPollServer(this)

  /** HubRuntime: the session of a connection, to hand it a broadcast or a presence diff. */
  recipient(connection: string): Recipient | undefined { return this.byConnection.get(connection) }

  /** Development only: the sessions page and what it shows, and the reload on restart or change. */
  readonly devTools: { fetch: Fetch } | undefined
  readonly devReload: DevReload | undefined
  private readonly stats: SessionStats | undefined
  private readonly pageErrors: PageErrors | undefined

  private stopDevTools(): void {
    this.stats?.stop()
    this.pageErrors?.stop()
    this.devReload?.close()
  }

  /** Live sessions with a socket. */
  get size(): number {
    let attached = 0
    for (const session of this.byConnection.values()) if (session.attached) attached++
    return attached
  }

  /**
   * Whether a WebSocket upgrade may go on: null, or the reason to refuse it with 403 (logged once
   * here). Every adapter asks before upgrading.
   */
  refuseUpgrade(origin: string | null | undefined, host: string | null | undefined, address = ''): { status: number; reason: string } | null {
    const problem = originProblem(origin, host, this.origins)
    if (problem) {
      this.log.warn(`[livets] live socket refused (403): ${problem}`)
      return { status: 403, reason: problem }
    }
    if (this.open.size >= this.maxConnections) return { status: 503, reason: `this process holds its maximum of ${this.maxConnections} live sockets` }
    if ((this.socketsByAddress.get(address) ?? 0) >= this.maxPerAddress) return { status: 429, reason: `${address} holds the maximum of ${this.maxPerAddress} live sockets per address` }
    return null
  }

  /**
   * A socket opened (from `address`; `headers`: its upgrade request's, see upgradeHeaders): returns
   * what the adapter tells about its messages and its close.
   */
  connect(socket: RawSocket, address = '', headers?: Record<string, string>): SocketConnection {
    // Sockets mostly come from few addresses (a proxy's, a NAT's): the connection keeps the string
    // the previous socket from there kept, rather than its own copy of it.
    if (address === this.lastAddress) address = this.lastAddress
    else this.lastAddress = address
    this.socketsByAddress.set(address, (this.socketsByAddress.get(address) ?? 0) + 1)
    const connection = new SocketConnection(this, socket, address, headers)
    this.open.add(connection)
    connectionsChanged()
    if (channels.connect.hasSubscribers) channels.connect.publish({ connection: connection.session.id, address })
    return connection
  }

  /** @internal A socket closed. */
  disconnected(connection: SocketConnection): void {
    if (!this.open.delete(connection)) return
    connectionsChanged()
    const address = connection.address
    const left = (this.socketsByAddress.get(address) ?? 1) - 1
    if (left > 0) this.socketsByAddress.set(address, left)
    else this.socketsByAddress.delete(address)
  }

  watchLagging(session: LiveSession): void {
    this.lagging.add(session)
    this.lagTimer ??= setInterval(() => {
      const now = Date.now()
      for (const lagging of this.lagging) if (!lagging.checkLagging(now)) this.lagging.delete(lagging)
      if (this.lagging.size === 0) { clearInterval(this.lagTimer); this.lagTimer = undefined }
    }, 50)
    this.lagTimer.unref?.()
  }

  /** @internal */
  register(session: LiveSession): void { this.byConnection.set(session.id, session) }

  find(sessionId: string): LiveSession | undefined { return this.bySession.get(sessionId) }

  claim(session: LiveSession): void { this.bySession.set(session.sessionId, session) }

  forget(session: LiveSession): void {
    this.byConnection.delete(session.id)
    if (this.bySession.get(session.sessionId) === session) {
      this.bySession.delete(session.sessionId)
      // A session whose view never mounted and rendered leaves the checkpoint it came for: its page comes back for it.
      if (session.wentLive) this.store.release(session.sessionId)
    }
  }

  /** Ends sessions whose client did not come back in time, and closes sockets that missed their heartbeat. */
  closeExpired(): void {
    for (const id of this.engine.expired()) {
      const session = this.byConnection.get(id)
      if (!session) this.engine.close(id)
      else if (session.detached) session.end()
      else if (!session.joined) session.close(CLOSE_NOT_JOINED, 'no JOIN in time after the socket opened')
      else session.close(CLOSE_HEARTBEAT_TIMEOUT, 'heartbeat timeout')
    }
  }

  /**
   * Sessions whose last step started before `idleSince` hibernate (sessions/hibernation.ts); each is
   * looked at once per idle spell. It runs in a timer, where a throw would end the process: a
   * session whose hibernation throws (a getter in its state) stays awake, and the first such
   * failure is logged.
   */
  private hibernateIdle(idleSince: number): void {
    for (const session of this.byConnection.values()) {
      try {
        session.hibernateIfIdle(idleSince)
      } catch (error) {
        if (this.hibernationFailed) continue
        this.hibernationFailed = true
        this.log.error(`[livets] ${session.viewName} ${session.id}: hibernation failed, the session stays awake (logged once per process)`, error)
      }
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
  async shutdown(deadlineMs = this.options.dev ? DEV_DRAIN_MS : DRAIN_MS): Promise<void> {
    clearInterval(this.sweep)
    this.stopDevTools()
    const sessions = [...this.byConnection.values()]
    this.byConnection.clear()
    this.bySession.clear()
    // The sockets close only once the checkpoints are durable: a page that reconnects at once to
    // another process must find its last state there.
    const closes: Array<() => void> = []
    this.heldCloses = closes
    await Promise.all(sessions.map((session) => session.drain(deadlineMs, CLOSE_SERVICE_RESTART)))
    await this.store.flush()
    releaseStorage(this.store)
    this.heldCloses = undefined
    for (const close of closes) close()
    await processHub.detach(this)
    this.longPoll.close()
  }

  /** The sockets still open, for an adapter's terminate() to drop after shutdown() closed them (a client may not answer the close). */
  openSockets(): RawSocket[] { return [...this.open].map((connection) => connection.raw) }

  /** @internal During shutdown: socket closes wait here until the checkpoints are written. */
  heldCloses: Array<() => void> | undefined
}

/** The adapter's socket: what LiveTS sends and closes, and how much it has not sent yet. */
export interface RawSocket {
  send(frame: Uint8Array): unknown
  close(code: number, reason: string): void
  /** `ws` and the standard WebSocket (Deno) */
  readonly bufferedAmount?: number
  /** Bun's ServerWebSocket */
  getBufferedAmount?(): number
}

/**
 * One socket as the adapter sees it: a class, not closures, so an idle connection stays small.
 * It belongs to one session at a time; a resume hands it to the session it resumes.
 */
export class SocketConnection implements SessionSocket {
  session: LiveSession

  constructor(private readonly runtime: LiveRuntime, readonly raw: RawSocket, readonly address: string, readonly headers?: Record<string, string>) {
    this.session = new LiveSession(runtime, this)
    runtime.register(this.session)
  }

  send(frame: Uint8Array): void {
    this.raw.send(frame)
    if (channels.send.hasSubscribers) channels.send.publish({ connection: this.session.id, bytes: frame.length, direction: 'down' })
  }

  close(code: number, reason: string): void {
    const held = this.runtime.heldCloses
    if (held) held.push(() => this.raw.close(code, reason))
    else this.raw.close(code, reason)
  }

  buffered(): number { return this.raw.getBufferedAmount?.() ?? this.raw.bufferedAmount ?? 0 }

  /** A frame arrived. LiveTS frames are binary; a text frame is a protocol error. */
  message(data: Uint8Array | string): void {
    const session = this.session
    if (typeof data === 'string') {
      this.runtime.log.warn(`[livets] closing connection ${session.id}: text frame (LiveTS frames are binary)`)
      session.close(CLOSE_PROTOCOL_ERROR, 'text frames are not LiveTS frames')
      return
    }
    if (channels.send.hasSubscribers) channels.send.publish({ connection: session.id, bytes: data.length, direction: 'up' })
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
  closed(code: number): void {
    this.runtime.disconnected(this)
    if (channels.disconnect.hasSubscribers) channels.disconnect.publish({ connection: this.session.id, address: this.address, code })
    this.session.socketClosed(this, code !== CLOSE_ABNORMAL)
  }
}

/**
 * What a live navigation asks the app with, from a socket's upgrade request (docs/navigation.md):
 * its cookie and authorization, so the app's middleware sees the same user as for a page load.
 * Undefined when it has neither (an idle socket then carries nothing more).
 */
export function upgradeHeaders(get: (name: string) => string | null | undefined): Record<string, string> | undefined {
  let headers: Record<string, string> | undefined
  for (const name of ['cookie', 'authorization']) {
    const value = get(name)
    if (value) (headers ??= {})[name] = value
  }
  return headers
}
