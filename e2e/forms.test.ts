// ts-model in Chromium: every kind of field, its modifiers, and typing that patches never disturb.
import { after, before, beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import type { Browser, Page } from 'playwright-core'
import { LiveView, html, live } from 'livets'
import { launchBrowser, serveApp, type Served } from './browser.ts'

interface Form { name: string; bio: string; size: string; colour: string; agree: boolean; age: number | string; tags: string; ticks: number }

class FormView extends LiveView<Form> {
  private timer: ReturnType<typeof setInterval> | undefined
  mount(ctx: { connected: boolean }) {
    this.state = { name: 'Ann', bio: 'Hello', size: 'M', colour: 'green', agree: false, age: 30, tags: '', ticks: 0 }
    // Patches arrive all the time, as in a busy app: the fields must not care.
    if (ctx.connected) this.timer = setInterval(() => this.setState({ ticks: this.state.ticks + 1 }), 15)
  }
  unmount() { clearInterval(this.timer) }
  reset() { this.state.name = '' }
  render() {
    return html`<form>
  <input id="name" ts-model="name">
  <textarea id="bio" ts-model.lazy="bio"></textarea>
  <label><input type="radio" value="S" ts-model="size"> S</label><label><input type="radio" value="M" ts-model="size"> M</label>
  <select id="colour" ts-model="colour"><option value="red">red</option><option value="green">green</option><option value="blue">blue</option></select>
  <input id="agree" type="checkbox" ts-model="agree">
  <input id="age" ts-model.number.trim="age">
  <input id="tags" ts-model.debounce.400="tags">
  <button id="reset" type="button" ts-on:click="reset">reset</button>
  <output id="state">${JSON.stringify({ name: this.state.name, bio: this.state.bio, size: this.state.size, colour: this.state.colour, agree: this.state.agree, age: this.state.age, tags: this.state.tags })}</output>
  <span id="ticks">${this.state.ticks}</span>
</form>`
  }
}

let browser: Browser
let served: Served
let page: Page

before(async () => {
  const app = new Hono()
  app.get('/', live(FormView))
  served = await serveApp(app)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await served?.server.close()
})
beforeEach(async () => {
  await page?.close()
  page = await browser.newPage()
  await page.goto(served.url)
  await page.waitForFunction(() => window.LiveTS?.connection.status.connected)
})

async function state(): Promise<Record<string, unknown>> {
  await page.waitForFunction(() => window.LiveTS!.connection.status.pending === 0)
  await page.waitForTimeout(50)
  return JSON.parse((await page.textContent('#state'))!)
}

describe('ts-model in Chromium', () => {
  test('the page shows the state: text, textarea, radio, select, checkbox', async () => {
    assert.equal(await page.inputValue('#name'), 'Ann')
    assert.equal(await page.inputValue('#bio'), 'Hello')
    assert.equal(await page.isChecked('input[value=M]'), true)
    assert.equal(await page.inputValue('#colour'), 'green')
    assert.equal(await page.isChecked('#agree'), false)
  })

  test('each kind of field writes the state, converted by its modifiers', async () => {
    await page.fill('#name', 'Bob')
    await page.fill('#bio', 'Line 1\nLine 2')
    await page.locator('#bio').blur() // .lazy: sent on change
    await page.check('input[value=S]')
    await page.selectOption('#colour', 'blue')
    await page.check('#agree')
    await page.fill('#age', ' 42 ')
    assert.deepEqual(await state(), { name: 'Bob', bio: 'Line 1\nLine 2', size: 'S', colour: 'blue', agree: true, age: 42, tags: '' })
  })

  test('.debounce sends once typing pauses', async () => {
    const sent: Buffer[] = []
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(Buffer.from(f.payload as Buffer))))
    await page.reload()
    await page.waitForFunction(() => window.LiveTS?.connection.status.connected)
    await page.locator('#tags').pressSequentially('a,b,c', { delay: 20 })
    await page.waitForTimeout(700) // past the debounce, with room for a loaded machine
    assert.equal((await state()).tags, 'a,b,c')
    const tagEvents = sent.filter((frame) => frame.includes('ts-model.debounce.400:tags'))
    assert.equal(tagEvents.length, 1, 'five keystrokes, one event')
  })

  test('typing in the middle keeps the cursor and every character while patches arrive', async () => {
    const name = page.locator('#name')
    await name.click()
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowLeft') // between "An" and "n"
    const ticksBefore = Number(await page.textContent('#ticks'))
    for (const key of 'xyz') { await page.keyboard.type(key); await page.waitForTimeout(30) }
    assert.ok(Number(await page.textContent('#ticks')) > ticksBefore + 3, 'patches arrived while typing')
    assert.equal(await name.inputValue(), 'Anxyzn')
    assert.deepEqual(await name.evaluate((e: HTMLInputElement) => [e.selectionStart, e.selectionEnd]), [5, 5])
    assert.equal((await state()).name, 'Anxyzn')
  })

  test('a value the server changes replaces the field, even while focused', async () => {
    await page.locator('#name').click()
    await page.keyboard.type('!')
    await state()
    await page.evaluate(() => (document.getElementById('reset') as HTMLButtonElement).click()) // keeps focus in #name
    await page.waitForFunction(() => (document.getElementById('name') as HTMLInputElement).value === '')
    assert.equal((await state()).name, '')
    assert.deepEqual(served.logs, [])
  })
})
