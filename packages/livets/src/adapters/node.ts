// livets/node: serve a Hono app with live views on Node.js. Hono answers HTTP; live sockets are
// accepted by the `ws` server on the same port, and each frame goes to the engine synchronously
// (docs/design.md §2.2). `ws` is used directly rather than through @hono/node-ws because the helper
// keeps each upgrade's Hono Context alive for the socket's lifetime (measured in docs/architecture.md).
import type { Hono } from 'hono'
import { serve as serveHttp } from '@hono/node-server'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { AddressInfo } from 'node:net'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { LiveRuntime, SOCKET_PATH, clientScript, upgradeHeaders, withClientScript, type SocketConnection } from '../runtime.ts'
import { DEFAULT_HOSTNAME, DEFAULT_PORT, listening, liveServer, type LiveServer, type ServeOptions } from '../server.ts'

export type { LiveServer, ServeOptions } from '../server.ts'

const CONNECTION = Symbol('livets.connection')
type LiveSocket = WebSocket & { [CONNECTION]: SocketConnection }

function onMessage(this: LiveSocket, data: RawData, isBinary: boolean): void {
  if (!isBinary) this[CONNECTION].message(data.toString())
  else this[CONNECTION].message(data instanceof Buffer ? data : Buffer.concat(data as Buffer[]))
}
function onClose(this: LiveSocket, code: number): void { this[CONNECTION].closed(code) }
function onError(this: LiveSocket): void { this.terminate() }

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 429: 'Too Many Requests', 503: 'Service Unavailable' }

/** Bytes ws buffers before giving up (1009); the engine's own 64 KiB limit applies below it and logs. */
const SOCKET_MAX_PAYLOAD = 1024 * 1024

export async function serve(app: Hono<any>, options: ServeOptions = {}): Promise<LiveServer> {
  const runtime = new LiveRuntime(options)
  await runtime.start()
  // The runtime tracks the open sockets (for terminate), so ws does not (clientTracking).
  const wss = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD, clientTracking: false })
  const fetch = withClientScript(app, clientScript(), runtime, (_request, env?: { incoming?: IncomingMessage }) => env?.incoming?.socket.remoteAddress ?? '')
  const server = await listening(runtime, () => new Promise<ReturnType<typeof serveHttp>>((resolve, reject) => {
    const s = serveHttp({ fetch, port: options.port ?? DEFAULT_PORT, hostname: options.hostname ?? DEFAULT_HOSTNAME }, () => resolve(s))
    s.once('error', reject)
  }))
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const address = request.socket.remoteAddress ?? ''
    const refused = runtime.refuseUpgrade(request.headers.origin, request.headers.host, address)
    if (refused) {
      socket.end(`HTTP/1.1 ${refused.status} ${STATUS_TEXT[refused.status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // ws has the send(frame) and close(code, reason) a session needs; the handlers are shared
      // functions that find the connection on the socket, not closures made per connection.
      const live = ws as LiveSocket
      live[CONNECTION] = runtime.connect(ws, address, upgradeHeaders((name) => request.headers[name] as string | undefined))
      live.on('message', onMessage as (this: WebSocket, data: RawData, isBinary: boolean) => void)
      live.on('close', onClose as (this: WebSocket, code: number) => void)
      live.on('error', onError as (this: WebSocket) => void)
    })
  })
  return liveServer(runtime, {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    terminate: () => {
      for (const ws of runtime.openSockets()) (ws as WebSocket).terminate()
      ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
    },
  }, options)
}
