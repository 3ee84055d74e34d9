// One app, seen two ways: as a user sees it (livets/testing's render(), in-process) for mount
// context, handlers and their errors; and at the protocol level over a real socket (LiveClient)
// for what the join sends and for bad input that must hurt only the client that sent it.
import { after, afterEach, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { LiveView, html, live, type EventPayload, type MountContext } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient, closeAll, pageToken, render, type Closed } from 'livets/testing'
import {
  CLOSE_BAD_TOKEN, CLOSE_FRAME_TOO_LARGE, CLOSE_PROTOCOL_ERROR, ERROR_HANDLER_FAILED, ERROR_UNKNOWN_EVENT, FRAME_EVENT,
} from '@livets/client/protocol'

class Probe extends LiveView<{ n: number; note: string; ctx: string; ticks: number }> {
  async mount(ctx: MountContext) {
    await new Promise((resolve) => setTimeout(resolve, 1))
    this.state = { n: 0, note: '', ctx: `${ctx.params.id}/${ctx.query.tab}/${ctx.connected}`, ticks: 0 }
  }
  add({ by }: EventPayload) { this.state.n += Number(by ?? 1) }
  explode() { throw new Error('boom') }
  async slow() { await new Promise((resolve) => setTimeout(resolve, 20)); this.state.n *= 10 }
  tick() { setTimeout(() => this.setState({ ticks: this.state.ticks + 1 }), 5) }
  handleEvent(name: string, payload: EventPayload) { this.state.note = `${name}:${payload.value}` }
  render() {
    return html`<div><b id="n">${this.state.n}</b><i>${this.state.note}</i><s>${this.state.ctx}</s><u>${this.state.ticks}</u>
<button id="add" ts-on:click="add" ts-value-by="2">add</button><button id="explode" ts-on:click="explode">x</button>
<button id="slow" ts-on:click="slow">slow</button><button id="tick" ts-on:click="tick">tick</button><input id="typed" ts-on:input="typed">
<button id="sneaky" ts-on:click="render">sneaky</button><button ts-on:click="missing">missing</button>
<button id="add-1" ts-on:click="add" ts-value-by="1">+1</button><button id="add-3" ts-on:click="add" ts-value-by="3">+3</button></div>`
  }
}

/** Fills in defaults by writing to the query it was given, as a view may. */
class Defaults extends LiveView<{ tab: string }> {
  mount(ctx: MountContext) {
    ctx.query.tab ??= 'home'
    this.state = { tab: ctx.query.tab }
  }
  render() { return html`<p>${this.state.tab}</p>` }
}

class NoFallback extends LiveView<{ n: number }> {
  mount() { this.state = { n: 0 } }
  render() { return html`<button ts-on:click="ghost">${this.state.n}</button>` }
}

const logs: string[] = []
let server: LiveServer
let base: string

const app = new Hono()
app.get('/probe/:id', live(Probe, { title: 'Probe' }))
app.get('/nofallback', live(NoFallback))
app.get('/defaults', live(Defaults))

before(async () => {
  server = await serve(app, {
    sessionFile: null,
    handleSignals: false,
    port: 0,
    logger: { error: (m, e) => logs.push(`${m} ${e}`), warn: (m) => logs.push(m) },
  })
  base = `http://127.0.0.1:${server.port}`
})
after(() => server.close())

const texts = (ops: unknown[]) => ops.map((op) => JSON.stringify(op))

/** A page of the app, rendered in-process (closed after each test). */
const open = (url: string) => render(app, url)
afterEach(closeAll)

describe('a live session', () => {
  test('mount sees params, query and connected', async () => {
    const response = await app.request('/probe/7?tab=info')
    assert.match(await response.text(), /7\/info\/false/, 'the static render is not connected')
    const view = await open('/probe/7?tab=info')
    assert.equal(view.find('s').text(), '7/info/true')
  })

  test('a page without query or params gets objects of its own to write to', async () => {
    // Arrange: two pages of a view that writes a default into its query; the first asks for a tab.
    const asked = await open('/defaults?tab=news')
    // Act: the second has no query at all (sessions share one empty object for it, not the view).
    const plain = await open('/defaults')
    const again = await open('/defaults')
    // Assert: each view's write stayed its own.
    assert.equal(asked.find('p').text(), 'news')
    assert.equal(plain.find('p').text(), 'home')
    assert.equal(again.find('p').text(), 'home')
  })

  test('the live mount sends only what differs from the static render', async () => {
    const { client, joinReply } = await LiveClient.connect(`${base}/probe/7?tab=info`)
    assert.deepEqual(texts(joinReply.ops), [JSON.stringify(['SET_TEXT', 2, '7/info/true'])])
    await client.close()
  })

  test('a handler gets the ts-value-* payload and a render follows', async () => {
    const view = await open('/probe/1')
    await view.click('#add')
    assert.equal(view.find('#n').text(), '2')
  })

  test('async handlers keep events in order', async () => {
    const view = await open('/probe/1')
    // Three clicks in a row, without waiting: add 1, then ×10 (slowly), then add 3.
    await Promise.all([view.click('#add-1'), view.click('#slow'), view.click('#add-3')])
    assert.equal(view.find('#n').text(), '13')
  })

  test('handleEvent is the fallback for names without a method', async () => {
    const view = await open('/probe/1')
    await view.input('#typed', 'hi')
    assert.equal(view.find('i').text(), 'typed:hi')
  })

  test('setState outside a handler pushes a render', async () => {
    const view = await open('/probe/1')
    await view.click('#tick')
    await view.nextPush()
    assert.equal(view.find('u').text(), '1')
  })
})

