// Hooks in Chromium (docs/client.md): the page's own script registers LiveTS.hooks.Chart before
// the client runs; the hook sees mounted, beforeUpdate/updated around patches of its element,
// disconnected/reconnected with the socket, destroyed when the element leaves; its pushEvent gets
// the handler's return value, an undeclared one an error; the view's pushEvent reaches its
// handleEvent; and a ts-update="ignore" region keeps what the library drew.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'
import { clientApp } from './fixtures/client-app.ts'

let browser: Browser
let served: Served

before(async () => {
  served = await serveApp(clientApp())
  browser = await launchBrowser()
})
after(async () => { await browser?.close(); await served?.server.close() })

const log = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { hookLog: string[] }).hookLog)

async function open(): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(new URL('/charts', served.url).href)
  await settled(page)
  await page.waitForFunction(() => (window as unknown as { hookLog: string[] }).hookLog.includes('mounted'))
  return page
}

test('the lifecycle in order: mounted, beforeUpdate/updated, disconnected/reconnected, destroyed', async () => {
  const page = await open()
  assert.deepEqual(await log(page), ['mounted'])
  await page.click('#relabel')
  await page.waitForFunction(() => document.getElementById('label')?.textContent === 'two')
  assert.deepEqual(await log(page), ['mounted', 'beforeUpdate', 'updated:two'])
  await page.click('#send')
  await settled(page)
  assert.equal((await log(page)).length, 4, 'a render that does not touch the element does not update it')

  await served.server.closeConnections()
  await page.waitForFunction(() => (window as unknown as { hookLog: string[] }).hookLog.includes('reconnected'))
  await settled(page)
  const reconnect = (await log(page)).slice(4)
  assert.deepEqual(reconnect, ['disconnected', 'reconnected'])

  await page.click('#hide')
  await page.waitForFunction(() => !document.getElementById('chart'))
  assert.equal((await log(page)).at(-1), 'destroyed')
  await page.click('#show')
  await page.waitForFunction(() => document.getElementById('chart'))
  await settled(page)
  assert.equal((await log(page)).at(-1), 'mounted', 'the element that came back has a hook of its own')
  await page.close()
})

test('a hook\'s pushEvent resolves with what the handler returned, and the render follows', async () => {
  const page = await open()
  const reply = await page.evaluate(() => (window as unknown as { chart: { pushEvent(n: string, p: unknown): Promise<unknown> } }).chart.pushEvent('zoom', { by: 4 }))
  assert.deepEqual(reply, { level: 4 })
  await page.waitForFunction(() => document.getElementById('level')?.textContent === '4')
  assert.equal(await page.getAttribute('#chart', 'data-level'), '4')
  assert.deepEqual((await log(page)).slice(1), ['beforeUpdate', 'updated:one'], 'the element\'s own attribute changed: an update')
  await page.close()
})

test('a hook\'s pushEvent to a handler its element does not declare is refused with an error, and nothing runs', async () => {
  const page = await open()
  const outcome = await page.evaluate(() => (window as unknown as { chart: { pushEvent(n: string, p: unknown): Promise<unknown> } }).chart.pushEvent('relabel', {})
    .then(() => 'resolved', (error: Error) => error.message))
  assert.match(outcome, /unknown event 'ts-hook:relabel'/)
  assert.equal(await page.textContent('#label'), 'one', 'relabel is a ts-on handler, not the hook\'s to call')
  assert.ok(served.logs.some((line) => line.includes("no ts-hook-events on the page names 'relabel'")), served.logs.join('\n'))
  await page.click('#relabel')
  await page.waitForFunction(() => document.getElementById('label')?.textContent === 'two')
  await page.close()
})

test('the view\'s pushEvent reaches the hook\'s handleEvent', async () => {
  const page = await open()
  await page.click('#send')
  await page.waitForFunction(() => (window as unknown as { hookLog: string[] }).hookLog.some((line) => line.startsWith('points:')))
  assert.deepEqual((await log(page)).filter((line) => line.startsWith('points:')), ['points:{"points":[1,2,3],"level":1}'])
  await page.close()
})

test('ts-update="ignore": patches leave what the library drew alone', async () => {
  const page = await open()
  assert.equal(await page.locator('#drawn').count(), 1)
  await page.click('#touch-ignored')
  await settled(page)
  await page.click('#relabel')
  await page.waitForFunction(() => document.getElementById('label')?.textContent === 'two')
  assert.equal(await page.locator('#drawn').count(), 1, 'the library\'s canvas is still there')
  assert.equal(await page.textContent('#server-ignored'), '0', 'the server\'s change inside the region was not applied')
  await page.close()
})
