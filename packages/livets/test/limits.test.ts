// Per-connection limits and bounded slow readers (docs/security.md, "Limits"): a flood is refused
// then closed while another connection is served; sockets per address are capped; frames queued
// behind a hung handler are capped; a page that stops reading never grows the server's memory.
// slowReaderTimeoutMs bounds how long such a page may stay stalled.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import WebSocket from 'ws'
import { Hono } from 'hono'
import { LiveView, broadcast, html, live, type MountContext } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient } from 'livets/testing'
import {
  CLOSE_RATE_LIMITED, CLOSE_TOO_SLOW, ERROR_RATE_LIMITED, EventNames, FRAME_SESSION, FrameReader, SESSION_RESYNCED, SOCKET_PATH, encodeEvent, encodeJoin,
  readSessionHead,
} from '@livets/client/protocol'

class Busy extends LiveView<{ count: number; feed: string }> {
  mount(ctx: MountContext) { this.state = { count: 0, feed: '' }; this.subscribe(ctx.query.feed ?? 'feed') }
  increment() { this.state.count++ }
  async hang() { await new Promise(() => {}) }
  handleInfo(text: string) { this.state.feed = text }
  render() { return html`<p>${this.state.count}<button ts-on:click="increment">+</button><button ts-on:click="hang">…</button></p><pre>${this.state.feed}</pre>` }
}

// What the process holds after a full collection: JS heap and buffers (RSS would count garbage not yet collected).
// A collection's release of dead buffers finishes on a later turn of the event loop: read at once,
// the external count sometimes still held ~90 dead 200 KB frames (18 MB); one turn later it never
// did. So: collect, let that turn pass, collect again.
v8.setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
async function heldBytes(): Promise<number> {
  gc()
  await new Promise((resolve) => setImmediate(resolve))
  gc()
  const memory = process.memoryUsage()
  return memory.heapUsed + memory.external
}

const logs: string[] = []
let server: LiveServer
let base: string

before(async () => {
  const app = new Hono()
  app.get('/', live(Busy))
  server = await serve(app, {
    port: 0, sessionFile: null, handleSignals: false, maxConnectionsPerAddress: 20, maxQueuedEvents: 50, handlerTimeoutMs: 60_000,
    logger: { error: (m) => logs.push(m), warn: (m) => logs.push(m) },
  })
  base = `http://127.0.0.1:${server.port}/`
})
after(() => server.close())

