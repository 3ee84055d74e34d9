// ts-on:* modifiers in real Chromium: every handler of the test view counts its events in server
// state, which the page shows; the test drives real input and reads the counts, and also counts
// the EVENT frames the page sent, so an extra or missing send is caught on both ends.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import type { Browser, Page } from 'playwright-core'
import { LiveView, html, live } from 'livets'
import { EventNameReader, FRAME_EVENT, FrameReader } from '@livets/client/protocol'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'

interface State {
  /** Events handled, by handler name. */
  counts: Record<string, number>
  /** The last payload of each handler. */
  last: Record<string, Record<string, string>>
  /** Whether the modal (a .window binding, and the page's only contextmenu binding) is on the page. */
  open: boolean
}

class EventsView extends LiveView<State> {
  mount() {
    this.state = { counts: {}, last: {}, open: false }
  }

  /** Every handler, toggle included, lands here: no view method has these names. */
  handleEvent(name: string, payload: Record<string, string>) {
    if (name === 'toggle') this.state.open = !this.state.open
    this.state.counts[name] = (this.state.counts[name] ?? 0) + 1
    this.state.last[name] = payload
  }

  render() {
    return html`<main>
  <input id="keys" ts-on:keydown.enter="save" ts-on:keydown.escape="cancel" ts-on:keydown.ctrl.enter="saveAll">
  <input id="quiet" ts-on:keydown.escape.stop="quietCancel">
  <input id="search" ts-on:input.debounce.200="search">
  <input id="slider" ts-on:input.throttle.100="slide">
  <div id="pad" style="width: 300px; height: 60px; background: #eee" ts-on:mousemove.throttle.100="move" ts-value-pad="yes"></div>
  <button id="once" ts-on:click.once="once">once</button>
  <div id="outer" ts-on:click="outer"><button id="inner" ts-on:click.stop="inner">inner</button> <button id="plain">plain</button></div>
  <div id="self" style="padding: 30px; background: #ddd" ts-on:click.self="self"><span id="self-child">child</span></div>
  <a id="link" href="/elsewhere" ts-on:click.prevent="link" ts-value-to="elsewhere">link</a>
  <button id="toggle" ts-on:click="toggle">toggle</button>
  ${this.state.open ? html`<div id="modal" ts-on:keydown.window.escape="close">modal <button id="menu" ts-on:contextmenu.prevent="menu">menu</button></div>` : ''}
  <button id="dbl" ts-on:dblclick="dbl" ts-value-n="2">double</button>
  <input id="focus" ts-on:focusout="focusout">
  <div id="hover" style="padding: 20px; background: #ccc" ts-on:mouseenter="enter"><span id="hover-child">hover child</span></div>
  <pre id="log">${JSON.stringify({ counts: this.state.counts, last: this.state.last })}</pre>
</main>`
  }
}

/** A plain-string view: no engine template checks, so the client is the one to refuse a bad modifier. */
class PlainView extends LiveView<{ clicks: number }> {
  mount() { this.state = { clicks: 0 } }
  handleEvent() { this.state.clicks++ }
  render() {
    return `<div><button id="typo" ts-on:click.prevnt="clicked">go</button><p id="clicks">${this.state.clicks}</p></div>`
  }
}

let browser: Browser
let served: Served

before(async () => {
  const app = new Hono()
  app.get('/', live(EventsView, { title: 'events' }))
  app.get('/plain', live(PlainView, { title: 'plain' }))
  served = await serveApp(app)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await served?.server.close()
})

interface Opened { page: Page; sent: string[]; errors: string[] }

/** Opens a fresh page (fresh server state), recording the event names it sends and its console errors. */
async function open(path = ''): Promise<Opened> {
  const page = await browser.newPage()
  const sent: string[] = []
  const errors: string[] = []
  page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text()) })
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('websocket', (ws) => {
    const names = new EventNameReader() // each link names its events anew (docs/protocol.md, "Event names")
    ws.on('framesent', (frame) => {
      const reader = new FrameReader(Buffer.from(frame.payload as Buffer))
      // FRAME_EVENT: the opcode, the acknowledgement, then the handler's name (in full, or by index).
      if (reader.byte() === FRAME_EVENT) { reader.varUint(); sent.push(names.read(reader)) }
    })
  })
  await page.goto(served.url + path)
  await settled(page)
  return { page, sent, errors }
}

