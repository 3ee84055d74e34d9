// Live navigation, exec and hook events at the protocol level (docs/navigation.md, docs/client.md):
// what goes over the wire, that a navigation keeps the session (numbering, credential) and a
// restore brings back the view the user is on, that the old view's topics are left, and that
// every NAVIGATE the app cannot take live is a page load or a clear error.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { LiveView, broadcast, html, live } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient } from 'livets/testing'
import {
  ERROR_BAD_PAYLOAD, ERROR_UNKNOWN_EVENT, FRAME_EXEC, FRAME_HOOK_EVENT, FRAME_LOCATION, FRAME_REPLY, FRAME_REPLY_DATA, FRAME_TITLE, FrameReader,
  HISTORY_KEEP, HISTORY_PUSH, HISTORY_REPLACE, LOCATION_LOAD, LOCATION_MOUNTED, LOCATION_PATCHED, NAVIGATE_MOUNT, NAVIGATE_PATCH, SESSION_RESTORED,
  readLocation, type LocationFrame,
} from '@livets/client/protocol'
import { navApp } from '../../../e2e/fixtures/nav-app.ts'

class Room extends LiveView<{ heard: string[] }> {
  mount() { this.state = { heard: [] }; this.subscribe('room') }
  handleInfo(message: string) { this.state.heard.push(message) }
  announce() { this.exec("show('#banner')"); this.pushEvent('said', { text: 'hi' }) }
  zoom(payload: { by: number }) { return { zoomed: payload.by * 2 } }
  nothing() {}
  render() {
    return html`<div ts-hook="Chart" ts-hook-events="zoom nothing"><p>${this.state.heard.join(',')}</p><button ts-on:click="announce">a</button><div id="banner" hidden></div></div>`
  }
}

/** Sends the page commands and a hook event as it mounts (connected). */
class Greeter extends LiveView<{ name: string }> {
  mount(ctx: { connected: boolean }) {
    this.state = { name: '' }
    if (ctx.connected) { this.exec("focus('#name')"); this.pushEvent('hello', { to: 'page' }) }
  }
  render() { return html`<input id="name">` }
}

/** Sends the page elsewhere as soon as it is live. */
class Mover extends LiveView {
  mount(ctx: { connected: boolean }) { if (ctx.connected) this.navigate('/items/3') }
  render() { return html`<p>moving</p>` }
}

const logs: string[] = []
const logger = { error: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) }
const app = navApp()
app.get('/room', live(Room, { title: 'Room' }))
app.get('/greeter', live(Greeter))
app.get('/mover', live(Mover))
const sessionFile = join(mkdtempSync(join(tmpdir(), 'livets-navigation-')), 'sessions.json')
let server: LiveServer
let base: string

const start = async (port = 0): Promise<LiveServer> => {
  const s = await serve(app, { port, logger, sessionFile, handleSignals: false, dev: false })
  base = `http://127.0.0.1:${s.port}/`
  return s
}
before(async () => { server = await start() })
after(() => server.close())

function location(frame: Uint8Array): LocationFrame {
  const reader = new FrameReader(frame)
  assert.equal(reader.byte(), FRAME_LOCATION)
  return readLocation(reader)
}

function text(frame: Uint8Array, kind: number): string {
  const reader = new FrameReader(frame)
  assert.equal(reader.byte(), kind)
  return reader.string()
}

