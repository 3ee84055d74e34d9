// Components and streams in Chromium (docs/components.md): components keep their state while
// their siblings change, a component's event costs the same bytes on a page of 10 cards as on one
// of 1,000, streams insert, replace, delete, limit and reset, an infinite list loads more as it is
// scrolled, and bad input (an unknown component, an unknown stream, a ts-target naming nothing)
// gets a clear answer.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'
import { componentsApp } from './fixtures/components-app.ts'

let browser: Browser
let served: Served

before(async () => {
  browser = await launchBrowser()
  served = await serveApp(componentsApp())
})
after(async () => {
  await browser?.close()
  await served?.server.close()
})

async function open(path: string): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(served.url + path.replace(/^\//, ''))
  await settled(page)
  return page
}

/** Sizes of the binary frames the page receives while `act` runs. */
async function framesDuring(page: Page, act: () => Promise<unknown>): Promise<number[]> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  const sizes: number[] = []
  cdp.on('Network.webSocketFrameReceived', (e: { response: { payloadData: string; opcode: number } }) => {
    if (e.response.opcode === 2) sizes.push(Buffer.from(e.response.payloadData, 'base64').length)
  })
  await act()
  await settled(page)
  await cdp.detach()
  return sizes
}

const text = (page: Page, selector: string) => page.locator(selector).innerText()

describe('components', () => {
  test('components keep their state while their siblings come, go and move', async () => {
    const page = await open('/board?n=6')
    await page.click('[data-ts-id="card-4"] .like')
    await page.click('[data-ts-id="card-4"] .like')
    await page.click('[data-ts-id="card-5"] .like')
    await settled(page)
    await page.click('#shuffle')
    await settled(page)
    assert.deepEqual(await page.locator('h3').allInnerTexts(), ['New', 'Card 5', 'Card 4', 'Card 3', 'Card 2'])
    assert.equal(await text(page, '[data-ts-id="card-4"] .likes'), '2')
    assert.equal(await text(page, '[data-ts-id="card-5"] .likes'), '1')
    await page.click('[data-ts-id="card-4"] .like')
    await settled(page)
    assert.equal(await text(page, '[data-ts-id="card-4"] .likes'), '3', 'the moved component still answers its events')
    await page.close()
  })

  test("a component's event sends the same bytes with 10 or 1,000 cards on the page", async () => {
    const sizes: Record<number, number[]> = {}
    for (const n of [10, 1000]) {
      const page = await open(`/board?n=${n}`)
      sizes[n] = await framesDuring(page, () => page.click('[data-ts-id="card-7"] .like'))
      assert.equal(await text(page, '[data-ts-id="card-7"] .likes'), '1')
      await page.close()
    }
    assert.equal(sizes[10].length, 1)
    assert.deepEqual(sizes[1000], sizes[10])
    assert.ok(sizes[10][0] <= 10, `${sizes[10][0]} bytes`)
  })

  test('an event for a component the page does not have gets an ERROR, and the page goes on', async () => {
    const page = await open('/board?n=3')
    await page.evaluate(() => window.LiveTS!.connection.send('like', {}, null, 999))
    await settled(page)
    assert.match(await page.evaluate(() => window.LiveTS!.connection.status.lastError ?? ''), /no component 999 on the page/)
    await page.click('[data-ts-id="card-1"] .like')
    await settled(page)
    assert.equal(await text(page, '[data-ts-id="card-1"] .likes'), '1')
    await page.close()
  })

  test('a ts-target that names no component is a clear error in the page, and nothing is sent', async () => {
    const page = await open('/misdirected')
    const errors: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    await page.click('#lost')
    await settled(page)
    assert.equal(await text(page, '#clicks'), '0')
    assert.ok(errors.some((e) => e.includes('ts-target="no-such-card" names no component on the page')), errors.join('\n'))
    await page.close()
  })
})

describe('streams', () => {
  test('insert at the start with a limit, append, replace in place, delete, reset', async () => {
    const page = await open('/feed')
    const posts = () => page.locator('#posts li span').allInnerTexts()
    assert.deepEqual(await posts(), ['post 1', 'post 2', 'post 3'])
    await page.click('#post'); await settled(page)
    await page.click('#post'); await settled(page)
    assert.deepEqual(await posts(), ['post 5', 'post 4', 'post 1', 'post 2'], 'limit 4 trims from the other end')
    await page.click('#edit'); await settled(page)
    assert.deepEqual(await posts(), ['post 5', 'post 4', 'post 1', 'post 2 (edited)'])
    await page.click('#posts li:nth-child(2) button'); await settled(page)
    assert.deepEqual(await posts(), ['post 5', 'post 1', 'post 2 (edited)'])
    const bytes = await framesDuring(page, () => page.click('#append'))
    assert.ok(bytes[0] < 250, `appending one item sends that item only: ${bytes[0]} bytes`)
    await page.click('#reset'); await settled(page)
    assert.deepEqual(await posts(), ['fresh start'])
    await page.close()
  })

  test('an operation on a stream the view never declared answers with an ERROR and logs why', async () => {
    const page = await open('/feed')
    await page.click('#broken')
    await settled(page)
    assert.match(await page.evaluate(() => window.LiveTS!.connection.status.lastError ?? ''), /Feed\.broken\(\) failed/)
    assert.ok(served.logs.some((line) => line.includes("streamInsert('nope', …): no stream of that name")), served.logs.join('\n'))
    await page.close()
  })

  test('ts-viewport-bottom loads more as the list is scrolled to its end', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } })
    await page.goto(served.url + 'endless')
    await settled(page)
    assert.equal(await page.locator('#rows li').count(), 30)
    await page.locator('#rows li').last().scrollIntoViewIfNeeded()
    await page.waitForFunction(() => document.querySelectorAll('#rows li').length === 60)
    await settled(page)
    await page.locator('#rows li').last().scrollIntoViewIfNeeded()
    await page.waitForFunction(() => document.querySelectorAll('#rows li').length === 90)
    assert.equal(await text(page, '#loaded'), '90')
    await page.close()
  })
})