interface Log { counts: Record<string, number>; last: Record<string, Record<string, string>> }

async function log(page: Page): Promise<Log> {
  return JSON.parse((await page.textContent('#log'))!) as Log
}

/**
 * Waits long enough for a late (debounced, throttled) send to have happened and been answered,
 * then returns the server's counts: tests compare them exactly.
 */
async function finalCounts(page: Page, waitMs = 400): Promise<Record<string, number>> {
  await page.waitForTimeout(waitMs)
  await settled(page)
  return (await log(page)).counts
}

function tally(names: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1
  return counts
}

/** The counts match what the page sent, and nothing went wrong on either side. */
async function checkAndClose({ page, sent, errors }: Opened, expected: Record<string, number>): Promise<void> {
  assert.deepEqual(await finalCounts(page), expected, 'server counts')
  assert.deepEqual(tally(sent), expected, 'EVENT frames sent')
  assert.deepEqual(errors, [], 'no client errors')
  assert.deepEqual(served.logs, [], 'no server errors')
  await page.close()
}

describe('ts-on modifiers in Chromium', () => {
  test('key filters: separate attributes on one input each take their key; .ctrl must be held', async () => {
    const opened = await open()
    const { page } = opened
    await page.click('#keys')
    await page.keyboard.type('ab')
    await page.keyboard.press('Enter')
    await settled(page)
    assert.deepEqual((await log(page)).last.save, { key: 'Enter', value: 'ab' })
    await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    await page.click('#keys')
    await page.keyboard.press('Control+Enter') // .enter does not exclude other modifiers (as in Vue)
    await checkAndClose(opened, { save: 2, cancel: 1, saveAll: 1 })
  })

  test('.stop on an input keeps Escape from the .window binding', async () => {
    const opened = await open()
    const { page } = opened
    await page.click('#toggle')
    await page.waitForSelector('#modal')
    await page.click('#keys')
    await page.keyboard.press('Escape') // the input's binding, then the event bubbles to window
    await page.waitForFunction(() => document.getElementById('log')!.textContent!.includes('"close":1'))
    await page.click('#quiet')
    await page.keyboard.press('Escape')
    await checkAndClose(opened, { toggle: 1, cancel: 1, close: 1, quietCancel: 1 })
  })

  test('.debounce.200: five quick keystrokes send one event, with the full value', async () => {
    const opened = await open()
    await opened.page.click('#search')
    await opened.page.keyboard.type('hello', { delay: 20 })
    await opened.page.waitForFunction(() => document.getElementById('log')!.textContent!.includes('"search":1'))
    assert.deepEqual((await log(opened.page)).last.search, { value: 'hello' })
    await checkAndClose(opened, { search: 1 })
  })

  test('.throttle.100: a burst sends the first event at once and the last one after the window', async () => {
    const opened = await open()
    const { page } = opened
    // Twenty input events in one task: well inside one 100 ms window, whatever the machine's load.
    await page.evaluate(() => {
      const slider = document.getElementById('slider') as HTMLInputElement
      for (let i = 1; i <= 20; i++) {
        slider.value = String(i)
        slider.dispatchEvent(new Event('input', { bubbles: true }))
      }
    })
    await page.waitForFunction(() => document.getElementById('log')!.textContent!.includes('"slide":2'))
    assert.deepEqual((await log(page)).last.slide, { value: '20' })
    await checkAndClose(opened, { slide: 2 })
  })

  test('.throttle.100 on real mouse moves: at most one send per 100 ms, the first at once', async () => {
    const opened = await open()
    const { page } = opened
    const box = (await page.locator('#pad').boundingBox())!
    const started = Date.now() // before the first move: it is already in the pad, and sends
    await page.mouse.move(box.x + 2, box.y + box.height / 2)
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 40 })
    const elapsed = Date.now() - started
    const counts = await finalCounts(page)
    // One at the start, then at most one per window that the moves lasted, and a trailing one.
    assert.ok(counts.move >= 2 && counts.move <= Math.floor(elapsed / 100) + 2, `${counts.move} sends in ${elapsed} ms of moving`)
    assert.deepEqual((await log(page)).last.move, { pad: 'yes' })
    await checkAndClose(opened, { move: counts.move })
  })

  test('.once: three clicks, one event', async () => {
    const opened = await open()
    for (let i = 0; i < 3; i++) await opened.page.click('#once')
    await checkAndClose(opened, { once: 1 })
  })

  test('.stop: the inner handler runs, the outer one and listeners outside the view do not', async () => {
    const opened = await open()
    const { page } = opened
    await page.evaluate(() => {
      (window as unknown as { documentClicks: number }).documentClicks = 0
      document.addEventListener('click', () => { (window as unknown as { documentClicks: number }).documentClicks++ })
    })
    await page.click('#inner')
    await page.click('#inner')
    await page.click('#plain') // no binding of its own: the click reaches the outer div
    await settled(page)
    assert.equal(await page.evaluate(() => (window as unknown as { documentClicks: number }).documentClicks), 1)
    await checkAndClose(opened, { inner: 2, outer: 1 })
  })

  test('.self: clicks on a child do not count, clicks on the element do', async () => {
    const opened = await open()
    await opened.page.click('#self-child')
    await opened.page.click('#self', { position: { x: 5, y: 5 } })
    await checkAndClose(opened, { self: 1 })
  })

  test('.prevent: a link click is sent and does not navigate', async () => {
    const opened = await open()
    const { page } = opened
    const url = page.url()
    await page.click('#link')
    await settled(page)
    assert.deepEqual((await log(page)).last.link, { to: 'elsewhere' })
    assert.equal(page.url(), url)
    await checkAndClose(opened, { link: 1 })
  })

  test('.window: Escape anywhere counts, only while the element is on the page', async () => {
    const opened = await open()
    const { page } = opened
    /** Escape with the focus on nothing in particular (a click on the log focuses the body). */
    const escape = async (): Promise<void> => {
      await page.click('#log')
      await page.keyboard.press('Escape')
      await settled(page)
    }
    await escape() // no element binds it yet: nothing is sent
    await page.click('#toggle') // a patch inserts the element: its window listener starts
    await page.waitForSelector('#modal')
    await escape()
    await page.keyboard.press('Enter') // another key: filtered out
    await page.waitForFunction(() => document.getElementById('log')!.textContent!.includes('"close":1'))
    await page.click('#menu', { button: 'right' }) // contextmenu: a type that only the inserted markup named
    await page.click('#toggle') // the patch removes the element
    await page.waitForSelector('#modal', { state: 'detached' })
    await escape()
    await page.click('#toggle') // and a patch inserts it again
    await page.waitForSelector('#modal')
    await escape()
    await checkAndClose(opened, { toggle: 3, close: 2, menu: 1 })
  })

  test('events outside the old fixed list: dblclick, focusout, mouseenter', async () => {
    const opened = await open()
    const { page } = opened
    await page.dblclick('#dbl')
    await page.click('#focus')
    await page.click('#log') // focus leaves the input
    await page.hover('#hover', { position: { x: 2, y: 2 } })
    await page.hover('#hover-child') // moving onto a child is not a new mouseenter of #hover
    await page.mouse.move(0, 0)
    await page.hover('#hover', { position: { x: 2, y: 2 } })
    await settled(page)
    assert.deepEqual((await log(page)).last.dbl, { n: '2' })
    await checkAndClose(opened, { dbl: 1, focusout: 1, enter: 2 })
  })

  test('an unknown modifier is reported and ignored, not guessed at (plain-string view)', async () => {
    const { page, sent, errors } = await open('plain')
    assert.equal(errors.length, 1)
    assert.match(errors[0], /ts-on:click\.prevnt: unknown modifier '\.prevnt'/)
    await page.click('#typo')
    await page.waitForFunction(() => document.getElementById('clicks')!.textContent === '1')
    assert.deepEqual(sent, ['clicked'])
    await page.close()
  })
})
