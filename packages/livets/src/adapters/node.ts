// livets/node: serve a Hono app with live views on Node.js. Hono answers HTTP; live sockets are
// accepted by the `ws` server on the same port, and each frame goes to the engine synchronously
// (docs/design.md §2.2). `ws` is used directly rather than through @hono/node-ws because the helper keeps
// each upgrade's Hono Context alive for the socket's lifetime (measured in docs/architecture.md).
import type { Hono } from 'hono'
import { serve as serveHttp } from '@hono/node-server'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { AddressInfo } from 'node:net'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { CLIENT_PATH, LiveRuntime, SOCKET_PATH, clientScript, type SocketConnection } from '../runtime.ts'
import type { Logger } from '../session.ts'
import { DevReload, devModeOn } from '../dev/reload.ts'
import { getEngine } from '../engine.ts'

export interface ServeOptions {
  /** Port to listen on; 0 picks a free one (read it from the result). Default 3000. */
  port?: number
  /** Default 127.0.0.1; use 0.0.0.0 to accept other machines. */
  hostname?: string
  logger?: Logger
  /**
   * Development mode: pages reload when the server restarts and when a watched file changes
   * (stylesheets are swapped in place). Default: on unless NODE_ENV is production.
   */
  dev?: boolean
  /** In development mode, files and folders whose changes reach open pages (e.g. the built CSS). */
  watch?: string[]
}

export interface LiveServer {
  port: number
  /** Live connections open now. */
  readonly connections: number
  /** Closes every live connection but keeps serving: clients reconnect and mount afresh. */
  closeConnections(): void
  /** Stops listening and closes every live connection (clients are told to reconnect). */
  close(): Promise<void>
}

const CONNECTION = Symbol('livets.connection')
type LiveSocket = WebSocket & { [CONNECTION]: SocketConnection }

function onMessage(this: LiveSocket, data: RawData, isBinary: boolean): void {
  if (!isBinary) this[CONNECTION].message(data.toString())
  else this[CONNECTION].message(data instanceof Buffer ? data : Buffer.concat(data as Buffer[]))
}
function onClose(this: LiveSocket): void { this[CONNECTION].closed() }
function onError(this: LiveSocket): void { this.terminate() }

/** Bytes ws buffers before giving up (1009); the engine's own 64 KiB limit applies below it and logs. */
const SOCKET_MAX_PAYLOAD = 1024 * 1024

export async function serve(app: Hono<any>, options: ServeOptions = {}): Promise<LiveServer> {
  // Load (or build) the engine now: a machine without one fails at start, saying what to install,
  // rather than on the first request.
  getEngine()
  const script = clientScript()
  const runtime = new LiveRuntime(options.logger)
  const wss = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD })
  const dev = devModeOn(options.dev) ? new DevReload(options.watch) : undefined

  app.get(CLIENT_PATH, (c) => c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))

  const server = await new Promise<ReturnType<typeof serveHttp>>((resolve, reject) => {
    const s = serveHttp({ fetch: dev ? dev.wrap(app.fetch) : app.fetch, port: options.port ?? 3000, hostname: options.hostname ?? '127.0.0.1' }, () => resolve(s))
    s.once('error', reject)
  })
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // ws has the send(frame) and close(code, reason) a session needs; the handlers are shared
      // functions that find the connection on the socket, not closures made per connection.
      const live = ws as LiveSocket
      live[CONNECTION] = runtime.connect(ws)
      live.on('message', onMessage as (this: WebSocket, data: RawData, isBinary: boolean) => void)
      live.on('close', onClose as (this: WebSocket) => void)
      live.on('error', onError as (this: WebSocket) => void)
    })
  })
  const port = (server.address() as AddressInfo).port

  return {
    port,
    get connections() { return runtime.size },
    closeConnections: () => runtime.closeSessions(),
    close: () => new Promise<void>((resolve) => {
      runtime.stop()
      dev?.close()
      for (const ws of wss.clients) ws.terminate()
      server.close(() => resolve())
      ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
    }),
  }
}
