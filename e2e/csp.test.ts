// A strict Content-Security-Policy in Chromium: default-src 'self', no 'unsafe-inline', Trusted Types
// enforced. The page joins, patches (text, attributes, inserted list items, ts-show) and never
// trips the policy.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { Hono } from 'hono'
import { secureHeaders, NONCE } from 'hono/secure-headers'
import { LiveView, html, live } from 'livets'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'

class Strict extends LiveView<{ open: boolean; items: string[] }> {
  mount() { this.state = { open: false, items: [] } }
  toggle() { this.state.open = !this.state.open }
  add() { this.state.items.push(`item ${this.state.items.length + 1}`) }
  render() {
    return html`<main>
  <button id="toggle" ts-on:click="toggle">toggle</button><button id="add" ts-on:click="add">add</button>
  <nav id="menu" class="menu" ts-show="open">menu</nav>
  <ul>${this.state.items.map((item) => html`<li ts-key="${item}">${item}</li>`)}</ul>
</main>`
  }
}

const POLICY = "default-src 'self'; require-trusted-types-for 'script'; trusted-types livets"

let browser: Browser
let served: Served
before(async () => {
  const app = new Hono()
  app.use('/plain', async (c, next) => { await next(); c.header('content-security-policy', POLICY) })
  // With a nonce-based policy (Hono's secureHeaders), the page's own tags carry the request's nonce.
  app.use('/nonce', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: [NONCE], styleSrc: [NONCE], requireTrustedTypesFor: ["'script'"], trustedTypes: ['livets'] } }))
  // An author's stylesheet that shows the menu as flex: ts-show must still hide it.
  const author = '<link rel="stylesheet" href="/author.css">'
  app.get('/author.css', (c) => c.body('.menu { display: flex }', 200, { 'content-type': 'text/css' }))
  app.get('/plain', live(Strict, { head: author }))
  app.get('/nonce', live(Strict, { nonce: (c) => c.get('secureHeadersNonce') }))
  served = await serveApp(app)
  browser = await launchBrowser()
})
after(async () => { await browser?.close(); await served?.server.close() })

for (const path of ['plain', 'nonce']) {
  test(`under a strict policy (${path === 'plain' ? "'self'" : 'nonces'}) the page goes live and patches without a violation`, async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (m) => { if (/Refused|Content Security Policy|TrustedHTML/i.test(m.text())) violations.push(m.text()) })
    page.on('pageerror', (e) => violations.push(e.message))
    await page.goto(`${served.url}${path}`)
    await settled(page)
    assert.equal(await page.locator('#menu').isVisible(), false, 'ts-show hides, even against an author\'s display rule')
    await page.click('#toggle')
    await page.waitForFunction(() => !document.getElementById('menu')!.hidden)
    assert.equal(await page.locator('#menu').isVisible(), true)
    for (let i = 0; i < 3; i++) await page.click('#add')
    await page.waitForFunction(() => document.querySelectorAll('li').length === 3)
    await page.click('#toggle')
    await page.waitForFunction(() => document.getElementById('menu')!.hidden)
    await settled(page)
    assert.deepEqual(violations, [])
    assert.equal(await page.evaluate(() => document.querySelectorAll('[style]').length), 0, 'no inline style anywhere')
    await page.close()
  })
}
