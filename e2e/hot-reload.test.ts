// Hot reload in Chromium, as `npm run dev` gives it (docs/dev-loop.md): a real `tsx watch` child
// process serves a temporary copy of e2e/fixtures/dev-app and restarts on every save. An edited view
// shows its new code with its state, focus and typed text kept; a handler that throws shows the
// error overlay, which the next good render takes away; a template the engine refuses shows its
// lines; a state whose shape no longer fits remounts the view, and the overlay says why.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, settled } from './browser.ts'
import { DevApp } from './dev-app.ts'
import { saveScreenshot } from './screenshots.ts'

let browser: Browser
let app: DevApp
let page: Page

before(async () => {
  [browser, app] = await Promise.all([launchBrowser(), DevApp.start()])
  page = await browser.newPage({ viewport: { width: 1100, height: 560 } })
  await page.goto(app.url)
  await settled(page)
})
after(async () => {
  await browser?.close()
  await app?.stop()
})

const text = (selector: string) => page.locator(selector).textContent()
const overlay = () => page.locator('.livets-dev-overlay')
/** Marks the window: a reload would lose the mark. */
const mark = () => page.evaluate(() => { (window as unknown as { mark: number }).mark = 1 })
const marked = () => page.evaluate(() => (window as unknown as { mark?: number }).mark === 1)

describe('hot reload under tsx watch, in Chromium', () => {
  test('an edited view shows its new label with its count, focus and typed text kept; a click during the restart counts', async () => {
    for (let i = 0; i < 5; i++) await page.click('#increment')
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '5')
    await page.click('#note')
    await page.keyboard.type('half a thought')
    await page.evaluate(() => (document.querySelector('#note') as HTMLInputElement).setSelectionRange(5, 5))
    await mark()

    app.edit('src/counter.ts', (source) => source.replace('<h1 id="label">Count</h1>', '<h1 id="label">Clicks so far</h1>'))
    // A click while the server is down waits in the page and reaches the restored view.
    await page.waitForFunction(() => !window.LiveTS!.connection.status.connected, undefined, { timeout: 30_000 })
    await page.locator('#increment').dispatchEvent('click')
    await page.waitForFunction(() => document.querySelector('#label')?.textContent === 'Clicks so far', undefined, { timeout: 30_000 })
    await settled(page)

    assert.equal(await text('#count'), '6', 'the view kept its state, and the click made during the restart counted once')
    assert.ok(await marked(), 'the page was not reloaded')
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'note', 'the field kept its focus')
    assert.equal(await page.inputValue('#note'), 'half a thought', 'and its text')
    assert.equal(await page.evaluate(() => (document.querySelector('#note') as HTMLInputElement).selectionStart), 5, 'and its caret')
    assert.equal(app.startedAt.length, 2, 'the server restarted once')
  })

  test('a throwing handler shows the overlay (view, phase, message, the .ts line); the next good render takes it away', async () => {
    await page.click('#fail')
    await overlay().waitFor()
    assert.equal(await text('.livets-dev-view'), 'Counter')
    assert.equal(await text('.livets-dev-phase'), 'Counter.fail()')
    assert.equal(await text('.livets-dev-message'), 'the handler failed on purpose')
    const stack = (await text('.livets-dev-stack')) ?? ''
    assert.match(stack, /at Counter\.fail \(.*\/src\/counter\.ts:10:\d+\)/, `the first frame is the throw, source-mapped to its .ts line:\n${stack}`)
    assert.equal(await text('#count'), '6', 'the last good DOM stays underneath')
    await saveScreenshot(page, 'dev-overlay.png')

    await page.locator('#increment').dispatchEvent('click') // the overlay covers the page
    await overlay().waitFor({ state: 'detached' })
    assert.equal(await text('#count'), '7')
  })

  test('a template the engine refuses shows its lines with line and column; fixing it restores the state', async () => {
    app.edit('src/counter.ts', (source) => source.replace('<output id="count">', '<output id="count" ts-bogus="count">'))
    await overlay().waitFor({ timeout: 30_000 })
    assert.match((await text('.livets-dev-message')) ?? '', /template error at line 5, column \d+: .*ts-bogus/)
    assert.match((await text('.livets-dev-overlay')) ?? '', /Template, line 5, column \d+/)
    assert.match((await text('.livets-dev-line-error')) ?? '', /^5\s*<output id="count" ts-bogus="count">/)
    assert.equal(await text('#count'), '7', 'the last good DOM stays underneath')

    app.edit('src/counter.ts', (source) => source.replace(' ts-bogus="count"', ''))
    await overlay().waitFor({ state: 'detached', timeout: 30_000 })
    await settled(page)
    assert.equal(await text('#count'), '7', 'the state outlived the broken version')
    assert.ok(await marked(), 'the page was never reloaded')
  })

  test('a state whose shape changed cannot be restored: the view remounts and the overlay says why', async () => {
    app.edit('src/counter.ts', (source) => source
      .replace('LiveView<{ count: number }>', 'LiveView<{ tally: { value: number } }>')
      .replace('this.state = { count: 0 }', 'this.state = { tally: { value: 0 } }')
      .replace('this.state.count++', 'this.state.tally.value++')
      .replace('${this.state.count}', '${this.state.tally.value}'))
    await overlay().waitFor({ timeout: 30_000 })
    assert.equal(await text('.livets-dev-phase'), 'Counter.render()')
    assert.match((await text('.livets-dev-message')) ?? '', /Cannot read properties of undefined \(reading 'value'\)/)
    assert.match((await text('.livets-dev-note')) ?? '', /could not be restored with the new code .* mounted afresh/)
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '0')

    await page.locator('#increment').dispatchEvent('click') // the overlay covers the page
    await overlay().waitFor({ state: 'detached' })
    assert.equal(await text('#count'), '1')
    assert.ok(await marked(), 'the page was never reloaded')
  })
})
