// examples/board in Chromium: the parts a LiveTS app is made of, working together as a user meets
// them — live navigation over one socket with back and forward, a deep link (also without
// JavaScript), components that keep their state, client commands that need no server, a chart
// drawn by a hook, an activity stream reaching a second tab, flash across a navigation, and a form.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { app } from '../examples/board/src/app.ts'
import { launchBrowser, settled } from './browser.ts'
import { RUNTIMES, serveExample, type Target } from './runtimes.ts'

let browser: Browser
let served: Target

before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

/** A page of the board, with its WebSocket connections counted. */
async function open(path: string, target: Target = served): Promise<{ page: Page; sockets: () => number }> {
  const page = await browser.newPage()
  let sockets = 0
  page.on('websocket', () => { sockets++ })
  await page.goto(new URL(path, target.url).href)
  await settled(page)
  return { page, sockets: () => sockets }
}

const where = (page: Page): string => { const url = new URL(page.url()); return url.pathname + url.search }

/** Waits until the view's heading says `text` and the live connection is quiet again. */
async function shows(page: Page, text: string): Promise<void> {
  await page.waitForFunction((expected) => document.getElementById('heading')?.textContent?.trim() === expected, text)
  await settled(page)
}

const card = (page: Page, id: number) => page.locator(`[data-card="${id}"]`)
/** What the chart's hook drew for a column (the hook keeps data-count on each bar it draws). */
const bar = (page: Page, column: string): Promise<string | null> =>
  page.locator(`#chart-canvas .bar[data-column=${column}]`).getAttribute('data-count')

