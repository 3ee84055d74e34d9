// Bun's own floor: Bun.serve's WebSocket echoing each message (S1) or holding the socket (S0),
// against which livets/bun is measured in the same run. /_bench/gc as the LiveTS server has it.
import { collectGarbage } from './gc.ts'

declare const Bun: { serve(options: unknown): { port: number } }
let open = 0
const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: '127.0.0.1',
  async fetch(request: Request, srv: { upgrade(request: Request): boolean }) {
    if (new URL(request.url).pathname === '/_bench/gc') {
      await collectGarbage()
      const memory = process.memoryUsage()
      return Response.json({ connections: open, jsHeap: memory.heapUsed, rss: memory.rss })
    }
    return srv.upgrade(request) ? undefined : new Response('not found', { status: 404 })
  },
  websocket: {
    open() { open++ },
    message(ws: { send(data: string | Uint8Array): void }, message: string | Uint8Array) { ws.send(message) },
    close() { open-- },
  },
})
console.log(`listening on http://127.0.0.1:${server.port}`)
process.on('SIGTERM', () => process.exit(0))