describe('NAVIGATE over the wire', () => {
  test('a patch: LOCATION (patched), TITLE, then a REPLY with only what changed', async () => {
    const { client } = await LiveClient.connect(`${base}items`)
    const reply = await client.navigate('/items?page=2', NAVIGATE_PATCH, HISTORY_PUSH)
    assert.deepEqual(client.notices.map((frame) => frame[0]), [FRAME_LOCATION, FRAME_TITLE])
    assert.deepEqual(location(client.notices[0]), { history: HISTORY_PUSH, location: LOCATION_PATCHED, url: '/items?page=2', flash: '' })
    assert.equal(text(client.notices[1], FRAME_TITLE), 'Items – page 2')
    assert.equal(reply.frame[0], FRAME_REPLY)
    assert.ok(!JSON.stringify(reply.ops).includes('ROOT_HTML'), 'a patch, not a new page')
    assert.ok(reply.ops.some((op) => op[0] === 'SET_TEXT' && op[2] === '2'))
    await client.close()
  })

  test('a navigation keeps the socket and the numbering; the new view answers events', async () => {
    const { client } = await LiveClient.connect(`${base}items`)
    await client.event('next')
    const applied = client.position.applied
    const reply = await client.navigate('/items/7', NAVIGATE_MOUNT, HISTORY_REPLACE)
    assert.deepEqual(location(client.notices.at(-2)!), { history: HISTORY_REPLACE, location: LOCATION_MOUNTED, url: '/items/7', flash: '' })
    assert.equal(text(client.notices.at(-1)!, FRAME_TITLE), 'Item 7')
    assert.equal(reply.ops[0][0], 'ROOT_HTML')
    assert.match(JSON.stringify(reply.ops), /Item <!--ts\[\d+-->7</)
    assert.equal(client.position.applied, applied + 3, 'LOCATION, TITLE and the REPLY are numbered')
    assert.deepEqual((await client.event('click')).ops, [['SET_TEXT', 2, '1']])
    assert.equal((await client.event('next')).error?.code, ERROR_UNKNOWN_EVENT, 'the old view\'s handlers are gone with its page')
    await client.close()
  })

  test('back to an entry of the same view instance (history kept) patches it', async () => {
    const { client } = await LiveClient.connect(`${base}items?page=3`)
    await client.navigate('/items', NAVIGATE_PATCH, HISTORY_KEEP)
    assert.deepEqual(location(client.notices[0]), { history: HISTORY_KEEP, location: LOCATION_PATCHED, url: '/items', flash: '' })
    await client.close()
  })

  test('a patch to a URL another view serves mounts that view', async () => {
    const { client } = await LiveClient.connect(`${base}items`)
    const reply = await client.navigate('/items/2', NAVIGATE_PATCH, HISTORY_PUSH)
    assert.equal(location(client.notices[0]).location, LOCATION_MOUNTED)
    assert.equal(reply.ops[0][0], 'ROOT_HTML')
    await client.close()
  })

  test('a restore after a restart brings back the view the user navigated to, with its state', async () => {
    const { client } = await LiveClient.connect(`${base}items`)
    await client.navigate('/items/7', NAVIGATE_MOUNT, HISTORY_PUSH)
    await client.event('click')
    await client.event('click')
    const closed = client.closed()
    const port = Number(new URL(base).port)
    await server.close()
    await closed
    server = await start(port)
    const { client: again, joinReply } = await LiveClient.join(base, client.token, '', client.position)
    assert.equal(joinReply.session?.mode, SESSION_RESTORED)
    const page = JSON.stringify(joinReply.ops)
    assert.match(page, /Item <!--ts\[\d+-->7</)
    assert.match(page, /<p id=\\"clicks\\"><!--ts\[\d+-->2<!--ts\]--><\/p>/)
    assert.deepEqual((await again.event('click')).ops, [['SET_TEXT', 2, '3']])
    await again.close()
  })

  test('a navigation leaves the old view\'s topics', async () => {
    const { client } = await LiveClient.connect(`${base}room`)
    broadcast('room', 'one')
    await client.nextPush()
    await client.navigate('/items/1', NAVIGATE_MOUNT, HISTORY_PUSH)
    broadcast('room', 'two')
    const heard = await Promise.race([client.nextPush().then(() => 'push'), new Promise((resolve) => setTimeout(() => resolve('nothing'), 100))])
    assert.equal(heard, 'nothing')
    await client.close()
  })
})

describe('NAVIGATE that cannot be live', () => {
  test('a URL no live route serves, or one the app answers otherwise: LOCATION (load) and an empty REPLY', async () => {
    for (const url of ['/plain', '/nowhere', '/secret']) {
      const { client } = await LiveClient.connect(`${base}items`)
      const reply = await client.navigate(url, NAVIGATE_MOUNT, HISTORY_PUSH)
      assert.deepEqual(location(client.notices[0]), { history: HISTORY_PUSH, location: LOCATION_LOAD, url, flash: '' }, url)
      assert.deepEqual([reply.frame[0], reply.ops], [FRAME_REPLY, []], url)
      assert.deepEqual((await client.event('next')).error, undefined, `${url}: the view goes on until the page unloads`)
      await client.close()
    }
  })

  test('anything but a path of this app is refused with an error, never loaded', async () => {
    for (const url of ['javascript:alert(1)', 'http://evil.example/', '//evil.example/x', '/\\evil.example', 'items']) {
      const { client } = await LiveClient.connect(`${base}items`)
      const reply = await client.navigate(url, NAVIGATE_MOUNT, HISTORY_PUSH)
      assert.equal(reply.error?.code, ERROR_BAD_PAYLOAD, url)
      assert.match(reply.error!.message, /only paths of this app/)
      assert.equal(client.notices.length, 0, `${url}: no LOCATION`)
      await client.close()
    }
  })

  test('redirect() sends a page load with the session\'s flash signed for the cookie', async () => {
    const { client } = await LiveClient.connect(`${base}items`)
    await client.event('saveAndLeave')
    const redirect = location(client.notices[0])
    assert.deepEqual([redirect.location, redirect.url], [LOCATION_LOAD, '/items/5'])
    assert.ok(redirect.flash.length > 20, 'the signed flash rides along')
    await client.close()
  })
})

describe('exec, hook events and replies with data', () => {
  test('what mount() sends the page follows the SESSION frame; a navigation it asks for comes in a PUSH of its own', async () => {
    const { client } = await LiveClient.connect(`${base}greeter`)
    for (let i = 0; i < 100 && client.notices.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5))
    assert.deepEqual(client.notices.map((frame) => frame[0]), [FRAME_EXEC, FRAME_HOOK_EVENT])
    await client.close()

    const { client: moving } = await LiveClient.connect(`${base}mover`)
    const push = await moving.nextPush()
    assert.deepEqual(location(moving.notices[0]), { history: HISTORY_PUSH, location: LOCATION_MOUNTED, url: '/items/3', flash: '' })
    assert.equal(push.ops[0][0], 'ROOT_HTML')
    await moving.close()
  })

  test('exec and pushEvent frames follow the render', async () => {
    const { client } = await LiveClient.connect(`${base}room`)
    await client.event('announce')
    assert.deepEqual(client.notices.map((frame) => frame[0]), [FRAME_EXEC, FRAME_HOOK_EVENT])
    assert.equal(text(client.notices[0], FRAME_EXEC), "show('#banner')")
    const reader = new FrameReader(client.notices[1])
    reader.byte()
    assert.deepEqual([reader.string(), JSON.parse(reader.string())], ['said', { text: 'hi' }])
    await client.close()
  })

  test('a hook event gets the handler\'s return value in a REPLY_DATA; one that returns nothing a plain REPLY', async () => {
    const { client } = await LiveClient.connect(`${base}room`)
    const reply = await client.event('ts-hook:zoom', { _json: '{"by":3}' })
    assert.equal(reply.frame[0], FRAME_REPLY_DATA)
    assert.deepEqual(JSON.parse(reply.data!), { zoomed: 6 })
    assert.equal((await client.event('ts-hook:nothing', { _json: '{}' })).frame[0], FRAME_REPLY)
    assert.equal((await client.event('ts-hook:zoom', { _json: '{by' })).error?.code, ERROR_BAD_PAYLOAD, 'a payload that is not JSON')
    assert.equal((await client.event('ts-hook:announce', { _json: '{}' })).error?.code, ERROR_UNKNOWN_EVENT, 'not in ts-hook-events')
    await client.close()
  })
})