describe('bad input hurts only its own connection', () => {
  test('an unknown event gets an error reply, and the connection goes on', async () => {
    const { client } = await LiveClient.connect(`${base}/probe/1`)
    const reply = await client.event('nope')
    assert.equal(reply.error?.code, ERROR_UNKNOWN_EVENT)
    assert.ok(logs.some((l) => l.includes("unknown event 'nope'")))
    assert.deepEqual((await client.event('add', { by: '1' })).ops, [['SET_TEXT', 0, '1']])
    await client.close()
  })

  test('lifecycle names are never handlers, even when the markup names them', async () => {
    const view = await open('/probe/1')
    await view.click('#sneaky')
    assert.equal(view.find('i').text(), 'render:undefined', 'goes to handleEvent, not to render()')
    const other = await open('/nofallback')
    await assert.rejects(other.click('button'), /the server answered with an error: unknown event 'ghost'/)
    assert.ok(other.logs.some((l) => l.includes("NoFallback has no handler 'ghost'")))
  })

  test('a handler that throws gets an error reply and a log line; the connection goes on', async () => {
    const view = await open('/probe/1')
    await assert.rejects(view.click('#explode'), /Probe\.explode\(\) failed; see the server log/)
    assert.ok(view.logs.some((l) => l.includes('Probe.explode() threw') && l.includes('boom')))
    await view.click('#add-1')
    assert.equal(view.find('#n').text(), '1')
  })

  test('bytes that are not the protocol close with 4400; other connections keep working', async () => {
    const bystander = await LiveClient.connect(`${base}/probe/1`)
    const { client } = await LiveClient.connect(`${base}/probe/1`)
    client.sendRaw(Uint8Array.of(0xde, 0xad, 0xbe, 0xef))
    assert.equal((await client.closed()).code, CLOSE_PROTOCOL_ERROR)
    const text = await LiveClient.connect(`${base}/probe/1`)
    text.client.sendRaw('{"hello":"json"}')
    assert.equal((await text.client.closed()).code, CLOSE_PROTOCOL_ERROR)
    assert.deepEqual((await bystander.client.event('add', { by: '5' })).ops, [['SET_TEXT', 0, '5']])
    await bystander.client.close()
  })

  test('a frame over 64 KiB closes with 1009; other connections keep working', async () => {
    const bystander = await LiveClient.connect(`${base}/probe/1`)
    const { client } = await LiveClient.connect(`${base}/probe/1`)
    const big = new Uint8Array(64 * 1024 + 1)
    big[0] = FRAME_EVENT
    client.sendRaw(big)
    assert.equal((await client.closed()).code, CLOSE_FRAME_TOO_LARGE)
    assert.ok(logs.some((l) => l.includes('exceeds the limit of 65536')))
    assert.deepEqual((await bystander.client.event('add', { by: '1' })).ops, [['SET_TEXT', 0, '1']])
    await bystander.client.close()
  })

  test('values from the client are escaped when rendered', async () => {
    const view = await open('/probe/%3Cscript%3E?tab=%22%3E%3Cb%3E')
    assert.equal(view.find('s').text(), '<script>/"><b>/true')
    assert.equal(view.findAll('s *').length, 0, 'text, not markup')
    const page = await (await app.request('/probe/%3Cscript%3E?tab=%22%3E%3Cb%3E')).text()
    assert.ok(page.includes('&lt;script&gt;/&quot;&gt;&lt;b&gt;/false'))
  })

  test('a forged token is refused with 4401', async () => {
    const html = await (await fetch(`${base}/probe/1`)).text()
    const token = pageToken(html)
    const forged = token.slice(0, token.indexOf('.')) + '.' + 'A'.repeat(43)
    await assert.rejects(LiveClient.join(base, forged), (e: Closed) => e.code === CLOSE_BAD_TOKEN && /signature/.test(e.reason))
    const { client: real } = await LiveClient.join(base, token)
    await real.close()
  })
})
