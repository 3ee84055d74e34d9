// The examples look like the product: their Tailwind stylesheet (built by each example's build
// step, served from public/) applies, and each is photographed for the README and docs.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { app as counterApp } from '../examples/counter/src/app.ts'
import { app as todoApp } from '../examples/todo/src/app.ts'
import { app as boardApp } from '../examples/board/src/app.ts'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'
import { saveScreenshot } from './screenshots.ts'

let browser: Browser
before(async () => { browser = await launchBrowser() })
after(() => browser?.close())

async function open(served: Served): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 640 } })
  await page.goto(served.url)
  await settled(page)
  return page
}

describe('examples, styled', () => {
  test('counter', async () => {
    const served = await serveApp(counterApp)
    try {
      const page = await open(served)
      assert.equal(await page.locator('#count').evaluate((e) => getComputedStyle(e).fontSize), '60px', 'text-6xl from public/app.css')
      assert.equal((await fetch(new URL('/app.css', served.url))).headers.get('content-type'), 'text/css; charset=utf-8')
      for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'increment' }).click()
      await page.fill('#text', 'live from the server')
      await page.waitForFunction(() => document.querySelector('#echo')?.textContent === 'LIVE FROM THE SERVER')
      await page.locator('#text').blur()
      await saveScreenshot(page, 'example-counter.png')
      await page.close()
    } finally { await served.server.close() }
  })

  test('todo', async () => {
    const served = await serveApp(todoApp)
    try {
      const page = await open(served)
      for (const todo of ['Write the view', 'Style it with Tailwind', 'Ship it']) {
        await page.locator('.new-todo').fill(todo)
        await page.locator('.new-todo').press('Enter')
        await settled(page)
      }
      await page.locator('.todo-list li').first().locator('.toggle').check()
      await settled(page)
      const done = page.locator('.todo-list li.completed label')
      assert.match(await done.evaluate((e) => getComputedStyle(e).textDecorationLine), /line-through/)
      assert.equal(await page.locator('h1').evaluate((e) => getComputedStyle(e).fontSize), '72px', 'text-7xl')
      await page.locator('.new-todo').blur()
      await saveScreenshot(page, 'example-todo.png')
      await page.close()
    } finally { await served.server.close() }
  })

  test('board', async () => {
    const served = await serveApp(boardApp)
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 700 } })
      await page.goto(served.url)
      await settled(page)
      await page.waitForSelector('#chart-canvas .bar[data-count]')
      assert.equal(await page.locator('header').evaluate((e) => getComputedStyle(e).backgroundColor), 'oklch(0.457 0.24 277.023)', 'bg-indigo-700')
      await page.locator('[data-card="2"] .card-toggle').click()
      await page.waitForSelector('[data-card="2"] .card-notes')
      await settled(page)
      await saveScreenshot(page, 'example-board.png')
      await page.close()
    } finally { await served.server.close() }
  })
})
