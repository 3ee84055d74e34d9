// Bad input and the heartbeat close, at the protocol level, on Node, Bun and Deno: every adapter
// must hand the engine the same bytes and close with the same codes.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import WebSocket from 'ws'
import {
  CLOSE_BAD_TOKEN, CLOSE_FRAME_TOO_LARGE, CLOSE_HEARTBEAT_TIMEOUT, CLOSE_NOT_JOINED, CLOSE_PROTOCOL_ERROR, ERROR_UNKNOWN_EVENT,
  EventNames, SOCKET_PATH, encodeEvent, encodeHeartbeat,
} from '@livets/client/protocol'
import { LiveClient, type Closed } from 'livets/testing'
import { app } from '../examples/counter/src/app.ts'
import { RUNTIMES, serveExample, type Target } from './runtimes.ts'

const HEARTBEAT_TIMEOUT_MS = 1_500

/** A raw socket to the server's live endpoint, and how it closed. */
async function rawSocket(url: string): Promise<{ socket: WebSocket; closed: Promise<Closed> }> {
  const socket = new WebSocket(new URL(SOCKET_PATH, url.replace(/^http/, 'ws')))
  const closed = new Promise<Closed>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject) })
  return { socket, closed }
}

for (const runtime of RUNTIMES) describe(`the protocol on ${runtime}`, () => {
  let served: Target
  before(async () => {
    served = await serveExample('counter', app, runtime, { child: true, env: { LIVETS_HEARTBEAT_TIMEOUT_MS: String(HEARTBEAT_TIMEOUT_MS), LIVETS_JOIN_TIMEOUT_MS: '1000' } })
  })
  after(async () => { await served?.close() })

  test('bytes that are not a LiveTS frame close with 4400, a text frame too; other connections go on', async () => {
    const { client } = await LiveClient.connect(served.url)
    const garbage = await rawSocket(served.url)
    garbage.socket.send(Uint8Array.of(0xff, 0x00, 0xff))
    assert.equal((await garbage.closed).code, CLOSE_PROTOCOL_ERROR)
    const text = await rawSocket(served.url)
    text.socket.send('GET / HTTP/1.1')
    assert.equal((await text.closed).code, CLOSE_PROTOCOL_ERROR)
    assert.deepEqual((await client.event('increment')).ops, [['SET_TEXT', 0, '1']])
    await client.close()
  })

  test('a frame over 64 KiB closes with 1009', async () => {
    const { client } = await LiveClient.connect(served.url)
    client.sendRaw(encodeEvent(0, 'echo', 0, { value: 'x'.repeat(70 * 1024) }, new EventNames()))
    assert.equal((await client.closed()).code, CLOSE_FRAME_TOO_LARGE)
  })

  test('a forged token closes with 4401, an EVENT before JOIN with 4409', async () => {
    const html = await (await fetch(served.url)).text()
    const token = /data-ts-token="([^"]+)"/.exec(html)![1]
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    await assert.rejects(LiveClient.join(served.url, forged), (e: Closed) => e.code === CLOSE_BAD_TOKEN)
    const early = await rawSocket(served.url)
    early.socket.send(encodeEvent(0, 'increment', 0, {}, new EventNames()))
    assert.equal((await early.closed).code, CLOSE_NOT_JOINED)
  })

  test('an event the page does not declare gets an error reply, and the connection goes on', async () => {
    const { client } = await LiveClient.connect(served.url)
    assert.equal((await client.event('deleteEverything')).error?.code, ERROR_UNKNOWN_EVENT)
    assert.deepEqual((await client.event('increment')).ops, [['SET_TEXT', 0, '1']])
    await client.close()
  })

  test('a socket that does not JOIN in time is closed with 4409, heartbeats or not', async () => {
    const idle = await rawSocket(served.url)
    // Heartbeats through most of the 1 s deadline: they must not extend it. (Sending on as the server
    // closes could meet its close with a reset on some runtimes, and hide the close code.)
    const beat = setInterval(() => idle.socket.send(encodeHeartbeat(0)), 200)
    setTimeout(() => clearInterval(beat), 700)
    const closed = await idle.closed
    clearInterval(beat)
    assert.equal(closed.code, CLOSE_NOT_JOINED)
  })

  test('a connection that sends nothing, not even a heartbeat, is closed with 4408; one that beats stays', async () => {
    const { client: silent } = await LiveClient.connect(served.url)
    const { client: beating } = await LiveClient.connect(served.url)
    const beat = setInterval(() => beating.heartbeat(), HEARTBEAT_TIMEOUT_MS / 3)
    const closed = await silent.closed()
    clearInterval(beat)
    assert.equal(closed.code, CLOSE_HEARTBEAT_TIMEOUT)
    assert.deepEqual((await beating.event('increment')).ops, [['SET_TEXT', 0, '1']], 'the beating connection is still live')
    await beating.close()
  })
})
