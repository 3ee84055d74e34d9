// The client side of S0-max: as many idle WebSocket connections as the machine holds, each kept
// alive with heartbeats the way the browser client sends them. It runs as its own process (forked
// by bench/scenarios/max-connections.ts, on the load core, with a large heap and fd limit) and is
// driven over IPC: "open up to N", "measure heartbeats for S seconds", "close".
//
// A connection here is a bare net.Socket speaking just enough WebSocket (one upgrade request, masked
// client frames, unmasked server frames) — `ws` or LiveClient would cost the client several KB per
// connection, and at a million connections the client's memory is what runs out first.
// Each socket binds to one of many loopback source addresses (127.0.0.0/8): one address has about
// 28,000 ephemeral ports, so a million connections need dozens of them.
import net from 'node:net'
import { FRAME_HEARTBEAT_ACK, encodeHeartbeat, encodeJoin } from '@livets/client/protocol'
import { pageToken } from 'livets/testing'
import { summarize, latencyMs } from '../lib/stats.ts'

/** What the parent asks. */
export type SwarmCommand =
  | { kind: 'configure'; url: string; system: 'livets' | 'floor'; path: string; heartbeatMs: number }
  | { kind: 'open'; target: number }
  | { kind: 'measure'; seconds: number }
  | { kind: 'close' }

/** What the swarm answers. */
export type SwarmReport =
  | { kind: 'opened'; open: number; failed: number; lastError?: string; seconds: number }
  | { kind: 'measured'; open: number; heartbeats: number; lost: number; latencyMs: ReturnType<typeof latencyMs> }
  | { kind: 'closed' }

const PORTS_PER_ADDRESS = 25_000 // below the 28,232 ephemeral ports of the default range, with room for the rest of the machine
const IN_FLIGHT = 256            // handshakes at once: the server's listen backlog is 511, and a busy server accepts late

let url: URL
let system: 'livets' | 'floor' = 'livets'
let path = '/'
let heartbeatMs = 30_000
let token = ''

/** The connections, by index; a socket knows its index, its handshake state and its last heartbeat's send time. */
interface SwarmSocket extends net.Socket { index: number; upgraded: boolean; joined: boolean; settled: boolean }
const sockets: SwarmSocket[] = []
let sentAt = new Float64Array(1 << 20)
let failed = 0
let lastError: string | undefined
let latencies: number[] | undefined
let heartbeatsAcked = 0

/** A client frame: FIN + binary, masked with a zero key (valid, and the payload stays as it is). */
function clientFrame(payload: Uint8Array): Buffer {
  if (payload.length > 0xffff) throw new Error('swarm frames are short')
  const head = payload.length < 126 ? [0x82, 0x80 | payload.length] : [0x82, 0x80 | 126, payload.length >> 8, payload.length & 0xff]
  return Buffer.concat([Buffer.from([...head, 0, 0, 0, 0]), payload])
}
const HEARTBEAT = clientFrame(encodeHeartbeat(0))
const FLOOR_PING = clientFrame(Uint8Array.of(0x61))