for (const runtime of RUNTIMES) describe(`examples/board in Chromium on ${runtime}`, () => {
  before(async () => { served = await serveExample('board', app, runtime) })
  after(async () => { await served?.close() })

  test('list → card → settings live over one WebSocket; back and forward restore the view and its params; titles follow', async () => {
    const { page, sockets } = await open('/')
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1 })
    await page.click('#tag-button')
    await page.click('#tag-menu a[href="/?tag=bug"]')
    await shows(page, 'Cards tagged #bug')
    assert.equal(where(page), '/?tag=bug')
    assert.match(await page.title(), / · #bug$/)
    assert.equal(await page.locator('#tag-menu').isVisible(), false, 'the menu closed itself (ts-js on the link)')

    await page.click('.card-title[href="/cards/2"]')
    await shows(page, 'Cards keep their place on reload')
    assert.equal(where(page), '/cards/2')
    assert.match(await page.title(), /^#2 Cards keep their place on reload · /)
    await page.click('#card-next')
    await shows(page, 'Write the README')
    assert.equal(where(page), '/cards/3')
    await page.click('#nav-settings')
    await shows(page, 'Settings')
    assert.equal(await page.title(), 'Settings')

    await page.goBack()
    await shows(page, 'Write the README')
    assert.equal(where(page), '/cards/3')
    await page.goBack()
    await shows(page, 'Cards keep their place on reload')
    await page.goBack()
    await shows(page, 'Cards tagged #bug')
    assert.equal(where(page), '/?tag=bug')
    assert.deepEqual(await page.locator('.card .card-tag').allTextContents().then((tags) => [...new Set(tags)]), ['bug'], 'the filter came back with the URL')
    await page.goBack()
    await shows(page, 'All cards')
    assert.ok(await page.locator('.card-tag', { hasText: 'feature' }).count() > 0)
    await page.goForward()
    await shows(page, 'Cards tagged #bug')
    await page.goForward()
    await shows(page, 'Cards keep their place on reload')
    assert.match(await page.title(), /^#2 /)

    assert.equal(sockets(), 1, 'one WebSocket for the whole walk')
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'no page load')
    await page.close()
  })

  test('a deep link to /cards/2 renders the card directly, also with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const noJs = await context.newPage()
    await noJs.goto(new URL('/cards/2', served.url).href)
    assert.equal((await noJs.textContent('#heading'))?.trim(), 'Cards keep their place on reload')
    assert.equal(await noJs.textContent('#card-notes'), 'Seen after a deploy.')
    assert.match(await noJs.title(), /^#2 Cards keep their place on reload/)
    await context.close()

    const { page, sockets } = await open('/cards/2')
    await shows(page, 'Cards keep their place on reload')
    await page.click('#back-to-board')
    await shows(page, 'All cards')
    assert.equal(sockets(), 1)
    await page.close()
  })

  test('a card keeps its own state (expanded) while its siblings and the board change', async () => {
    const { page } = await open('/')
    await card(page, 1).locator('.card-toggle').click()
    await page.waitForFunction(() => document.querySelector('[data-card="1"]')?.getAttribute('data-expanded') === 'true')
    assert.equal(await card(page, 1).locator('.card-notes').textContent(), 'Three columns, a chart and a feed.')
    await card(page, 1).evaluate((element) => { (element as unknown as { kept: boolean }).kept = true })

    const votes = Number(await card(page, 2).locator('.card-votes').textContent())
    await card(page, 2).locator('.card-vote').click()
    await page.waitForFunction((expected) => document.querySelector('[data-card="2"] .card-votes')?.textContent === expected, String(votes + 1))
    const column = await card(page, 4).evaluate((element) => element.closest('.column')!.getAttribute('data-column'))
    const to = column === 'doing' ? 'done' : 'doing'
    await card(page, 4).locator(`.card-move[ts-value-to=${to}]`).click()
    await page.waitForSelector(`.column[data-column=${to}] [data-card="4"]`)
    await settled(page)

    assert.equal(await card(page, 1).getAttribute('data-expanded'), 'true', 'still expanded')
    assert.equal(await card(page, 1).evaluate((element) => (element as unknown as { kept?: boolean }).kept), true, 'the same element: not re-rendered')
    await page.close()
  })

  test('the dropdown and the modal open and close with client commands, with the server stopped', async () => {
    const alone = await serveExample('board', app, runtime)
    const { page } = await open('/', alone)
    await alone.close()
    await page.waitForFunction(() => window.LiveTS?.connection.status.connected === false)

    const menu = page.locator('#tag-menu')
    await page.click('#tag-button')
    assert.equal(await menu.isVisible(), true)
    await page.keyboard.press('Escape')
    assert.equal(await menu.isVisible(), false, 'Escape hides it')
    await page.click('#tag-button')
    assert.equal(await menu.isVisible(), true)
    await page.click('#tag-button')
    assert.equal(await menu.isVisible(), false, 'the button toggles it')

    const modal = page.locator('#new-card-modal')
    await page.click('#new-card-button')
    assert.equal(await modal.isVisible(), true)
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'card_title', 'focus() moved to the title')
    await page.click('#new-card-cancel')
    assert.equal(await modal.isVisible(), false)
    await page.click('#new-card-button')
    await page.keyboard.press('Escape')
    assert.equal(await modal.isVisible(), false, 'Escape closes the modal')
    await page.close()
  })

  test('a new card: zod errors show, a valid card appears, the chart redraws, a second tab hears it, the flash shows', async () => {
    const first = await open('/')
    const second = await open('/')
    const { page } = first
    await page.waitForSelector('#chart-canvas .bar[data-column=doing][data-count]')
    await second.page.waitForSelector('#chart-canvas .bar[data-column=doing][data-count]')
    const before = Number(await bar(page, 'doing'))

    await page.click('#new-card-button')
    await page.fill('#card_title', 'ab')
    await page.click('#new-card-save')
    await page.waitForSelector('#new-card-form .ts-field-error')
    assert.match(await page.textContent('#new-card-form .ts-field-error') ?? '', /at least 3 characters/)
    assert.equal(await page.getAttribute('#card_title', 'aria-invalid'), 'true')
    assert.equal(await page.locator('#new-card-modal').isVisible(), true, 'the modal stays open with the errors')

    const title = `Ship the board on ${runtime}`
    await page.fill('#card_title', title)
    await page.selectOption('#card_column', 'doing')
    await page.selectOption('#card_tag', 'bug')
    await page.click('#new-card-save')
    await page.waitForSelector(`.column[data-column=doing] .card-title:text-is("${title}")`)
    await settled(page)
    assert.equal(await page.locator('#new-card-modal').isVisible(), false, 'exec() closed the modal')
    assert.equal(await page.textContent('.ts-flash-info'), `Added “${title}”`)
    assert.equal(await page.inputValue('#card_title'), '', 'a fresh form for the next card')
    await page.waitForFunction((count) => document.querySelector('#chart-canvas .bar[data-column=doing]')?.getAttribute('data-count') === count, String(before + 1))

    const activity = `Added “${title}” to Doing`
    await second.page.waitForFunction((text) => document.querySelector('#activity li')?.textContent === text, activity)
    await second.page.waitForSelector(`.column[data-column=doing] .card-title:text-is("${title}")`)
    assert.equal(await bar(second.page, 'doing'), String(before + 1), 'the other tab\'s chart redrew too')
    assert.equal(await page.textContent('#activity li'), activity)
    assert.equal(first.sockets(), 1)
    await page.close()
    await second.page.close()
  })

  test('flash messages survive a live navigation: saving the settings, deleting a card', async () => {
    const { page, sockets } = await open('/settings')
    await page.fill('#settings_name', '')
    await page.click('#settings-save')
    await page.waitForSelector('#settings-form .ts-field-error')
    assert.match(await page.textContent('#settings-form .ts-field-error') ?? '', /Name the board/)

    const name = `Board on ${runtime}`
    await page.fill('#settings_name', name)
    await page.click('#settings-save')
    await shows(page, 'All cards')
    assert.equal(where(page), '/')
    assert.equal(await page.textContent('.ts-flash-info'), 'Settings saved')
    assert.equal(await page.textContent('#nav-board'), name)
    assert.equal(await page.title(), name)

    await page.click('.ts-flash-info')
    await page.waitForSelector('.ts-flash-info', { state: 'detached' })
    await page.click('#new-card-button')
    await page.fill('#card_title', 'A card to delete')
    await page.click('#new-card-save')
    await page.waitForSelector('.card-title:text-is("A card to delete")')
    await page.click('.card-title:text-is("A card to delete")')
    await shows(page, 'A card to delete')
    await page.click('#detail-delete')
    await shows(page, 'All cards')
    assert.equal(await page.textContent('.ts-flash-info'), 'Deleted “A card to delete”')
    assert.equal(await page.locator('.card-title:text-is("A card to delete")').count(), 0)
    assert.equal(sockets(), 1)
    assert.deepEqual(served.logs, [], 'the server logged nothing')
    await page.close()
  })
})
