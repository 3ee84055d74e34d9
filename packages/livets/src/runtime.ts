// What every runtime adapter shares: the live sessions of one server, the heartbeat sweep,
// and the client bundle. Adapters (adapters/node.ts, later Bun and Deno) only move bytes.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { CLOSE_GOING_AWAY, CLOSE_HEARTBEAT_TIMEOUT, CLOSE_PROTOCOL_ERROR } from '@livets/client/protocol'
import { getEngine } from './engine.ts'
import { LiveSession, type Logger, type SessionSocket } from './session.ts'

export { CLIENT_PATH } from './page.ts'
export const SOCKET_PATH = '/_livets/ws'
const SWEEP_INTERVAL_MS = 5_000

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

/** The live connections of one server. */
export class LiveRuntime {
  private readonly sessions = new Map<string, LiveSession>()
  private readonly sweep: ReturnType<typeof setInterval>

  constructor(private readonly log: Logger = console) {
    this.sweep = setInterval(() => this.closeExpired(), SWEEP_INTERVAL_MS)
    this.sweep.unref()
  }

  get size(): number { return this.sessions.size }

  /** A socket opened: returns what the adapter tells about its messages and its close. */
  connect(socket: SessionSocket): SocketConnection {
    const session = new LiveSession(getEngine(), socket, this.log)
    this.sessions.set(session.id, session)
    return new SocketConnection(this, session)
  }

  /** @internal The socket of a session closed. */
  forget(session: LiveSession): void {
    session.closedBySocket()
    this.sessions.delete(session.id)
  }

  /** @internal */
  get logger(): Logger { return this.log }

  /** Closes connections that missed their heartbeat deadline. */
  closeExpired(): void {
    for (const id of getEngine().expired()) {
      const session = this.sessions.get(id)
      this.sessions.delete(id)
      if (session) session.close(CLOSE_HEARTBEAT_TIMEOUT, 'heartbeat timeout')
      else getEngine().close(id)
    }
  }

  /** Closes every live connection with 1001: clients reconnect (a restart, a deploy). */
  closeSessions(): void {
    for (const session of this.sessions.values()) session.close(CLOSE_GOING_AWAY, 'server going away')
    this.sessions.clear()
  }

  /** Server shutdown. */
  stop(): void {
    clearInterval(this.sweep)
    this.closeSessions()
  }
}

/** One socket as the adapter sees it: a class, not closures, so an idle connection stays small. */
export class SocketConnection {
  constructor(private readonly runtime: LiveRuntime, private readonly session: LiveSession) {}

  /** A frame arrived. LiveTS frames are binary; a text frame is a protocol error. */
  message(data: Uint8Array | string): void {
    const { session, runtime } = this
    if (typeof data === 'string') {
      runtime.logger.warn(`[livets] closing connection ${session.id}: text frame (LiveTS frames are binary)`)
      session.close(CLOSE_PROTOCOL_ERROR, 'text frames are not LiveTS frames')
      return
    }
    session.receive(data).catch((error) => runtime.logger.error(`[livets] connection ${session.id} failed`, error))
  }

  /** The socket closed, from either side. */
  closed(): void { this.runtime.forget(this.session) }
}
