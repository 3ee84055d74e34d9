// subscribe / broadcast / handleInfo between live views of one process, spoken to over real sockets.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { LiveView, broadcast, html, live, type EventPayload, type MountContext } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient } from 'livets/testing'

interface Said { from: string; text: string }

class Room extends LiveView<{ topic: string; name: string; last: string; heard: number }> {
  mount(ctx: MountContext) {
    this.state = { topic: `room:${ctx.params.room}`, name: ctx.query.name ?? '?', last: '', heard: 0 }
    this.subscribe(this.state.topic)
  }
  say({ text }: EventPayload) { this.broadcast(this.state.topic, { from: this.state.name, text } satisfies Said) }
  leave() { this.unsubscribe(this.state.topic) }
  handleInfo(message: Said) {
    if (message.text === 'explode') throw new Error('bad message')
    this.state.last = `${message.from}: ${message.text}`
    this.state.heard++
  }
  render() {
    return html`<div><p>${this.state.last}</p><b>${this.state.heard}</b>
<button ts-on:click="say">say</button><button ts-on:click="leave">leave</button></div>`
  }
}

class Deaf extends LiveView<{}> {
  mount() { this.subscribe('room:a') }
  render() { return html`<p>deaf</p>` }
}

const logs: string[] = []
let server: LiveServer
let base: string

before(async () => {
  const app = new Hono()
  app.get('/room/:room', live(Room))
  app.get('/deaf', live(Deaf))
  server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger: { error: (m, e) => logs.push(`${m} ${e}`), warn: (m) => logs.push(m) } })
  base = `http://127.0.0.1:${server.port}`
})
after(() => server.close())

describe('pub/sub between views', () => {
  test('a broadcast reaches every subscriber, the sender too, as a pushed render', async () => {
    const alice = (await LiveClient.connect(`${base}/room/a?name=alice`)).client
    const bob = (await LiveClient.connect(`${base}/room/a?name=bob`)).client
    const elsewhere = (await LiveClient.connect(`${base}/room/b?name=carol`)).client

    const pushes = Promise.all([alice.nextPush(), bob.nextPush()])
    const reply = await alice.event('say', { text: 'hi <all>' })
    const [toAlice, toBob] = await pushes

    assert.deepEqual(reply.ops, [], 'the event itself changed nothing of the sender')
    for (const push of [toAlice, toBob]) {
      assert.equal(push.frame[0], 0x84, 'a PUSH frame')
      assert.deepEqual(push.ops, [['SET_TEXT', 0, 'alice: hi <all>'], ['SET_TEXT', 1, '1']])
    }
    assert.equal(elsewhere.frames.length, 1, 'room b heard nothing (only its join reply)')
    await Promise.all([alice.close(), bob.close(), elsewhere.close()])
  })

  test('broadcast() works outside views and says how many it reached; closed connections are forgotten', async () => {
    const alice = (await LiveClient.connect(`${base}/room/a?name=alice`)).client
    const bob = (await LiveClient.connect(`${base}/room/a?name=bob`)).client
    await bob.close()
    await new Promise((r) => setTimeout(r, 20)) // the server sees the close

    const pushed = alice.nextPush()
    assert.equal(broadcast('room:a', { from: 'server', text: 'restart at noon' }), 1)
    assert.deepEqual((await pushed).ops, [['SET_TEXT', 0, 'server: restart at noon'], ['SET_TEXT', 1, '1']])
    await alice.close()
  })

  test('after unsubscribe a view hears nothing more', async () => {
    const alice = (await LiveClient.connect(`${base}/room/a?name=alice`)).client
    await alice.event('leave')
    assert.equal(broadcast('room:a', { from: 'x', text: 'anyone?' }), 0)
    await alice.close()
  })

  test('a handleInfo that throws is logged and the view keeps working; a view without handleInfo is warned about', async () => {
    const alice = (await LiveClient.connect(`${base}/room/a?name=alice`)).client
    const deaf = (await LiveClient.connect(`${base}/deaf`)).client
    assert.equal(broadcast('room:a', { from: 'x', text: 'explode' }), 2)
    const next = alice.nextPush()
    broadcast('room:a', { from: 'x', text: 'still here' })
    assert.deepEqual((await next).ops, [['SET_TEXT', 0, 'x: still here'], ['SET_TEXT', 1, '1']])
    assert.ok(logs.some((l) => l.includes('Room.handleInfo() threw') && l.includes('bad message')))
    assert.ok(logs.some((l) => l.includes('Deaf subscribed to a topic but has no handleInfo')))
    await Promise.all([alice.close(), deaf.close()])
  })

  test('the static render subscribes nothing', async () => {
    const page = await (await fetch(`${base}/room/z?name=ghost`)).text()
    assert.match(page, /say/)
    assert.equal(broadcast('room:z', { from: 'x', text: 'y' }), 0)
  })
})
