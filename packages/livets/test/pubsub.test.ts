// subscribe / broadcast / handleInfo between live views of one process, each rendered in a page
// with livets/testing (in-process, the real client applying the pushes).
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { LiveView, broadcast, html, live, type EventPayload, type MountContext } from 'livets'
import { closeAll, render } from 'livets/testing'

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
    return html`<div><p id="last">${this.state.last}</p><b id="heard">${this.state.heard}</b>
<button id="say" ts-on:click="say" ts-value-text="hi <all>">say</button><button id="leave" ts-on:click="leave">leave</button></div>`
  }
}

class Deaf extends LiveView<{}> {
  mount() { this.subscribe('room:a') }
  render() { return html`<p>deaf</p>` }
}

const app = new Hono()
app.get('/room/:room', live(Room))
app.get('/deaf', live(Deaf))

const visit = (url: string) => render(app, url)
afterEach(closeAll)

describe('pub/sub between views', () => {
  test('a broadcast reaches every subscriber, the sender too, as a pushed render', async () => {
    const alice = await visit('/room/a?name=alice')
    const bob = await visit('/room/a?name=bob')
    const carol = await visit('/room/b?name=carol')

    await alice.click('#say')
    await Promise.all([alice.nextPush(), bob.nextPush()])
    for (const view of [alice, bob]) {
      assert.equal(view.find('#last').text(), 'alice: hi <all>')
      assert.equal(view.find('#heard').text(), '1')
    }
    assert.equal(carol.find('#heard').text(), '0', 'room b heard nothing')
  })

  test('broadcast() works outside views and says how many it reached; closed views are forgotten', async () => {
    const alice = await visit('/room/a?name=alice')
    const bob = await visit('/room/a?name=bob')
    await bob.close()

    assert.equal(broadcast('room:a', { from: 'server', text: 'restart at noon' }), 1)
    await alice.nextPush()
    assert.equal(alice.find('#last').text(), 'server: restart at noon')
  })

  test('after unsubscribe a view hears nothing more', async () => {
    const alice = await visit('/room/a?name=alice')
    await alice.click('#leave')
    assert.equal(broadcast('room:a', { from: 'x', text: 'anyone?' }), 0)
  })

  test('a handleInfo that throws is logged and the view keeps working; a view without handleInfo is warned about', async () => {
    const alice = await visit('/room/a?name=alice')
    const deaf = await visit('/deaf')
    assert.equal(broadcast('room:a', { from: 'x', text: 'explode' }), 2)
    broadcast('room:a', { from: 'x', text: 'still here' })
    await alice.nextPush()
    assert.equal(alice.find('#last').text(), 'x: still here')
    assert.equal(alice.find('#heard').text(), '1', 'the failed handleInfo rolled back')
    assert.ok(alice.logs.some((l) => l.includes('Room.handleInfo() threw') && l.includes('bad message')))
    assert.ok(deaf.logs.some((l) => l.includes('Deaf subscribed to a topic but has no handleInfo')))
  })

  test('the static render subscribes nothing', async () => {
    const page = await (await app.request('/room/z?name=ghost')).text()
    assert.match(page, /say/)
    assert.equal(broadcast('room:z', { from: 'x', text: 'y' }), 0)
  })
})
