// Loading states and form recovery options in Chromium: ts-loading / ts-<type>-loading and
// ts-disable-with appear while an event is in flight and undo themselves on the reply, on an error
// reply and on a reconnect; after a remount, forms are sent back unless ts-auto-recover="ignore",
// or as the event ts-auto-recover names.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import type { Browser, Page } from 'playwright-core'
import { LiveView, html, live, type EventPayload } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { SESSION_FRESH } from '@livets/client/protocol'
import { launchBrowser, settled } from './browser.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

class Busy extends LiveView<{ done: number; heard: string[] }> {
  mount() { this.state = { done: 0, heard: [] } }
  async slow() { await sleep(500); this.state.done++ }
  async boom() { await sleep(500); throw new Error('the save failed') }
  async longer() { await sleep(1500); this.state.done++ }
  typedA(payload: EventPayload) { this.state.heard.push(`typedA:${payload.a ?? payload.value}`) }
  typedB(payload: EventPayload) { this.state.heard.push(`typedB:${payload.b ?? payload.value}`) }
  recovered(payload: EventPayload) { this.state.heard.push(`recovered:${payload.c}`) }
  render() {
    return html`<div>
<button id="slow" ts-on:click="slow" ts-disable-with="Working…">Go</button>
<button id="boom" ts-on:click="boom" ts-disable-with="Saving…">Save</button>
<button id="longer" ts-on:click="longer" ts-disable-with="Waiting…">Wait</button>
<form id="a" ts-on:change="typedA"><input id="a-field" name="a"></form>
<form id="b" ts-on:change="typedB" ts-auto-recover="ignore"><input id="b-field" name="b"></form>
<form id="c" ts-on:change="typedA" ts-auto-recover="recovered"><input id="c-field" name="c"></form>
<output id="done">${this.state.done}</output><output id="heard">${this.state.heard.join(',')}</output></div>`
  }
}

let browser: Browser
let server: LiveServer
let page: Page
const logs: string[] = []

before(async () => {
  const app = new Hono()
  app.get('/', live(Busy))
  // No retention: a dropped socket ends its session, so the page comes back to a fresh mount.
  server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, retentionMs: 0, logger: { error: (m) => logs.push(m), warn: (m) => logs.push(m) } })
  browser = await launchBrowser()
  page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${server.port}/`)
  await settled(page)
})
after(async () => {
  await browser?.close()
  await server?.close()
})

const look = (id: string) => page.evaluate((buttonId) => {
  const button = document.getElementById(buttonId) as HTMLButtonElement
  return { classes: button.className, disabled: button.disabled, text: button.textContent }
}, id)

test('a slow handler: the button is loading and disabled with its text until the reply', async () => {
  await page.click('#slow')
  assert.deepEqual(await look('slow'), { classes: 'ts-loading ts-click-loading', disabled: true, text: 'Working…' })
  await sleep(250)
  assert.deepEqual(await look('slow'), { classes: 'ts-loading ts-click-loading', disabled: true, text: 'Working…' })
  await page.waitForFunction(() => document.getElementById('done')!.textContent === '1')
  assert.deepEqual(await look('slow'), { classes: '', disabled: false, text: 'Go' })
})

test('an error reply undoes the loading state too', async () => {
  await page.click('#boom')
  assert.deepEqual(await look('boom'), { classes: 'ts-loading ts-click-loading', disabled: true, text: 'Saving…' })
  await page.waitForFunction(() => window.LiveTS!.connection.status.lastError !== null)
  assert.deepEqual(await look('boom'), { classes: '', disabled: false, text: 'Save' })
})

test('a reconnect (a SESSION frame) undoes it, and forms are recovered as they ask', async () => {
  await page.locator('#a-field').fill('alpha')
  await page.locator('#a-field').dispatchEvent('change')
  await page.locator('#b-field').fill('beta')
  await page.locator('#b-field').dispatchEvent('change')
  await page.locator('#c-field').fill('gamma')
  await settled(page)
  await page.click('#longer')
  assert.equal((await look('longer')).disabled, true)
  const joins = await page.evaluate(() => window.LiveTS!.connection.status.joins)
  server.closeConnections()
  await page.waitForFunction((before) => window.LiveTS!.connection.status.joins > before && window.LiveTS!.connection.status.connected, joins)
  assert.deepEqual(await look('longer'), { classes: '', disabled: false, text: 'Wait' })
  await settled(page)
  assert.equal(await page.evaluate(() => window.LiveTS!.connection.status.session), SESSION_FRESH)
  // The fresh view heard form a (its change handler) and form c (the event it names), not form b.
  await page.waitForFunction(() => document.getElementById('heard')!.textContent!.includes('recovered'))
  assert.equal(await page.textContent('#heard'), 'typedA:alpha,recovered:gamma')
  // The recovered forms keep their text; the one that opted out shows what the fresh view renders.
  assert.deepEqual([await page.inputValue('#a-field'), await page.inputValue('#b-field'), await page.inputValue('#c-field')], ['alpha', '', 'gamma'])
})

test('the first join sends only the forms whose fields no longer hold what the page rendered (as when a browser puts back what was typed)', async () => {
  // Arrange: one page left as it loaded; one whose field the browser filled before the join.
  const untouched = await browser.newPage()
  const filled = await browser.newPage()
  // A string, not a function: tsx would name the listener with a helper the page does not have.
  await filled.addInitScript(`document.addEventListener('DOMContentLoaded', () => { document.getElementById('c-field').value = 'kept' })`)

  // Act
  await untouched.goto(`http://127.0.0.1:${server.port}/`)
  await filled.goto(`http://127.0.0.1:${server.port}/`)
  await Promise.all([settled(untouched), settled(filled)])

  // Assert: the filled form was sent as the event it names; nothing else was.
  await filled.waitForFunction(() => document.getElementById('heard')!.textContent!.includes('recovered'))
  assert.equal(await filled.textContent('#heard'), 'recovered:kept')
  assert.equal(await untouched.textContent('#heard'), '')
  await Promise.all([untouched.close(), filled.close()])
})