function upgradeRequest(): Buffer {
  return Buffer.from(`GET ${system === 'livets' ? '/_livets/ws' : path} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n')
}

// Shared handlers (this = the socket): no closures per connection.
function onData(this: SwarmSocket, data: Buffer): void {
  let at = 0
  if (!this.upgraded) {
    const end = data.indexOf('\r\n\r\n')
    if (end < 0) return // the 101 response arrives in one packet on loopback; a split one is not worth handling
    this.upgraded = true
    at = end + 4
    if (system === 'livets') this.write(clientFrame(encodeJoin({ token })))
    else { this.joined = true; settle(this) }
  }
  // Server frames: FIN+opcode, then a 7-bit length (or 126 + 16 bits), unmasked.
  while (at + 2 <= data.length) {
    let length = data[at + 1] & 0x7f
    let head = 2
    if (length === 126) { length = data.readUInt16BE(at + 2); head = 4 }
    else if (length === 127) { length = Number(data.readBigUInt64BE(at + 2)); head = 10 }
    const payload = at + head
    if (!this.joined) { this.joined = true; settle(this) } // the join's reply: the page is live
    else if (length === 1 && (system === 'floor' || data[payload] === FRAME_HEARTBEAT_ACK)) {
      heartbeatsAcked++
      latencies?.push(performance.now() - sentAt[this.index])
    }
    at = payload + length
  }
}

function onError(this: SwarmSocket, error: Error): void { lastError = error.message }

function onClose(this: SwarmSocket): void {
  if (!this.settled) failed++
  settle(this)
  if (sockets[this.index] === this) sockets[this.index] = undefined as unknown as SwarmSocket
}

const settling: Array<() => void> = []
let inFlight = 0
/** A connection's handshake is over (joined, or failed): the next one may start. */
function settle(socket: SwarmSocket): void {
  if (socket.settled) return
  socket.settled = true
  inFlight--
  settling.shift()?.()
}

async function freshToken(): Promise<string> {
  const html = await (await fetch(new URL(path, url))).text()
  return pageToken(html)
}

async function open(target: number): Promise<void> {
  const started = performance.now()
  while (sockets.length < target) {
    // A fresh page (and token) every 5,000 connections, as if that many visitors had loaded it.
    if (system === 'livets' && sockets.length % 5000 === 0) token = await freshToken()
    if (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => settling.push(resolve))
    const index = sockets.length
    const address = `127.${1 + Math.floor(index / PORTS_PER_ADDRESS / 250)}.${1 + (Math.floor(index / PORTS_PER_ADDRESS) % 250)}.1`
    const socket = net.connect({ host: url.hostname, port: Number(url.port), localAddress: address }) as SwarmSocket
    socket.index = index
    socket.upgraded = false
    socket.joined = false
    socket.settled = false
    socket.setNoDelay(true)
    socket.on('data', onData)
    socket.on('error', onError)
    socket.on('close', onClose)
    socket.write(upgradeRequest())
    if (index >= sentAt.length) { const grown = new Float64Array(sentAt.length * 2); grown.set(sentAt); sentAt = grown }
    sockets.push(socket)
    inFlight++
  }
  while (inFlight > 0) await new Promise<void>((resolve) => settling.push(resolve))
  settling.length = 0
  const openNow = sockets.filter((s) => s && !s.destroyed).length
  process.send!({ kind: 'opened', open: openNow, failed, lastError, seconds: (performance.now() - started) / 1000 } satisfies SwarmReport)
}

/**
 * Heartbeats: every connection once per heartbeatMs, spread evenly, as many browser clients would.
 * The number sent follows the clock, not the ticks, so a busy moment (a ramp step) delays
 * heartbeats but never drops them: the server closes a connection silent for 60 s.
 */
let next = 0
let owed = 0
let lastTick = performance.now()
const ticker = setInterval(() => {
  const now = performance.now()
  const count = sockets.length
  owed += count * (now - lastTick) / heartbeatMs
  lastTick = now
  for (; owed >= 1 && count > 0; owed--) {
    const socket = sockets[next]
    next = (next + 1) % count
    if (!socket || socket.destroyed || !socket.joined) continue
    sentAt[socket.index] = now
    socket.write(system === 'livets' ? HEARTBEAT : FLOOR_PING)
  }
}, 10)

async function measure(seconds: number): Promise<void> {
  latencies = []
  const ackedBefore = heartbeatsAcked
  await new Promise((r) => setTimeout(r, seconds * 1000))
  const samples = latencies
  latencies = undefined
  const openNow = sockets.filter((s) => s && !s.destroyed).length
  const expected = Math.round(openNow * seconds * 1000 / heartbeatMs)
  process.send!({
    kind: 'measured', open: openNow, heartbeats: heartbeatsAcked - ackedBefore,
    lost: Math.max(0, expected - (heartbeatsAcked - ackedBefore)), latencyMs: latencyMs(summarize(samples)),
  } satisfies SwarmReport)
}

process.on('message', (command: SwarmCommand) => {
  switch (command.kind) {
    case 'configure':
      url = new URL(command.url)
      system = command.system
      path = command.path
      heartbeatMs = command.heartbeatMs
      return
    case 'open': void open(command.target); return
    case 'measure': void measure(command.seconds); return
    case 'close':
      clearInterval(ticker)
      for (const socket of sockets) socket?.destroy()
      process.send!({ kind: 'closed' } satisfies SwarmReport, () => process.exit(0))
  }
})
