// Hibernation in Chromium (docs/architecture.md, "Hibernation"): a page left idle past
// hibernateAfterMs has its view's state kept as JSON on the server; the next click finds it as it
// was, and the patch that answers changes only what the click changed (the other items' DOM nodes
// are the same ones).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import type { Browser, Page } from 'playwright-core'
import { LiveView, html, live, type EventPayload } from 'livets'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'
import { until } from '../packages/livets/test/fixtures/until.ts'

const ITEMS = 2_000
/** The live connection's instance of the view (the page load's static render mounts one too). */
const views: LiveView<any>[] = []

class Items extends LiveView<{ items: Array<{ id: number; label: string }>; next: number }> {
  mount() {
    views.push(this)
    this.state = { items: Array.from({ length: ITEMS }, (_, i) => ({ id: i + 1, label: `item ${i + 1}` })), next: ITEMS + 1 }
  }
  add() { this.state.items.push({ id: this.state.next, label: `item ${this.state.next++}` }) }
  rename({ id }: EventPayload) { const item = this.state.items.find((i) => i.id === Number(id)); if (item) item.label += ' (renamed)' }
  render() {
    return html`<p id="count">${this.state.items.length}</p><button id="add" ts-on:click="add">add</button>
<button id="rename5" ts-on:click="rename" ts-value-id="5">rename 5</button>
<ul>${this.state.items.map((item) => html`<li ts-key="${item.id}" id="item-${item.id}">${item.label}</li>`)}</ul>`
  }
}

const asleep = (view: LiveView<any>) => Object.getOwnPropertyDescriptor(view, 'state')?.get !== undefined

let browser: Browser
let served: Served
let page: Page

before(async () => {
  const app = new Hono()
  app.get('/', live(Items))
  served = await serveApp(app, { hibernateAfterMs: 300 })
  browser = await launchBrowser()
  page = await browser.newPage()
})
after(async () => {
  await browser?.close()
  await served?.server.close()
})

test('a page idle past hibernateAfterMs answers its next clicks as if it had not slept', async () => {
  await page.goto(served.url)
  await settled(page)
  const view = views[views.length - 1]
  // A mark on item 1's element: a patch that rewrote the list would make a new element without it.
  await page.evaluate(() => { (document.getElementById('item-1') as HTMLElement & { mark?: string }).mark = 'kept' })
  await until(() => asleep(view), 'the view\'s state to hibernate')

  await page.click('#add')
  await page.waitForFunction((count) => document.getElementById('count')?.textContent === String(count), ITEMS + 1)
  assert.equal(await page.textContent(`#item-${ITEMS + 1}`), `item ${ITEMS + 1}`)
  assert.equal(await page.evaluate(() => (document.getElementById('item-1') as HTMLElement & { mark?: string }).mark), 'kept')

  await until(() => asleep(view), 'the view\'s state to hibernate again')
  await page.click('#rename5')
  await page.waitForFunction(() => document.getElementById('item-5')?.textContent === 'item 5 (renamed)')
  assert.equal(await page.locator('li').count(), ITEMS + 1)
  assert.equal(await page.evaluate(() => (document.getElementById('item-1') as HTMLElement & { mark?: string }).mark), 'kept')
  assert.deepEqual(served.logs, [])
})
