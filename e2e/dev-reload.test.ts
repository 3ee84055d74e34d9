// Development mode in Chromium (docs/dev-loop.md): a changed stylesheet is swapped without
// reloading the page; after a restart (new boot id) a live page rejoins at once with its state, and
// a page without a live view reloads by itself. (A real `tsx watch` restart: e2e/hot-reload.test.ts.)
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import type { Browser, Page } from 'playwright-core'
import { LiveView, html, live } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { devModeOn } from '../packages/livets/src/dev/reload.ts'
import { assertRestored, launchBrowser, recordJoins, settled } from './browser.ts'

class Hello extends LiveView<{ n: number }> {
  mount() { this.state = { n: 0 } }
  add() { this.state.n++ }
  render() { return html`<main><h1>Hello</h1><button ts-on:click="add">add</button><output id="n">${this.state.n}</output></main>` }
}

const folder = mkdtempSync(join(tmpdir(), 'livets-dev-'))
const css = join(folder, 'app.css')
const sessionFile = join(folder, 'sessions.json')
writeFileSync(css, 'h1 { color: rgb(1, 2, 3) }')

function app(): Hono {
  const app = new Hono()
  app.get('/', live(Hello, { title: 'dev', head: '<link rel="stylesheet" href="/app.css">' }))
  app.get('/app.css', (c) => c.body(readFileSync(css, 'utf8'), 200, { 'content-type': 'text/css' }))
  app.get('/static', (c) => c.html('<!doctype html><html><head><title>static</title></head><body><p>no live view</p></body></html>'))
  return app
}

let browser: Browser
let server: LiveServer
let page: Page

before(async () => {
  browser = await launchBrowser()
  server = await serve(app(), { port: 0, dev: true, watch: [css], sessionFile, handleSignals: false })
  page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${server.port}/`)
  await settled(page)
})
after(async () => {
  await browser?.close()
  await server?.close()
  rmSync(folder, { recursive: true, force: true })
})

const color = () => page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)

describe('development mode in Chromium', () => {
  test('the page loads the dev script; an edited stylesheet is swapped in without a reload', async () => {
    assert.equal(await page.locator('script[src="/_livets/dev.js"]').count(), 1)
    assert.equal(await color(), 'rgb(1, 2, 3)')
    await page.getByRole('button', { name: 'add' }).click()
    await page.waitForFunction(() => document.querySelector('#n')?.textContent === '1')
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42 })
    const links = await page.locator('link[rel=stylesheet]').count()
    writeFileSync(css, 'h1 { color: rgb(4, 5, 6) }')
    await page.waitForFunction(() => getComputedStyle(document.querySelector('h1')!).color === 'rgb(4, 5, 6)')
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the page was not reloaded')
    assert.equal(await page.textContent('#n'), '1', 'the view kept its state')
    await page.waitForFunction((count) => document.querySelectorAll('link[rel=stylesheet]').length === count, links)
    assert.equal(await page.locator('link[rel=stylesheet]').count(), links, 'each old stylesheet link is gone once its new one loaded')
  })

  test('a restarted server (new code): a live page rejoins with its state and takes the stylesheets again, a page without a live view reloads', async () => {
    const port = server.port
    const plain = await browser.newPage()
    await plain.goto(`http://127.0.0.1:${port}/static`)
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 7 })
    await plain.evaluate(() => { (window as unknown as { marker: number }).marker = 7 })
    const joins = await page.evaluate(() => window.LiveTS!.connection.status.joins)
    const modes = await recordJoins(page)
    await server.close()
    // Rebuilt while no server watched it (Tailwind, after the same save): nobody announced it.
    writeFileSync(css, 'h1 { color: rgb(7, 8, 9) }')
    server = await serve(app(), { port, dev: true, watch: [css], sessionFile, handleSignals: false })
    await plain.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined, undefined, { timeout: 10_000 })
    await page.waitForFunction((before) => window.LiveTS!.connection.status.joins > before, joins, { timeout: 10_000 })
    await settled(page)
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'the live page was not reloaded')
    assert.equal(await page.textContent('#n'), '1', 'its view was restored from the checkpoint')
    assertRestored(await modes())
    await page.waitForFunction(() => getComputedStyle(document.querySelector('h1')!).color === 'rgb(7, 8, 9)')
    await plain.close()
  })

  test('pages of a server with development mode off have no dev script, and its endpoints do not exist', async () => {
    const plain = await serve(app(), { port: 0, dev: false })
    try {
      const body = await (await fetch(`http://127.0.0.1:${plain.port}/`)).text()
      assert.ok(!body.includes('/_livets/dev.js'))
      assert.equal((await fetch(`http://127.0.0.1:${plain.port}/_livets/dev.js`)).status, 404)
    } finally { await plain.close() }
  })

  test('development mode is on by default except when NODE_ENV is production', () => {
    assert.equal(devModeOn(undefined, {}), true)
    assert.equal(devModeOn(undefined, { NODE_ENV: 'development' }), true)
    assert.equal(devModeOn(undefined, { NODE_ENV: 'production' }), false)
    assert.equal(devModeOn(true, { NODE_ENV: 'production' }), true)
    assert.equal(devModeOn(false, {}), false)
  })
})
