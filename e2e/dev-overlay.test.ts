// The error overlay in Chromium (docs/dev-loop.md): in development a throw in mount, render, a
// handler or handleInfo shows the view, the step, the message and the stack over the last good DOM,
// under a strict Content-Security-Policy, until the next good render; a page that cannot render at
// all shows the same overlay, with the template's lines for a template the engine refuses. In
// production the page learns nothing of the error. (The overlay across real restarts under tsx
// watch: e2e/hot-reload.test.ts.)
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import { HTTPException } from 'hono/http-exception'
import type { Browser, Page } from 'playwright-core'
import { LiveView, broadcast, html, live, type MountContext } from 'livets'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'

const SECRET_DETAIL = 'the password is hunter2'

class Shaky extends LiveView<{ n: number; broken: boolean }> {
  mount(ctx: MountContext) {
    if (ctx.query.fail === 'mount') throw new Error(`mount failed on purpose; ${SECRET_DETAIL}`)
    this.state = { n: 0, broken: false }
    if (ctx.connected) this.subscribe('shaky')
  }
  add() { this.state.n++ }
  boom() { throw new Error(`the handler failed; ${SECRET_DETAIL}`) }
  breakRender() { this.state.broken = true }
  handleInfo(message: string) { throw new Error(`handleInfo could not take ${message}`) }
  render() {
    if (this.state.broken) throw new Error('render failed on purpose')
    return html`<main>
  <button id="add" ts-on:click="add">add</button><button id="boom" ts-on:click="boom">boom</button>
  <button id="break" ts-on:click="breakRender">break</button>
  <output id="n">${this.state.n}</output>
</main>`
  }
}

/** Keeps no checkpoint: a failing handler remounts it, and that render is not the good one that ends the overlay. */
class Forgetful extends Shaky {
  static persist = false
}

/** Answers 404 on purpose: an HTTPException is the app's answer, in development too. */
class Missing extends LiveView<Record<string, never>> {
  mount() { throw new HTTPException(404, { message: 'no such page' }) }
  render() { return html`<p>never</p>` }
}

class BadTemplate extends LiveView<Record<string, never>> {
  mount() { this.state = {} }
  render() {
    return html`<main>
  <p>fine</p>
  <p ts-bogus="x">not fine</p>
</main>`
  }
}

const POLICY = "default-src 'self'; require-trusted-types-for 'script'; trusted-types livets"

function app(): Hono {
  const app = new Hono()
  app.use('/strict', async (c, next) => { await next(); c.header('content-security-policy', POLICY) })
  app.use('/nonce', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: [NONCE], styleSrc: [NONCE], requireTrustedTypesFor: ["'script'"], trustedTypes: ['livets'] } }))
  app.get('/strict', live(Shaky))
  app.get('/nonce', live(Shaky, { nonce: (c) => c.get('secureHeadersNonce') }))
  app.get('/template', live(BadTemplate))
  app.get('/forgetful', live(Forgetful))
  app.get('/missing', live(Missing))
  return app
}

const folder = mkdtempSync(join(tmpdir(), 'livets-overlay-'))
let browser: Browser
let dev: Served
let production: Served

before(async () => {
  browser = await launchBrowser()
  dev = await serveApp(app(), { dev: true, sessionFile: join(folder, 'dev.json') })
  production = await serveApp(app(), { dev: false })
})
after(async () => {
  await browser?.close()
  await dev?.server.close()
  await production?.server.close()
  rmSync(folder, { recursive: true, force: true })
})

/** A page that records every Content-Security-Policy or Trusted Types complaint. */
async function open(url: string): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage()
  const violations: string[] = []
  page.on('console', (m) => { if (/Refused|Content Security Policy|TrustedHTML|TrustedScript/i.test(m.text())) violations.push(m.text()) })
  page.on('pageerror', (e) => violations.push(e.message))
  await page.goto(url)
  return { page, violations }
}

const overlay = (page: Page) => page.locator('.livets-dev-overlay')
const text = (page: Page, selector: string) => page.locator(selector).textContent()
const click = (page: Page, selector: string) => page.locator(selector).dispatchEvent('click') // the overlay covers the page

