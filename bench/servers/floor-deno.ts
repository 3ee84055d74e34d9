// Deno's own floor: Deno.upgradeWebSocket echoing each message (S1) or holding the socket (S0),
// against which livets/deno is measured in the same run. /_bench/gc as the LiveTS server has it.
import { collectGarbage } from './gc.ts'

declare const Deno: {
  serve(options: { port: number; hostname: string; onListen(addr: { port: number }): void }, handler: (request: Request) => Response | Promise<Response>): unknown
  upgradeWebSocket(request: Request): { socket: WebSocket; response: Response }
}
let open = 0
Deno.serve({ port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1', onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`) }, async (request) => {
  if (new URL(request.url).pathname === '/_bench/gc') {
    await collectGarbage()
    const memory = process.memoryUsage()
    return Response.json({ connections: open, jsHeap: memory.heapUsed, rss: memory.rss })
  }
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('not found', { status: 404 })
  const { socket, response } = Deno.upgradeWebSocket(request)
  socket.binaryType = 'arraybuffer'
  socket.onopen = () => { open++ }
  socket.onmessage = (event) => socket.send(event.data)
  socket.onclose = () => { open-- }
  return response
})
process.on('SIGTERM', () => process.exit(0))
