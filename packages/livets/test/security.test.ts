// What a hostile client or page cannot do: open a socket from another site, replay a page token,
// forge who it is; and what a server refuses to start without (docs/security.md).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { Hono } from 'hono'
import { LiveView, html, live, type MountContext } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient, pageToken } from 'livets/testing'
import { CLOSE_BAD_TOKEN, SOCKET_PATH } from '@livets/client/protocol'

class Whoami extends LiveView<{ user: string; connected: boolean }> {
  mount(ctx: MountContext) { this.state = { user: String(ctx.session.user ?? 'nobody'), connected: ctx.connected } }
  render() { return html`<p>${this.state.user} ${this.state.connected ? 'live' : 'static'}</p>` }
}

const logs: string[] = []
let server: LiveServer
let wide: LiveServer
let base: string

before(async () => {
  const app = new Hono()
  // The app decides who the user is at the GET (here a header; in an app, a signed cookie).
  app.get('/', live(Whoami, { session: (c) => ({ user: c.req.header('x-user') ?? 'nobody' }) }))
  const logger = { error: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) }
  server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger })
  wide = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger, origins: ['https://app.example.com'] })
  base = `http://127.0.0.1:${server.port}/`
})
after(async () => { await server.close(); await wide.close() })

/** The status of a WebSocket upgrade sent with `origin` (101 when it is accepted). */
function upgradeStatus(port: number, origin: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${SOCKET_PATH}`, origin === undefined ? {} : { origin })
    socket.once('open', () => { socket.terminate(); resolve(101) })
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    socket.once('error', () => {})
  })
}

describe('security', () => {
  test('the upgrade checks Origin: the page\'s own origin and the configured ones pass, others get 403 and one log line', async () => {
    const own = `http://127.0.0.1:${server.port}`
    assert.equal(await upgradeStatus(server.port, own), 101)
    assert.equal(await upgradeStatus(server.port, undefined), 101, 'no Origin: not a browser, no cookies to ride on')
    const before = logs.length
    assert.equal(await upgradeStatus(server.port, 'https://evil.example'), 403)
    assert.equal(await upgradeStatus(server.port, 'null'), 403)
    assert.equal(logs.length, before + 2)
    assert.match(logs.at(-2)!, /Origin https:\/\/evil.example is not this server's/)
    assert.equal(await upgradeStatus(wide.port, 'https://app.example.com'), 101, 'origins widens the default')
    assert.equal(await upgradeStatus(wide.port, 'https://other.example.com'), 403)
  })

  test('ctx.session comes from the app at the GET and, signed into the token, to the live mount', async () => {
    const html = await (await fetch(base, { headers: { 'x-user': 'ada' } })).text()
    assert.match(html, /ada<!--ts\]--> <!--ts\[1-->static/)
    const { joinReply, client } = await LiveClient.join(base, pageToken(html), html)
    // Only "static" → "live" changes: the live mount saw the same user, from the token.
    assert.deepEqual(joinReply.ops, [['SET_TEXT', 1, 'live']])
    await client.close()
  })

  test('a page token starts one session: a replay is refused with 4401', async () => {
    const html = await (await fetch(base)).text()
    const { client } = await LiveClient.join(base, pageToken(html), html)
    await assert.rejects(LiveClient.join(base, pageToken(html)), (e: { code: number; reason: string }) => e.code === CLOSE_BAD_TOKEN && /already started a session/.test(e.reason))
    await client.close()
  })

  test('without LIVETS_SECRET a production server refuses to start, and says what to set', () => {
    const script = fileURLToPath(new URL('./fixtures/serve-one-view.ts', import.meta.url))
    const run = spawnSync(process.execPath, ['--conditions=livets-source', '--import', 'tsx', script], {
      env: { ...process.env, NODE_ENV: 'production', LIVETS_SECRET: '' }, encoding: 'utf8', timeout: 30_000,
    })
    assert.notEqual(run.status, 0)
    assert.match(run.stderr, /LIVETS_SECRET is not set\. In production it must be/)
    assert.match(run.stderr, /openssl rand -base64 32/)
  })
})

describe('safe URLs', () => {
  class Links extends LiveView<{ url: string }> {
    mount() { this.state = { url: 'javascript:alert(document.cookie)' } }
    go({ url }: { url: string }) { this.state.url = url }
    render() { return html`<a id="link" href="${this.state.url}" ts-on:click="go">link</a>` }
  }

  test('an interpolated javascript: or data:text/html URL is replaced, in the page and in patches, with a warning', async () => {
    const app = new Hono()
    app.get('/', live(Links))
    const warnings: string[] = []
    const links = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger: { error: () => {}, warn: (m) => warnings.push(m) } })
    try {
      const url = `http://127.0.0.1:${links.port}/`
      const page = await (await fetch(url)).text()
      assert.match(page, /href="about:invalid#unsafe-url"/)
      assert.doesNotMatch(page, /javascript:/)
      const { client } = await LiveClient.join(url, pageToken(page), page)
      const safe = await client.event('go', { url: '/items/7' })
      assert.deepEqual(safe.ops, [['SET_ATTR', 0, '/items/7']])
      const patched = await client.event('go', { url: ' DATA:text/html,<script>alert(1)</script>' })
      assert.deepEqual(patched.ops, [['SET_ATTR', 0, 'about:invalid#unsafe-url']])
      assert.ok(warnings.some((w) => w.includes('Links: href=" DATA:text/html') && w.includes('raw()')), warnings.join('\n'))
      await client.close()
    } finally { await links.close() }
  })
})