describe('the error overlay in development', () => {
  for (const path of ['strict', 'nonce']) {
    test(`handler, render and handleInfo errors each show the overlay until the next good render (${path === 'strict' ? "policy 'self'" : 'nonces'})`, async () => {
      const { page, violations } = await open(`${dev.url}${path}`)
      await settled(page)
      await click(page, '#add')
      await page.waitForFunction(() => document.querySelector('#n')?.textContent === '1')

      await click(page, '#boom')
      await overlay(page).waitFor()
      assert.equal(await overlay(page).evaluate((o) => getComputedStyle(o).position), 'fixed', 'styled by /_livets/dev.css')
      assert.equal(await text(page, '.livets-dev-view'), 'Shaky')
      assert.equal(await text(page, '.livets-dev-phase'), 'Shaky.boom()')
      assert.equal(await text(page, '.livets-dev-message'), `the handler failed; ${SECRET_DETAIL}`)
      assert.match((await text(page, '.livets-dev-stack')) ?? '', /at Shaky\.boom \(.*e2e\/dev-overlay\.test\.ts:\d+:\d+\)/)
      assert.equal(await text(page, '#n'), '1', 'the last good DOM stays underneath')
      await click(page, '#add')
      await overlay(page).waitFor({ state: 'detached' })

      await click(page, '#break')
      await overlay(page).waitFor()
      assert.equal(await text(page, '.livets-dev-phase'), 'Shaky.render() after Shaky.breakRender()')
      assert.equal(await text(page, '.livets-dev-message'), 'render failed on purpose')
      await click(page, '#add') // the state rolled back, so this renders
      await overlay(page).waitFor({ state: 'detached' })
      assert.equal(await text(page, '#n'), '3')

      broadcast('shaky', 'news')
      await overlay(page).waitFor()
      assert.equal(await text(page, '.livets-dev-phase'), 'Shaky.handleInfo()')
      assert.equal(await text(page, '.livets-dev-message'), 'handleInfo could not take news')
      await page.keyboard.press('Escape')
      await overlay(page).waitFor({ state: 'detached' })

      assert.deepEqual(violations, [])
      await page.close()
    })
  }

  test('a view that keeps no checkpoint remounts after a failing handler, and the overlay stays until the next render after that', async () => {
    const { page } = await open(`${dev.url}forgetful`)
    await settled(page)
    await click(page, '#add')
    await page.waitForFunction(() => document.querySelector('#n')?.textContent === '1')
    await click(page, '#boom')
    await overlay(page).waitFor()
    await page.waitForFunction(() => document.querySelector('#n')?.textContent === '0') // remounted
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(await overlay(page).count(), 1)
    assert.equal(await text(page, '.livets-dev-phase'), 'Forgetful.boom()')
    await click(page, '#add')
    await overlay(page).waitFor({ state: 'detached' })
    await page.close()
  })

  test('a page that cannot render shows the overlay, with the template\'s lines and the line and column for a template error', async () => {
    const { page, violations } = await open(`${dev.url}template`)
    await overlay(page).waitFor()
    assert.match((await text(page, 'h1')) ?? '', /could not be rendered/)
    assert.equal(await text(page, '.livets-dev-phase'), 'BadTemplate.render()')
    assert.match((await text(page, '.livets-dev-message')) ?? '', /template error at line 3, column \d+: unknown directive 'ts-bogus'/)
    assert.match((await text(page, '.livets-dev-overlay')) ?? '', /Template, line 3, column \d+/)
    assert.match((await text(page, '.livets-dev-line-error')) ?? '', /^3\s+<p ts-bogus="x">not fine<\/p>$/)
    assert.equal(await page.locator('.livets-dev-line').count(), 4, 'the lines around it')
    assert.deepEqual(violations, [])

    await page.goto(`${dev.url}strict?fail=mount`)
    await overlay(page).waitFor()
    assert.equal(await text(page, '.livets-dev-phase'), 'Shaky.mount()')
    assert.match((await text(page, '.livets-dev-message')) ?? '', /mount failed on purpose/)
    await page.close()

    const missing = await fetch(`${dev.url}missing`)
    assert.deepEqual([missing.status, await missing.text()], [404, 'no such page'], 'an HTTPException is the app\'s answer, not an error to show')
  })
})

describe('in production', () => {
  test('a failing handler tells the page nothing about the error, and there is no overlay to tell', async () => {
    const { page } = await open(`${production.url}strict`)
    await settled(page)
    await page.click('#boom')
    await page.waitForFunction(() => window.LiveTS?.connection.status.lastError !== null)
    const said = await page.evaluate(() => window.LiveTS!.connection.status.lastError!)
    assert.doesNotMatch(said, /hunter2|handler failed|dev-overlay\.test/, `the page was told: ${said}`)
    assert.equal(await page.locator('script[src="/_livets/dev.js"], .livets-dev-overlay').count(), 0)
    await page.close()
    for (const path of ['/_livets/dev.js', '/_livets/dev.css', '/_livets/dev/events'])
      assert.equal((await fetch(new URL(path, production.url))).status, 404, path)
  })

  test('a page that cannot render gets a generic message', async () => {
    for (const path of ['template', 'strict?fail=mount']) {
      const response = await fetch(`${production.url}${path}`)
      const body = await response.text()
      assert.equal(response.status, 500)
      assert.doesNotMatch(body, /ts-bogus|hunter2|mount failed|at /, `${path} answered: ${body}`)
    }
  })
})
