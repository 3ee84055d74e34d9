// The client side of S0-max: as many idle WebSocket connections as the machine holds, each kept
// alive with heartbeats the way the browser client sends them. It runs as its own process (forked
// by bench/scenarios/max-connections.ts, on the load core; several of them when one process's fd
// limit holds fewer sockets than the step asks) and is driven over IPC: "open up to N", "halt"
// (memory is running low), "measure heartbeats for S seconds" (it answers with every sample, so the
// parent takes percentiles over all the swarms' samples together), "close".
//
// A connection here is a bare net.Socket speaking just enough WebSocket (one upgrade request, masked
// client frames, unmasked server frames) — `ws` or LiveClient would cost the client several KB per
// connection, and at a million connections the client's memory is what runs out first.
// Each socket binds to one of many loopback source addresses (127.0.0.0/8): one address has about
// 28,000 ephemeral ports, so a million connections need dozens of them. Each swarm process gets its
// own block of addresses (addressBase), so that processes never compete for ports.
import net from 'node:net'
import { FRAME_HEARTBEAT_ACK, encodeHeartbeat, encodeJoin } from '@livets/client/protocol'
// From its own file, not livets/testing, whose render() loads happy-dom: ~45 MB in each of dozens of swarm processes.
import { pageToken } from '../../packages/livets/src/testing/live-client.ts'
import { summarize, latencyMs } from '../lib/stats.ts'

/** What the parent asks. */
export type SwarmCommand =
  | { kind: 'configure'; url: string; system: 'livets' | 'floor'; path: string; heartbeatMs: number; addressBase: number; inFlight: number }
  | { kind: 'open'; target: number }
  | { kind: 'halt' }
  | { kind: 'measure'; seconds: number }
  | { kind: 'close' }

/** What the swarm answers. */
export type SwarmReport =
  | { kind: 'opened'; open: number; failed: number; lastError?: string; seconds: number; closeCodes: Record<number, number> }
  | { kind: 'measured'; open: number; heartbeats: number; lost: number; latencyMs: ReturnType<typeof latencyMs>; samples: number[] }
  | { kind: 'closed' }

/** A connection whose page, upgrade or join has not come in this long is given up (counted as failed): the ramp does not wait for stragglers. */
const HANDSHAKE_TIMEOUT_MS = 15_000
const PORTS_PER_ADDRESS = 25_000 // below the 28,232 ephemeral ports of the default range, with room for the rest of the machine
/**
 * Each socket binds its own source port (FIRST_LOCAL_PORT + its index on its address). Asked for
 * port 0 with an address given, the kernel searches the address's bound ports for a free one, and
 * that search grows with them: one swarm's ramp fell from 948 connections/s at 10,000 to 305/s at
 * 18,000, all of it system time. A port given is one hash lookup. The range sits below the ephemeral
 * one (32,768 up), where servers started on port 0 listen; a port something else holds (a wildcard
 * listener) falls back to the kernel's choice.
 */
const FIRST_LOCAL_PORT = 5_000
/** Handshakes at once (the parent divides 256 among its swarms): the server's listen backlog is 511, and a busy server accepts late. */
let inFlightLimit = 256
/** The first of this process's source addresses (127.x.y.1, numbered from 0). */
let addressBase = 0
/** Set when the parent says memory is running low: opening stops where it is. */
let halted = false

let url: URL
let system: 'livets' | 'floor' = 'livets'
let path = '/'
let heartbeatMs = 30_000

/** The connections, by index; a socket knows its index, its handshake state and its last heartbeat's send time. */
interface SwarmSocket extends net.Socket { index: number; upgraded: boolean; joined: boolean; settled: boolean; token: string; portTaken: boolean }
const sockets: SwarmSocket[] = []
let sentAt = new Float64Array(1 << 20)
let failed = 0
/** Close frames the server sent, by close code. */
const closeCodes: Record<number, number> = {}
const WS_CLOSE = 0x8
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
    if (system === 'livets') { this.write(clientFrame(encodeJoin({ token: this.token }))); this.token = '' }
    else { this.joined = true; settle(this) }
  }
  // Server frames: FIN+opcode, then a 7-bit length (or 126 + 16 bits), unmasked.
  while (at + 2 <= data.length) {
    let length = data[at + 1] & 0x7f
    let head = 2
    if (length === 126) { length = data.readUInt16BE(at + 2); head = 4 }
    else if (length === 127) { length = Number(data.readBigUInt64BE(at + 2)); head = 10 }
    const payload = at + head
    if ((data[at] & 0x0f) === WS_CLOSE) {
      // The server closed the connection: counted by its close code (docs/protocol.md), as a reason the report can name.
      const code = length >= 2 && payload + 2 <= data.length ? data.readUInt16BE(payload) : 1005
      closeCodes[code] = (closeCodes[code] ?? 0) + 1
    } else if (!this.joined) { this.joined = true; settle(this) } // the join's reply: the page is live
    else if (length === 1 && (system === 'floor' || data[payload] === FRAME_HEARTBEAT_ACK)) {
      heartbeatsAcked++
      latencies?.push(performance.now() - sentAt[this.index])
    }
    at = payload + length
  }
}

