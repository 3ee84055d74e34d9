// Components and streams across a session's life, at the protocol level (docs/components.md):
// component states come back with a restore, a component's failed handler rolls its state back,
// and a page with streams that must be re-rendered whole starts its streams over from mount().
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { LiveComponent, LiveView, broadcast, component, html, live } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient, pageToken } from 'livets/testing'
import { ERROR_HANDLER_FAILED, SESSION_RESTORED, SESSION_RESYNCED } from '@livets/client/protocol'

class Counter extends LiveComponent<{ label: string }, { count: number }> {
  mount() { this.state = { count: 0 } }
  up() { this.state.count++ }
  broken() { this.state.count = -100; throw new Error('half-way') }
  render() { return html`<p><b>${this.props.label}</b>=<i>${this.state.count}</i><button ts-on:click="up">+</button><button ts-on:click="broken">!</button></p>` }
}

class Counters extends LiveView<{ title: string }> {
  mount() { this.state = { title: 'counters' } }
  render() { return html`<main><h1>${this.state.title}</h1>${component(Counter, { id: 'left', label: 'L' })}${component(Counter, { id: 'right', label: 'R' })}</main>` }
}

class Chat extends LiveView<{ next: number }> {
  mount() {
    this.state = { next: 2 }
    this.subscribe('chat')
    this.stream('messages', [{ id: 1, text: 'welcome' }])
  }
  handleInfo(text: string) { this.streamInsert('messages', { id: this.state.next++, text }) }
  render() { return html`<ul>${this.streams.messages.map((m: { id: number; text: string }) => html`<li ts-key=${m.id}>${m.text}</li>`)}</ul>` }
}

const logs: string[] = []
const logger = { error: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) }
const app = new Hono()
app.get('/', live(Counters))
app.get('/chat', live(Chat))
const sessionFile = join(mkdtempSync(join(tmpdir(), 'livets-components-')), 'sessions.json')
let server: LiveServer
let base: string

const start = async (port = 0): Promise<LiveServer> => {
  const s = await serve(app, { port, logger, sessionFile, handleSignals: false, dev: true })
  base = `http://127.0.0.1:${s.port}/`
  return s
}
before(async () => { server = await start() })
after(() => server.close())

/** Loads the page and joins it: the client, and the page's first HTML. */
async function connect(url: string): Promise<{ client: LiveClient; html: string }> {
  const html = await (await fetch(url)).text()
  const { client } = await LiveClient.join(url, pageToken(html), html)
  return { client, html }
}

/** The component numbers a page shows, by id, read from its markup. */
function numbers(html: string): Record<string, number> {
  const found: Record<string, number> = {}
  for (const m of html.matchAll(/data-ts-c="(\d+)" data-ts-id="([^"]+)"/g)) found[m[2]] = Number(m[1])
  return found
}

describe('components in a session', () => {
  test("a component's event is answered with a patch of that component alone", async () => {
    const { client, html } = await connect(base)
    const { right } = numbers(html)
    const reply = await client.event('up', {}, right)
    assert.deepEqual(reply.ops, [['ENTER_COMPONENT', right], ['SET_TEXT', 1, '1'], ['LEAVE']])
    await client.close()
  })

  test("a component's failing handler rolls its state back and answers with an ERROR", async () => {
    const { client, html } = await connect(base)
    const { left } = numbers(html)
    await client.event('up', {}, left)
    const failed = await client.event('broken', {}, left)
    assert.equal(failed.error?.code, ERROR_HANDLER_FAILED)
    assert.deepEqual((await client.event('up', {}, left)).ops, [['ENTER_COMPONENT', left], ['SET_TEXT', 1, '2']].concat([['LEAVE']]))
    await client.close()
  })

  test('a graceful restart brings every component back with its state', async () => {
    const { client, html } = await connect(base)
    const { left, right } = numbers(html)
    for (let i = 0; i < 3; i++) await client.event('up', {}, left)
    for (let i = 0; i < 5; i++) await client.event('up', {}, right)
    const port = Number(new URL(base).port)
    const closed = client.closed()
    await server.close()
    await closed
    server = await start(port)
    const { client: again, joinReply } = await LiveClient.join(base, client.token, '', client.position)
    assert.equal(joinReply.session?.mode, SESSION_RESTORED)
    const page = JSON.stringify(joinReply.ops)
    assert.match(page, /L<!--ts\]--><\/b>=<i><!--ts\[1-->3</)
    assert.match(page, /R<!--ts\]--><\/b>=<i><!--ts\[1-->5</)
    const restored = numbers(String(joinReply.ops[0][1]))
    assert.deepEqual((await again.event('up', {}, restored.right)).ops, [['ENTER_COMPONENT', restored.right], ['SET_TEXT', 1, '6'], ['LEAVE']])
    await again.close()
  })
})

describe('streams in a session', () => {
  test('one message into a stream sends that message alone', async () => {
    const { client } = await LiveClient.connect(base + 'chat')
    broadcast('chat', 'hello')
    const push = await client.nextPush()
    assert.deepEqual(push.ops, [['STREAM_INSERT', 0, '2', -1, 0, '<!--ts@0 ts-key--><li ts-key="2"><!--ts[1-->hello<!--ts]--></li>']])
    await client.close()
  })

  test('a page re-rendered whole (resynced) starts its streams over from what mount() streams', async () => {
    const { client } = await LiveClient.connect(base + 'chat')
    broadcast('chat', 'seen')
    await client.nextPush()
    await client.drop()
    await new Promise((r) => setTimeout(r, 20))
    for (let i = 0; i < 1_100; i++) broadcast('chat', 'missed') // past the 1,000 frames kept
    await new Promise((r) => setTimeout(r, 200))
    const { client: again, joinReply } = await LiveClient.join(base + 'chat', client.token, '', client.position)
    assert.equal(joinReply.session?.mode, SESSION_RESYNCED)
    const page = String(joinReply.ops[0][1])
    assert.match(page, /welcome/)
    assert.doesNotMatch(page, /seen|missed/, 'items streamed before are gone: the stream starts over')
    broadcast('chat', 'after')
    assert.match(JSON.stringify((await again.nextPush()).ops), /after/)
    await again.close()
  })
})
