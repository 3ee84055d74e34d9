// livets/bun: serve a Hono app with live views on Bun. Bun.serve answers HTTP through Hono and
// upgrades the live socket itself; its websocket handlers are defined once for the server, and
// each socket carries its connection in `ws.data` (docs/design.md §2.2).
import type { Hono } from 'hono'
import { LiveRuntime, SOCKET_PATH, clientScript, upgradeHeaders, withClientScript, type SocketConnection } from '../runtime.ts'
import { DEFAULT_HOSTNAME, DEFAULT_PORT, listening, liveServer, type LiveServer, type ServeOptions } from '../server.ts'

export type { LiveServer, ServeOptions } from '../server.ts'

/** The part of Bun's ServerWebSocket LiveTS uses. */
interface BunSocket {
  data: { address: string; headers?: Record<string, string>; connection?: SocketConnection }
  send(data: Uint8Array): number
  close(code?: number, reason?: string): void
  getBufferedAmount(): number
}

interface BunServer {
  port: number
  requestIP(request: Request): { address: string } | null
  upgrade(request: Request, options: { data: BunSocket['data'] }): boolean
  stop(closeActiveConnections?: boolean): Promise<void>
}

declare const Bun: {
  serve(options: {
    port: number
    hostname: string
    fetch(request: Request, server: BunServer): Response | Promise<Response> | undefined
    websocket: {
      maxPayloadLength: number
      open(ws: BunSocket): void
      message(ws: BunSocket, message: string | Uint8Array): void
      close(ws: BunSocket, code: number): void
    }
  }): BunServer
}

/** Bytes Bun accepts in one message before closing (1009); the engine's own 64 KiB limit applies below it and logs. */
const SOCKET_MAX_PAYLOAD = 1024 * 1024

export async function serve(app: Hono<any>, options: ServeOptions = {}): Promise<LiveServer> {
  if (typeof Bun === 'undefined') throw new Error('livets/bun runs on Bun; on Node.js import { serve } from "livets/node"')
  const runtime = new LiveRuntime(options)
  await runtime.start()
  const fetch = withClientScript(app, clientScript(), runtime, (request, bun: BunServer) => bun.requestIP(request)?.address ?? '')
  const server = await listening(runtime, async () => Bun.serve({
    port: options.port ?? DEFAULT_PORT,
    hostname: options.hostname ?? DEFAULT_HOSTNAME,
    fetch(request, bun) {
      if (new URL(request.url).pathname === SOCKET_PATH) {
        const address = bun.requestIP(request)?.address ?? ''
        const refused = runtime.refuseUpgrade(request.headers.get('origin'), request.headers.get('host'), address)
        if (refused) return new Response(null, { status: refused.status })
        if (bun.upgrade(request, { data: { address, headers: upgradeHeaders((name) => request.headers.get(name)) } })) return undefined
        return new Response('expected a WebSocket upgrade', { status: 400 })
      }
      return fetch(request, bun)
    },
    websocket: {
      maxPayloadLength: SOCKET_MAX_PAYLOAD,
      open(ws) {
        ws.data.connection = runtime.connect(ws, ws.data.address, ws.data.headers)
      },
      message(ws, message) { ws.data.connection!.message(message) },
      close(ws, code) {
        ws.data.connection!.closed(code)
      },
    },
  }))
  return liveServer(runtime, {
    port: server.port,
    stop: () => server.stop(false),
    terminate: () => { for (const ws of runtime.openSockets()) (ws as BunSocket).close(); void server.stop(true) },
  }, options)
}