describe('limits', () => {
  test('a flooding connection is refused, then closed with 4429; another connection is served meanwhile', async () => {
    const { client: flood } = await LiveClient.connect(base)
    const { client: calm } = await LiveClient.connect(base)
    const answers: Array<Promise<{ error?: { code: number } }>> = []
    for (let i = 0; i < 2_000; i++) answers.push(flood.event('increment'))
    const closed = await flood.closed()
    assert.equal(closed.code, CLOSE_RATE_LIMITED)
    const settled = await Promise.race([Promise.all(answers.slice(0, 600)), new Promise<null>((r) => setTimeout(() => r(null), 1000))])
    assert.ok(settled === null || settled.some((a) => a.error?.code === ERROR_RATE_LIMITED), 'past the burst, events were refused before the close')
    assert.deepEqual((await calm.event('increment')).ops, [['SET_TEXT', 0, '1']])
    await calm.close()
  })

  test('sockets per client address are capped: the next upgrade gets 429 until one closes', async () => {
    const sockets: WebSocket[] = []
    const open = () => new Promise<number>((resolve) => {
      const socket = new WebSocket(new URL(SOCKET_PATH, base.replace('http', 'ws')))
      socket.once('open', () => { sockets.push(socket); resolve(101) })
      socket.once('unexpected-response', (_q, response) => resolve(response.statusCode ?? 0))
      socket.once('error', () => {})
    })
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) statuses.push(await open())
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(101))
    assert.equal(statuses[20], 429)
    const first = sockets.shift()!
    await new Promise((resolve) => { first.once('close', resolve); first.close() })
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(await open(), 101)
    for (const socket of sockets) socket.terminate()
    await new Promise((r) => setTimeout(r, 50))
  })

  test('frames queued behind a handler that hangs are capped: past the bound the connection is closed with 4429', async () => {
    const { client } = await LiveClient.connect(`${base}?feed=hung`)
    void client.event('hang')
    for (let i = 0; i < 60; i++) void client.event('increment')
    assert.equal((await client.closed()).code, CLOSE_RATE_LIMITED)
    assert.ok(logs.some((l) => l.includes('more than 50 frames waiting behind a slow handler')))
    // Broadcasts pile up behind it too (the session waits for its page to resume): past the bound,
    // with the handler stuck for over a second, the session is ended.
    await new Promise((r) => setTimeout(r, 1_100))
    for (let i = 0; i < 60; i++) broadcast('hung', `message ${i}`)
    assert.ok(logs.some((l) => l.includes('more than 50 broadcasts waiting behind a handler that does not finish; ending the session')))
    assert.equal(broadcast('hung', 'anyone?'), 0, 'the ended session is no longer subscribed')
  })

  test('a page that stops reading holds bounded memory, and when it reads again gets the latest render whole', async () => {
    // A raw client that joins, then stops reading its socket while big pushes keep coming.
    const html = await (await fetch(`${base}?feed=slow`)).text()
    const token = /data-ts-token="([^"]+)"/.exec(html)![1]
    const socket = new WebSocket(new URL(SOCKET_PATH, base.replace('http', 'ws')))
    await new Promise((resolve) => socket.once('open', resolve))
    const frames: Uint8Array[] = []
    socket.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
    socket.send(encodeJoin({ token }))
    await new Promise((r) => setTimeout(r, 50))
    ;(socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause()

    const before = await heldBytes()
    const big = 'x'.repeat(200_000)
    for (let i = 0; i < 500; i++) { broadcast('slow', `${i} ${big}`); if (i % 50 === 0) await new Promise((r) => setTimeout(r, 10)) }
    await new Promise((r) => setTimeout(r, 300))
    const grown = await heldBytes() - before
    assert.ok(grown < 16 * 1024 * 1024, `100 MB of pushes to a page that does not read left the server holding ${Math.round(grown / 1e6)} MB more`)

    ;(socket as unknown as { _socket: { resume(): void } })._socket.resume()
    const resynced = await (async () => {
      for (let i = 0; i < 200; i++) {
        const found = frames.find((f) => f[0] === FRAME_SESSION && (() => { const r = new FrameReader(f); r.byte(); return readSessionHead(r).mode === SESSION_RESYNCED })())
        if (found) return found
        await new Promise((r) => setTimeout(r, 20))
      }
      return undefined
    })()
    assert.ok(resynced, 'the page got one SESSION frame re-rendering it whole')
    assert.match(Buffer.from(resynced).toString('utf8'), /499 x{100}/, 'with the latest broadcast')
    const credentialOf = (frame: Uint8Array) => { const r = new FrameReader(frame); r.byte(); return readSessionHead(r).credential }
    assert.notEqual(credentialOf(frames.find((f) => f[0] === FRAME_SESSION)!), '', 'the JOIN\'s answer hands the page its credential')
    assert.equal(credentialOf(resynced), '', 'the re-render leaves the page the credential it has')
    socket.send(encodeEvent(0, 'increment', 0, {}, new EventNames()))
    socket.terminate()
  })

  test('slowReaderTimeoutMs: a page that stopped reading and does not drain in time is closed with 4412', async () => {
    const app = new Hono()
    app.get('/', live(Busy))
    const quick = await serve(app, { port: 0, sessionFile: null, handleSignals: false, slowReaderTimeoutMs: 300, logger: { error: () => {}, warn: () => {} } })
    try {
      const url = `http://127.0.0.1:${quick.port}/?feed=stalled`
      const socket = new WebSocket(new URL(SOCKET_PATH, url.replace('http', 'ws')))
      await new Promise((resolve) => socket.once('open', resolve))
      const closed = new Promise<number>((resolve) => socket.once('close', resolve))
      socket.send(encodeJoin({ token: /data-ts-token="([^"]+)"/.exec(await (await fetch(url)).text())![1] }))
      await new Promise((r) => setTimeout(r, 50))
      const tcp = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket
      tcp.pause()
      // Over 1 MiB unsent on the socket: from here the 300 ms run (30 s by default).
      const big = 'x'.repeat(200_000)
      for (let i = 0; i < 40; i++) { broadcast('stalled', `${i} ${big}`); await new Promise((r) => setTimeout(r, 5)) }
      await new Promise((r) => setTimeout(r, 600))
      tcp.resume()
      const code = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('still open 5 s after it read again'), 5_000))])
      assert.equal(code, CLOSE_TOO_SLOW)
    } finally { await quick.close() }
  })
})
