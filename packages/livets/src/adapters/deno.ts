// livets/deno: serve a Hono app with live views on Deno. Deno.serve answers HTTP through Hono;
// the live socket is upgraded with Deno.upgradeWebSocket and its frames go to the engine
// synchronously (docs/design.md §2.2). Permissions: docs/runtimes.md.
import type { Hono } from 'hono'
import { LiveRuntime, SOCKET_PATH, clientScript, upgradeHeaders, withClientScript } from '../runtime.ts'
import { DEFAULT_HOSTNAME, DEFAULT_PORT, listening, liveServer, type LiveServer, type ServeOptions } from '../server.ts'

export type { LiveServer, ServeOptions } from '../server.ts'

interface DenoServer { finished: Promise<void>; shutdown(): Promise<void>; addr: { port: number } }

declare const Deno: {
  serve(options: { port: number; hostname: string; onListen?(addr: { port: number }): void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>): DenoServer
  upgradeWebSocket(request: Request): { socket: WebSocket; response: Response }
}

export async function serve(app: Hono<any>, options: ServeOptions = {}): Promise<LiveServer> {
  if (typeof Deno === 'undefined') throw new Error('livets/deno runs on Deno; on Node.js import { serve } from "livets/node"')
  const runtime = new LiveRuntime(options)
  await runtime.start()
  const fetch = withClientScript(app, clientScript(), runtime, (_request, info: { remoteAddr: { hostname: string } }) => info.remoteAddr.hostname)
  let listened: (port: number) => void
  const port = new Promise<number>((resolve) => { listened = resolve })
  const server = await listening(runtime, async () => Deno.serve({ port: options.port ?? DEFAULT_PORT, hostname: options.hostname ?? DEFAULT_HOSTNAME, onListen: ({ port }) => listened(port) }, (request, info) => {
    if (new URL(request.url).pathname !== SOCKET_PATH) return fetch(request, info)
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('expected a WebSocket upgrade', { status: 400 })
    const address = info.remoteAddr.hostname
    const refused = runtime.refuseUpgrade(request.headers.get('origin'), request.headers.get('host'), address)
    if (refused) return new Response(null, { status: refused.status })
    // Read before the upgrade: once upgraded, Deno's request refuses to give its headers ("Request closed").
    const headers = upgradeHeaders((name) => request.headers.get(name))
    const { socket, response } = Deno.upgradeWebSocket(request)
    socket.binaryType = 'arraybuffer'
    // A standard WebSocket: its send(frame), close(code, reason) and bufferedAmount are what a session needs.
    const connection = runtime.connect(socket, address, headers)
    socket.onmessage = (event) => connection.message(typeof event.data === 'string' ? event.data : new Uint8Array(event.data as ArrayBuffer))
    socket.onclose = (event) => connection.closed(event.code)
    return response
  }))
  return liveServer(runtime, {
    port: await port,
    stop: () => server.shutdown(),
    terminate: () => { for (const socket of runtime.openSockets()) (socket as WebSocket).close() },
  }, options)
}
