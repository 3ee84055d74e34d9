// The cross-process peer of the S4 fan-out: Socket.IO with @socket.io/redis-adapter, the usual way
// to broadcast to a room whose members are spread over several Node processes. A member joins the
// room when it connects; a 'send' from one is emitted to the room on every process, as the message
// itself (Socket.IO renders nothing: the browser would). REDIS_URL shares the room between processes.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { createAdapter } from '@socket.io/redis-adapter'
import { createClient } from '@redis/client'

const http = createServer()
const io = new Server(http, { transports: ['websocket'], serveClient: false })
if (process.env.REDIS_URL) {
  const publisher = createClient({ url: process.env.REDIS_URL })
  const subscriber = publisher.duplicate()
  await Promise.all([publisher.connect(), subscriber.connect()])
  io.adapter(createAdapter(publisher, subscriber))
}
let messages = 0
io.on('connection', (socket) => {
  void socket.join('lobby')
  socket.on('send', (text: string) => { io.to('lobby').emit('message', { id: ++messages, from: 'guest', text }) })
})
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`)
})
process.on('SIGTERM', () => process.exit(0))