function onError(this: SwarmSocket, error: NodeJS.ErrnoException): void {
  if (error.code === 'EADDRINUSE' && !this.upgraded) this.portTaken = true
  else lastError = error.message
}

function onTimeout(this: SwarmSocket): void {
  lastError = `no join within ${HANDSHAKE_TIMEOUT_MS / 1000} s`
  this.destroy()
}

function onClose(this: SwarmSocket): void {
  if (this.portTaken && !this.settled) { connect(this.index, this.token, 0); return }
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
  socket.setTimeout(0)
  inFlight--
  settling.shift()?.()
}

async function freshToken(): Promise<string> {
  const html = await (await fetch(new URL(path, url), { signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS) })).text()
  return pageToken(html)
}

/**
 * One connection, as one visitor makes it: the page (LiveTS: its own token, for a session of its own;
 * a token joined twice is the same session, and the second socket replaces the first), then the
 * socket, its upgrade and its join. Settles as failed when the page cannot be had.
 */
async function openOne(index: number): Promise<void> {
  let token = ''
  if (system === 'livets') {
    try { token = await freshToken() } catch (error) {
      lastError = (error as Error).message
      failed++
      inFlight--
      settling.shift()?.()
      return
    }
  }
  connect(index, token, FIRST_LOCAL_PORT + (index % PORTS_PER_ADDRESS))
}

/** The socket of connection `index`, from its own source address and port (0: the kernel picks the port). */
function connect(index: number, token: string, localPort: number): void {
  const addressIndex = addressBase + Math.floor(index / PORTS_PER_ADDRESS)
  const address = `127.${1 + Math.floor(addressIndex / 250)}.${1 + (addressIndex % 250)}.1`
  const socket = net.connect({ host: url.hostname, port: Number(url.port), localAddress: address, localPort }) as SwarmSocket
  socket.index = index
  socket.upgraded = false
  socket.joined = false
  socket.settled = false
  socket.portTaken = false
  socket.token = token
  socket.setNoDelay(true)
  socket.on('data', onData)
  socket.on('error', onError)
  socket.on('close', onClose)
  socket.on('timeout', onTimeout)
  socket.setTimeout(HANDSHAKE_TIMEOUT_MS)
  socket.write(upgradeRequest())
  sockets[index] = socket
}

async function open(target: number): Promise<void> {
  const started = performance.now()
  while (sockets.length < target && !halted) {
    if (inFlight >= inFlightLimit) await new Promise<void>((resolve) => settling.push(resolve))
    const index = sockets.length
    if (index >= sentAt.length) { const grown = new Float64Array(sentAt.length * 2); grown.set(sentAt); sentAt = grown }
    sockets.push(undefined as unknown as SwarmSocket) // its place, filled once its page is loaded
    inFlight++
    void openOne(index)
  }
  while (inFlight > 0) await new Promise<void>((resolve) => settling.push(resolve))
  settling.length = 0
  // The page loads and handshakes leave garbage: collected, the swarm's memory is what its sockets hold.
  ;(globalThis as { gc?: () => void }).gc?.()
  const openNow = sockets.filter((s) => s && !s.destroyed).length
  process.send!({ kind: 'opened', open: openNow, failed, lastError, seconds: (performance.now() - started) / 1000, closeCodes } satisfies SwarmReport)
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
    lost: Math.max(0, expected - (heartbeatsAcked - ackedBefore)), latencyMs: latencyMs(summarize(samples)), samples,
  } satisfies SwarmReport)
}

process.on('message', (command: SwarmCommand) => {
  switch (command.kind) {
    case 'configure':
      url = new URL(command.url)
      system = command.system
      path = command.path
      heartbeatMs = command.heartbeatMs
      addressBase = command.addressBase
      inFlightLimit = command.inFlight
      return
    case 'halt': halted = true; return
    case 'open': void open(command.target); return
    case 'measure': void measure(command.seconds); return
    case 'close':
      clearInterval(ticker)
      for (const socket of sockets) socket?.destroy()
      process.send!({ kind: 'closed' } satisfies SwarmReport, () => process.exit(0))
  }
})
