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
import { CLOSE_GOING_AWAY } from '@livets/client/protocol'
import { LiveRuntime, SOCKET_PATH, clientScript, withClientScript, type RuntimeOptions, type SocketConnection } from '../runtime.ts'

export interface ServeOptions extends RuntimeOptions {
  /** Port to listen on; 0 picks a free one (read it from the result). Default 3000. */
  port?: number
  /** Default 127.0.0.1; use 0.0.0.0 to accept other machines. */
  hostname?: string
  /**
   * Shut down gracefully on SIGTERM and SIGINT (finish events, save checkpoints, tell pages to
   * reconnect), then exit. Default true; set false when your app handles signals itself.
   */
  handleSignals?: boolean
}

export interface LiveServer {
  port: number
  /** Live connections open now. */
  readonly connections: number
  /** Closes every socket (1001); each page reconnects and resumes its session. */
  closeConnections(): void
  /** Graceful shutdown: stops listening, finishes the events under way, saves checkpoints, closes every socket with 1012. */
  close(): Promise<void>
}

const CONNECTION = Symbol('livets.connection')
type LiveSocket = WebSocket & { [CONNECTION]: SocketConnection }

function onMessage(this: LiveSocket, data: RawData, isBinary: boolean): void {
  if (!isBinary) this[CONNECTION].message(data.toString())
  else this[CONNECTION].message(data instanceof Buffer ? data : Buffer.concat(data as Buffer[]))
}
function onClose(this: LiveSocket, code: number): void { this[CONNECTION].closed(code) }
function onError(this: LiveSocket): void { this.terminate() }

/** Bytes ws buffers before giving up (1009); the engine's own 64 KiB limit applies below it and logs. */
const SOCKET_MAX_PAYLOAD = 1024 * 1024

export async function serve(app: Hono<any>, options: ServeOptions = {}): Promise<LiveServer> {
  const script = clientScript()
  const runtime = new LiveRuntime(options)
  await runtime.start()
  const wss = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD })

  const fetch = withClientScript(app, script)
  let server: ReturnType<typeof serveHttp>
  try {
    server = await new Promise<ReturnType<typeof serveHttp>>((resolve, reject) => {
      const s = serveHttp({ fetch, port: options.port ?? 3000, hostname: options.hostname ?? '127.0.0.1' }, () => resolve(s))
      s.once('error', reject)
    })
  } catch (error) {
    await runtime.shutdown() // leaves the other processes (Redis) as it joined them
    throw error
  }
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
      live.on('close', onClose as (this: WebSocket, code: number) => void)
      live.on('error', onError as (this: WebSocket) => void)
    })
  })
  const port = (server.address() as AddressInfo).port

  let closing: Promise<void> | undefined
  let signalled = false
  const close = (): Promise<void> => closing ??= (async () => {
    // After a signal the listeners stay: a second signal (SIGINT from a terminal reaches a cluster's
    // workers and its primary, which passes it on) must not end the process in the middle of draining.
    if (!signalled) {
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
    }
    // Stop accepting first, so that no new page or socket arrives while the others drain.
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
    await runtime.shutdown()
    for (const ws of wss.clients) ws.terminate()
    ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
    await stopped
  })()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return
    signalled = true
    runtime.log.warn(`[livets] ${signal}: shutting down gracefully`)
    void close().then(() => process.exit(0), (error) => { runtime.log.error('[livets] shutdown failed', error); process.exit(1) })
  }
  if (options.handleSignals ?? true) {
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  }

  return {
    port,
    get connections() { return runtime.size },
    closeConnections: () => runtime.closeSockets(CLOSE_GOING_AWAY),
    close,
  }
}
