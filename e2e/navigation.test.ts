// Live navigation in Chromium (docs/navigation.md): ts-patch and ts-navigate keep one WebSocket,
// change the URL and the title; back and forward bring the right view and params back; flash
// messages survive navigate and redirect; what live navigation cannot take is a normal page load.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { FRAME_NAVIGATE } from '@livets/client/protocol'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'
import { navApp } from './fixtures/nav-app.ts'

let browser: Browser
let served: Served

before(async () => {
  served = await serveApp(navApp())
  browser = await launchBrowser()
})
after(async () => { await browser?.close(); await served?.server.close() })

/** A page with its WebSocket connections and the NAVIGATE frames it sent counted. */
interface Watched { page: Page; sockets: () => number; navigations: () => number }

async function open(path: string): Promise<Watched> {
  const page = await browser.newPage()
  let sockets = 0
  let navigations = 0
  page.on('websocket', (ws) => {
    sockets++
    ws.on('framesent', (frame) => { if (typeof frame.payload !== 'string' && frame.payload[0] === FRAME_NAVIGATE) navigations++ })
  })
  await page.goto(new URL(path, served.url).href)
  await settled(page)
  return { page, sockets: () => sockets, navigations: () => navigations }
}

const heading = (page: Page): Promise<string | null> => page.textContent('#heading')
const path = (page: Page): string => { const url = new URL(page.url()); return url.pathname + url.search }

/** Waits until the heading says `text` and the live connection is quiet again. */
async function shows(page: Page, text: string): Promise<void> {
  await page.waitForFunction((expected) => document.getElementById('heading')?.textContent === expected, text)
  await settled(page)
}

describe('live patch and navigation in Chromium', () => {
  test('a ts-patch link keeps the one socket, changes the URL and the title, and renders the same view with new params', async () => {
    const { page, sockets } = await open('/items')
    const loads: string[] = []
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) loads.push(frame.url()) })
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42 })
    await page.click('#page2')
    await shows(page, 'Items, page 2')
    assert.equal(path(page), '/items?page=2')
    assert.equal(await page.title(), 'Items – page 2')
    assert.equal(await page.textContent('#visits'), '2', 'the same view instance went on')
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no page load')
    assert.equal(sockets(), 1)
    await page.close()
  })

  test('ts-patch.replace replaces the history entry; pushPatch from a handler pushes one', async () => {
    const { page } = await open('/items')
    const length = await page.evaluate(() => history.length)
    await page.click('#page4-replace')
    await shows(page, 'Items, page 4')
    assert.equal(await page.evaluate(() => history.length), length, 'replaced, not added')
    await page.click('#next')
    await shows(page, 'Items, page 5')
    assert.equal(path(page), '/items?page=5')
    assert.equal(await page.evaluate(() => history.length), length + 1)
    await page.click('#next-in-place')
    await shows(page, 'Items, page 6')
    assert.equal(await page.evaluate(() => history.length), length + 1, '{ replace: true } replaced it')
    await page.close()
  })

  test('a ts-navigate link mounts the other view over the same socket', async () => {
    const { page, sockets } = await open('/items')
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 7 })
    await page.click('#item7')
    await shows(page, 'Item 7')
    assert.equal(path(page), '/items/7')
    assert.equal(await page.title(), 'Item 7')
    await page.click('#click')
    await page.waitForFunction(() => document.getElementById('clicks')?.textContent === '1')
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'no page load')
    assert.equal(sockets(), 1)
    await page.close()
  })

  test('back and forward bring the right view and params back, over the same socket', async () => {
    const { page, sockets } = await open('/items')
    await page.click('#page2')
    await shows(page, 'Items, page 2')
    await page.click('#item7')
    await shows(page, 'Item 7')
    await page.click('#back-to-list')
    await shows(page, 'Items, page 2')
    await page.click('#page3')
    await shows(page, 'Items, page 3')

    await page.goBack()
    await shows(page, 'Items, page 2')
    assert.equal(await page.title(), 'Items – page 2')
    await page.goBack()
    await shows(page, 'Item 7')
    assert.equal(path(page), '/items/7')
    assert.equal(await page.title(), 'Item 7')
    await page.goBack()
    await shows(page, 'Items, page 2')
    await page.goBack()
    await shows(page, 'Items, page 1')
    assert.deepEqual(await page.$$eval('#list li', (items) => items.map((li) => li.textContent)), ['item 1', 'item 2', 'item 3'])
    await page.goForward()
    await shows(page, 'Items, page 2')
    await page.goForward()
    await shows(page, 'Item 7')
    assert.equal(sockets(), 1)
    await page.close()
  })

  test('a deep link renders what a live patch renders', async () => {
    const patched = await open('/items')
    await patched.page.click('#page3')
    await shows(patched.page, 'Items, page 3')
    const deep = await open('/items?page=3')
    assert.equal(await deep.page.innerHTML('#list'), await patched.page.innerHTML('#list'))
    assert.equal(await deep.page.title(), await patched.page.title())
    await patched.page.close()
    await deep.page.close()
  })

  test('navigate() and the flash: a message set before a live navigation shows on the next view', async () => {
    const { page, sockets } = await open('/items')
    await page.click('#save-open')
    await shows(page, 'Item 4')
    assert.equal(await page.textContent('.ts-flash-info'), 'Saved before navigating')
    assert.equal(sockets(), 1)
    await page.close()
  })

  test('redirect() loads the page in full and the flash goes with it', async () => {
    const { page, sockets } = await open('/items')
    await page.click('#save-leave')
    await page.waitForURL(/\/items\/5$/)
    await shows(page, 'Item 5')
    assert.equal(await page.textContent('.ts-flash-info'), 'Saved before the redirect')
    assert.equal(sockets(), 2, 'a page load: a new socket')
    await page.close()
  })

  test('the login middleware runs for live navigation: with the cookie it navigates live, without it the page loads and is sent to log in', async () => {
    const allowed = await browser.newContext()
    await allowed.addCookies([{ name: 'user', value: 'ann', url: served.url }])
    const page = await allowed.newPage()
    await page.goto(new URL('/items', served.url).href)
    await settled(page)
    await page.click('#secret')
    await shows(page, 'Secret of ann')
    assert.equal(path(page), '/secret')
    await allowed.close()

    const anonymous = await open('/items')
    await anonymous.page.click('#secret')
    await anonymous.page.waitForURL(/\/login$/)
    assert.equal(await heading(anonymous.page), 'Please log in')
    await anonymous.page.close()
  })
})

