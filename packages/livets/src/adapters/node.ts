// livets/node: serve a Hono app with live views on Node.js. Sockets stay in Node (the `ws` server
// behind @hono/node-ws); each frame goes to the engine synchronously (DESIGN.md §2.2).
import type { Hono } from 'hono'
import { serve as serveHttp } from '@hono/node-server'
import { createNodeWebSocket } from '@hono/node-ws'
import type { AddressInfo } from 'node:net'
import { CLIENT_PATH, LiveRuntime, SOCKET_PATH, clientScript } from '../runtime.ts'
import type { Logger } from '../session.ts'

export interface ServeOptions {
  /** Port to listen on; 0 picks a free one (read it from the result). Default 3000. */
  port?: number
  /** Default 127.0.0.1; use 0.0.0.0 to accept other machines. */
  hostname?: string
  logger?: Logger
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

/** Bytes ws buffers before giving up (1009); the engine's own 64 KiB limit applies below it and logs. */
const SOCKET_MAX_PAYLOAD = 1024 * 1024

export async function serve(app: Hono<any>, options: ServeOptions = {}): Promise<LiveServer> {
  const script = clientScript()
  const runtime = new LiveRuntime(options.logger)
  const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({ app })
  wss.options.maxPayload = SOCKET_MAX_PAYLOAD

  app.get(CLIENT_PATH, (c) => c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))
  app.get(SOCKET_PATH, upgradeWebSocket(() => {
    let connection: ReturnType<LiveRuntime['connect']> | undefined
    return {
      onOpen(_event, ws) {
        connection = runtime.connect({
          send: (frame) => ws.send(frame as Uint8Array<ArrayBuffer>),
          close: (code, reason) => ws.close(code, reason),
        })
      },
      onMessage(event) {
        const data = event.data
        connection?.message(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer))
      },
      onClose() { connection?.closed() },
    }
  }))

  const server = await new Promise<ReturnType<typeof serveHttp>>((resolve, reject) => {
    const s = serveHttp({ fetch: app.fetch, port: options.port ?? 3000, hostname: options.hostname ?? '127.0.0.1' }, () => resolve(s))
    s.once('error', reject)
  })
  injectWebSocket(server)
  const port = (server.address() as AddressInfo).port

  return {
    port,
    get connections() { return runtime.size },
    closeConnections: () => runtime.closeSessions(),
    close: () => new Promise<void>((resolve) => {
      runtime.stop()
      for (const ws of wss.clients) ws.terminate()
      server.close(() => resolve())
      ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
    }),
  }
}
