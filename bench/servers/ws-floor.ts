// The physical floor: a bare `ws` server doing the least work a scenario allows — it echoes each
// message (S1), holds the socket (S0), or sends each message on a /fanout socket to every /fanout
// socket (S4). /_bench/gc mirrors the LiveTS server's endpoint.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { collectGarbage } from './gc.ts'

const http = createServer(async (request, response) => {
  if (request.url === '/_bench/gc') {
    await collectGarbage()
    const memory = process.memoryUsage()
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({ connections: wss.clients.size, jsHeap: memory.heapUsed, jsHeapCommitted: memory.heapTotal, rss: memory.rss }))
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
