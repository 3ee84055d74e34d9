// Client commands in Chromium (docs/client.md): ts-js runs in the page without a round trip — so
// it works with the server stopped —, what a command changed survives later patches of the same
// element, the server can send the same commands (exec), and nothing of it needs an inline style
// or eval (a strict CSP with Trusted Types stays quiet).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { Hono } from 'hono'
import { FRAME_EVENT } from '@livets/client/protocol'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'
import { clientApp } from './fixtures/client-app.ts'

const POLICY = "default-src 'self'; require-trusted-types-for 'script'; trusted-types livets"

let browser: Browser
let served: Served

before(async () => {
  const app = new Hono()
  app.use('*', async (c, next) => { await next(); c.header('content-security-policy', POLICY) })
  app.route('/', clientApp())
  served = await serveApp(app)
  browser = await launchBrowser()
})
after(async () => { await browser?.close(); await served?.server.close() })

/** Opens /commands and counts the EVENT frames it sends; CSP violations and page errors are collected. */
async function open(): Promise<{ page: Page; events: () => number; problems: string[] }> {
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('console', (m) => { if (/Refused|Content Security Policy|TrustedHTML/i.test(m.text())) problems.push(m.text()) })
  page.on('pageerror', (e) => problems.push(e.message))
  let events = 0
  page.on('websocket', (ws) => ws.on('framesent', (f) => { if (typeof f.payload !== 'string' && f.payload[0] === FRAME_EVENT) events++ }))
  await page.goto(new URL('/commands', served.url).href)
  await settled(page)
  return { page, events: () => events, problems }
}

test('ts-js commands run in the page without a round trip', async () => {
  const { page, events, problems } = await open()
  assert.equal(await page.isVisible('#menu'), false)
  await page.click('#open')
  assert.equal(await page.isVisible('#menu'), true)
  assert.equal(await page.getAttribute('#open', 'aria-expanded'), 'true')
  assert.match(await page.getAttribute('#open', 'class') ?? '', /\bopen\b/)
  await page.click('#toggle')
  assert.equal(await page.isVisible('#menu'), false)
  await page.click('#toggle')
  assert.equal(await page.isVisible('#menu'), true)
  await page.click('#close')
  assert.equal(await page.isVisible('#menu'), false)
  assert.equal(await page.getAttribute('#open', 'aria-expanded'), 'false')

  await page.click('#focus')
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'field')
  await page.evaluate(() => document.getElementById('tone')!.addEventListener('pinged', () => { document.body.dataset.pinged = 'yes' }))
  await page.click('#ping')
  assert.equal(await page.evaluate(() => document.body.dataset.pinged), 'yes')
  await page.hover('#tone')
  assert.match(await page.getAttribute('#tone', 'class') ?? '', /\bhovered\b/, 'ts-js:mouseenter runs on its own event')
  await page.click('#mark')
  assert.match(await page.getAttribute('#tone', 'class') ?? '', /\bflash\b/)
  await page.waitForFunction(() => !document.getElementById('tone')!.classList.contains('flash'), undefined, { timeout: 2000 })
  assert.equal(events(), 0, 'nothing went to the server')
  assert.deepEqual(problems, [])
  await page.close()
})

test('client commands run with the server stopped', async () => {
  const lone = await serveApp(clientApp())
  const page = await browser.newPage()
  await page.goto(new URL('/commands', lone.url).href)
  await settled(page)
  await lone.server.close()
  await page.waitForFunction(() => window.LiveTS?.connection.status.connected === false)
  await page.click('#open')
  assert.equal(await page.isVisible('#menu'), true)
  await page.click('#mark')
  assert.match(await page.getAttribute('#tone', 'class') ?? '', /\bmarked\b/)
  await page.close()
})

test('what a command changed survives later patches of the same element', async () => {
  const { page } = await open()
  await page.click('#open')
  await page.click('#mark')
  await page.click('#bump')
  await page.waitForFunction(() => document.getElementById('count')?.textContent === '1')
  // The server rewrote #tone's class (tone odd) and #menu's data-count: the client's changes stay.
  assert.match(await page.getAttribute('#tone', 'class') ?? '', /^(?=.*\btone\b)(?=.*\bodd\b)(?=.*\bmarked\b)/)
  assert.equal(await page.getAttribute('#menu', 'data-count'), '1')
  assert.equal(await page.isVisible('#menu'), true)
  await page.click('#bump')
  await page.waitForFunction(() => document.getElementById('count')?.textContent === '2')
  assert.match(await page.getAttribute('#tone', 'class') ?? '', /^(?=.*\beven\b)(?=.*\bmarked\b)(?!.*\bodd\b)/)
  assert.equal(await page.textContent('#menu-count'), '2')
  await page.close()
})

test('push sends the server an event declared by the ts-js that pushes it', async () => {
  const { page, events } = await open()
  await page.click('#push')
  await page.waitForFunction(() => document.getElementById('count')?.textContent === '100')
  assert.match(await page.getAttribute('#push', 'class') ?? '', /\bpushed\b/)
  assert.equal(events(), 1)
  await page.close()
})

test('exec from the server runs the same commands after its render; a bad one fails its handler with a clear error', async () => {
  const { page, problems } = await open()
  await page.click('#alert')
  await page.waitForFunction(() => !document.getElementById('banner')!.hidden)
  assert.match(await page.getAttribute('#banner', 'class') ?? '', /\bshown\b/)
  await page.click('#bad-exec')
  await page.waitForFunction(() => window.LiveTS?.connection.status.lastError?.includes('Commands.badExec() failed'))
  assert.ok(served.logs.some((line) => line.includes("unknown command 'explode'")), served.logs.join('\n'))
  await settled(page)
  assert.deepEqual(problems, [])
  await page.close()
})
