// /_livets/dev in Chromium: the live sessions of a development server, updating as a page is used.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { app } from '../examples/counter/src/app.ts'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'

let browser: Browser
let served: Served
before(async () => { served = await serveApp(app); browser = await launchBrowser() })
after(async () => { await browser?.close(); await served?.server.close() })

test('the sessions page lists each live session and follows its events and bytes live', async () => {
  const counter = await browser.newPage()
  await counter.goto(served.url)
  await settled(counter)
  const dev = await browser.newPage()
  await dev.goto(`${served.url}_livets/dev`)
  await settled(dev)
  await dev.waitForFunction(() => document.querySelector('#sessions')?.textContent === '2') // the counter and this page
  const row = dev.locator('tbody tr', { hasText: 'Counter' })
  assert.equal(await row.locator('td').nth(6).textContent(), '0', 'no events yet')

  for (let i = 0; i < 3; i++) await counter.getByRole('button', { name: 'increment' }).click()
  await settled(counter)
  await dev.waitForFunction(() => [...document.querySelectorAll('tbody tr')].some((tr) => tr.textContent!.includes('Counter') && tr.children[6].textContent === '3'))
  const up = Number(await row.locator('td').nth(4).textContent())
  assert.ok(up >= 3 * 14, `bytes up counted (${up})`)

  await counter.close()
  await dev.waitForFunction(() => document.querySelector('#sessions')?.textContent === '1')
  await dev.close()
})