describe('what live navigation does not take', () => {
  test('ts-navigate and ts-patch to a URL no live route serves load it in full', async () => {
    for (const link of ['#plain', '#plain-patch']) {
      const { page, navigations } = await open('/items')
      await page.click(link)
      await page.waitForURL(/\/plain$/)
      assert.equal(await heading(page), 'A plain page', link)
      assert.equal(navigations(), 1, `${link}: asked over the socket first`)
      await page.close()
    }
  })

  test('pushPatch to a URL no live route serves loads it in full', async () => {
    const { page } = await open('/items')
    await page.click('#to-plain')
    await page.waitForURL(/\/plain$/)
    assert.equal(await heading(page), 'A plain page')
    await page.close()
  })

  test('a route that answers 404 is loaded in full and shows the 404', async () => {
    const { page } = await open('/items')
    await page.click('#missing')
    await page.waitForURL(/\/nowhere$/)
    assert.match(await page.textContent('body') ?? '', /404 Not Found/)
    await page.close()
  })

  test('a link to another origin and a plain link are the browser\'s: no NAVIGATE is sent', async () => {
    const { page, navigations } = await open('/items')
    const other = new URL(served.url)
    other.hostname = 'localhost'
    await page.evaluate((href) => {
      const link = document.createElement('a')
      link.id = 'elsewhere'
      link.href = href
      link.setAttribute('ts-navigate', '')
      link.textContent = 'elsewhere'
      document.querySelector('nav')!.append(link)
    }, new URL('/plain', other).href)
    await page.click('#elsewhere')
    await page.waitForURL(/localhost:\d+\/plain$/)
    assert.equal(navigations(), 0)
    const again = await open('/items')
    await again.page.click('#ordinary')
    await again.page.waitForURL(/\/items\/9$/)
    assert.equal(again.navigations(), 0)
    await page.close()
    await again.page.close()
  })

  test('a javascript: href with ts-navigate is never sent and never evaluated by LiveTS', async () => {
    const { page, navigations } = await open('/items')
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.evaluate(() => {
      const link = document.createElement('a')
      link.id = 'script'
      link.setAttribute('href', 'javascript:void(0)')
      link.setAttribute('ts-navigate', '')
      link.textContent = 'script'
      document.querySelector('nav')!.append(link)
    })
    await page.click('#script')
    await page.click('#page2')
    await shows(page, 'Items, page 2')
    assert.equal(navigations(), 1, 'only the ts-patch went over the socket')
    assert.deepEqual(errors, [])
    await page.close()
  })

  test('a handler navigating to javascript: gets an error reply; the page goes on', async () => {
    const { page } = await open('/items')
    await page.click('#bad-url')
    await page.waitForFunction(() => window.LiveTS?.connection.status.lastError?.includes('Items.badUrl() failed'))
    await page.click('#page2')
    await shows(page, 'Items, page 2')
    await page.close()
  })
})
