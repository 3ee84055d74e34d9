// The physical floor: a bare `ws` server doing the least work a scenario allows — it echoes each
// message (S1), holds the socket (S0), or sends each message on a /fanout socket to every /fanout
// socket (S4). /_bench/gc mirrors the LiveTS server's endpoint. WORKERS runs it as that many
// node:cluster workers on one port, the layout livets/cluster gives the LiveTS app (S0-max compares
// the two with the same number of processes).
import cluster from 'node:cluster'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { collectGarbage } from './gc.ts'

const workers = Number(process.env.WORKERS ?? 0)
if (workers > 0 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork()
  process.on('SIGTERM', () => { for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM'); process.exit(0) })
} else serveFloor()

function serveFloor(): void {
  const http = createServer(async (request, response) => {
    if (request.url === '/_bench/gc') {
      await collectGarbage()
      const memory = process.memoryUsage()
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ pid: process.pid, connections: wss.clients.size, jsHeap: memory.heapUsed, jsHeapCommitted: memory.heapTotal, rss: memory.rss }))
      return
    }
    response.statusCode = 404
    response.end()
  })
  const wss = new WebSocketServer({ server: http })
  const fanout = new Set<import('ws').WebSocket>()
  wss.on('connection', (socket, request) => {
    if (request.url === '/fanout') {
      fanout.add(socket)
      socket.on('close', () => fanout.delete(socket))
      socket.on('message', (data, isBinary) => { for (const member of fanout) member.send(data, { binary: isBinary }) })
      return
    }
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }))
  })
  http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`)
  })
  process.on('SIGTERM', () => process.exit(0))
}
