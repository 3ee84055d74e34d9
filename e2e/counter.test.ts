// The counter example in real Chromium: the heartbeat of the framework, end to end.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { FRAME_SESSION, SESSION_RESUMED, decodePatch } from '@livets/client/protocol'
import { app } from '../examples/counter/src/app.ts'
import { launchBrowser, settled } from './browser.ts'
import { RUNTIMES, serveExample, type Target } from './runtimes.ts'

let browser: Browser
let served: Target

before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

/** Opens the counter and waits until its live connection has joined and answered. */
async function openCounter(): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(served.url)
  await settled(page)
  return page
}

for (const runtime of RUNTIMES) describe(`counter in Chromium on ${runtime}`, () => {
  before(async () => { served = await serveExample('counter', app, runtime) })
  after(async () => { await served?.close() })

  test('the first GET is the complete page, readable with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(served.url)
    assert.equal(await page.textContent('#count'), '0')
    assert.equal(await page.locator('button').count(), 2)
    assert.equal(await page.title(), 'LiveTS counter')
    await context.close()
  })

  test('joining re-sends nothing the page already shows', async () => {
    const page = await browser.newPage()
    const received: Buffer[] = []
    page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(Buffer.from(f.payload as Buffer))))
    await page.goto(served.url)
    await settled(page)
    assert.equal(received[0][0], FRAME_SESSION, 'the join is answered by a SESSION frame')
    assert.deepEqual(decodePatch(new Uint8Array(received[0])), [], 'with no patch in it')
    assert.equal(received.length, 1, 'and nothing else')
    await page.close()
  })

  test('100 clicks without waiting show 100', async () => {
    const page = await openCounter()
    // Real mouse clicks at the button, each sent without waiting for any reply.
    const box = (await page.getByRole('button', { name: 'increment' }).boundingBox())!
    for (let i = 0; i < 100; i++) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '100')
    await settled(page)
    assert.equal(await page.textContent('#count'), '100')
    await page.getByRole('button', { name: 'decrement' }).click()
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '99')
    await page.close()
  })

  test('typing is echoed in upper case, and markup typed shows as text', async () => {
    const page = await openCounter()
    await page.fill('#text', 'hello')
    await page.waitForFunction(() => document.querySelector('#echo')?.textContent === 'HELLO')
    await page.fill('#text', '<b>x</b> & "é"')
    await page.waitForFunction(() => document.querySelector('#echo')?.textContent === '<B>X</B> & "É"')
    assert.equal(await page.locator('#echo b').count(), 0, 'no element was made from typed markup')
    assert.equal(await page.inputValue('#text'), '<b>x</b> & "é"', 'the input keeps what was typed')
    await page.close()
  })

  test('two tabs keep independent state', async () => {
    const first = await openCounter()
    const second = await openCounter()
    for (let i = 0; i < 3; i++) await first.getByRole('button', { name: 'increment' }).click()
    await second.getByRole('button', { name: 'decrement' }).click()
    await first.waitForFunction(() => document.querySelector('#count')?.textContent === '3')
    await second.waitForFunction(() => document.querySelector('#count')?.textContent === '-1')
    await settled(first)
    assert.equal(await first.textContent('#count'), '3')
    assert.equal(await second.textContent('#count'), '-1')
    await first.close()
    await second.close()
  })

  test('when the server closes the socket, the client reconnects and resumes its session', async () => {
    const page = await openCounter()
    await page.getByRole('button', { name: 'increment' }).click()
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '1')
    // Close every live socket from the server side, as a restart or a proxy timeout would.
    const before = await served.connections()
    assert.ok(before >= 1)
    await page.evaluate(() => { (window as unknown as { joinsBefore: number }).joinsBefore = window.LiveTS!.connection.status.joins })
    await served.closeConnections()
    await page.waitForFunction(() => window.LiveTS!.connection.status.joins > (window as unknown as { joinsBefore: number }).joinsBefore)
    await settled(page)
    // The same session resumed: the view kept its state.
    assert.equal(await page.evaluate(() => window.LiveTS!.connection.status.session), SESSION_RESUMED)
    assert.equal(await page.textContent('#count'), '1')
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'increment' }).click()
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '6')
    await page.fill('#text', 'again')
    await page.waitForFunction(() => document.querySelector('#echo')?.textContent === 'AGAIN')
    await page.close()
  })
})
