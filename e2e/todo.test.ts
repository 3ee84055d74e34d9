// examples/todo (TodoMVC) in Chromium: keyed lists, ts-model fields, key filters, edit in place.
import { after, before, beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { app } from '../examples/todo/src/app.ts'
import { launchBrowser, settled } from './browser.ts'
import { RUNTIMES, serveExample, type Target } from './runtimes.ts'

let browser: Browser
let served: Target
let page: Page

before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

const titles = () => page.locator('.todo-list li label').allTextContents()
const itemsLeft = () => page.locator('.todo-count').textContent()
/** Waits until the filter `name` is the selected one, as a person would look for it. */
const selected = (name: string) => page.locator('.filters a.selected', { hasText: name }).waitFor()

/** Clicks a filter link (a hash route) and waits until the list shows that filter. */
async function showFilter(name: string): Promise<void> {
  await page.locator('.filters a', { hasText: name }).click()
  await selected(name)
  await settled(page)
}

async function add(...todos: string[]): Promise<void> {
  for (const todo of todos) {
    await page.locator('.new-todo').pressSequentially(todo)
    await page.locator('.new-todo').press('Enter')
    await settled(page)
  }
}

beforeEach(async () => {
  // A browser of its own per test: its own cookie, so its own list (examples/todo/src/app.ts).
  await page?.context().close()
  page = await (await browser.newContext()).newPage()
  await page.goto(served.url)
  await settled(page)
})

for (const runtime of RUNTIMES) describe(`TodoMVC in Chromium on ${runtime}`, () => {
  before(async () => { served = await serveExample('todo', app, runtime) })
  after(async () => { await served?.close() })

  test('the list and footer are hidden until there is a todo; Enter adds and clears the field', async () => {
    assert.equal(await page.locator('.main').isVisible(), false)
    assert.equal(await page.locator('.footer').isVisible(), false)
    await add('Buy milk', 'Walk <the> dog & cat', 'Écrire')
    assert.deepEqual(await titles(), ['Buy milk', 'Walk <the> dog & cat', 'Écrire'])
    assert.equal(await itemsLeft(), '3 items left')
    assert.equal(await page.locator('.new-todo').inputValue(), '', 'the server cleared the draft it had received')
    assert.equal(await page.locator('.todo-list b, .todo-list the').count(), 0, 'text stays text')
    assert.equal(await page.locator('.footer').isVisible(), true)
  })

  test('typing fast keeps every character while the server echoes the draft', async () => {
    await page.locator('.new-todo').pressSequentially('The quick brown fox jumps', { delay: 0 })
    await settled(page)
    assert.equal(await page.locator('.new-todo').inputValue(), 'The quick brown fox jumps')
    await page.locator('.new-todo').press('Enter')
    await settled(page)
    assert.deepEqual(await titles(), ['The quick brown fox jumps'])
  })

  test('toggle, toggle all, and the count', async () => {
    await add('a', 'b', 'c')
    await page.locator('.todo-list li').nth(1).locator('.toggle').check()
    await settled(page)
    assert.equal(await itemsLeft(), '2 items left')
    assert.deepEqual(await page.locator('.todo-list li.completed label').allTextContents(), ['b'])
    await page.locator('.toggle-all').click()
    await settled(page)
    assert.equal(await itemsLeft(), '0 items left')
    await page.locator('.toggle-all').click()
    await settled(page)
    assert.equal(await itemsLeft(), '3 items left')
    assert.equal(await page.locator('.todo-list li.completed').count(), 0)
  })

  test('double-click edits in place: Enter saves, Escape cancels, emptying deletes', async () => {
    await add('first', 'second')
    await page.locator('.todo-list label', { hasText: 'first' }).dblclick()
    await settled(page)
    const edit = page.locator('.todo-list .edit')
    assert.equal(await edit.inputValue(), 'first')
    assert.ok(await edit.evaluate((e) => e === document.activeElement), 'the edit field has focus')
    await edit.fill('first, renamed')
    await edit.press('Enter')
    await settled(page)
    assert.deepEqual(await titles(), ['first, renamed', 'second'])

    await page.locator('.todo-list label', { hasText: 'second' }).dblclick()
    await settled(page)
    await page.locator('.todo-list .edit').fill('never mind')
    await page.locator('.todo-list .edit').press('Escape')
    await settled(page)
    assert.deepEqual(await titles(), ['first, renamed', 'second'])

    await page.locator('.todo-list label', { hasText: 'second' }).dblclick()
    await settled(page)
    await page.locator('.todo-list .edit').fill('')
    await page.locator('.todo-list .edit').press('Enter')
    await settled(page)
    assert.deepEqual(await titles(), ['first, renamed'])
  })

  test('delete, filters by hash route without a page load, clear completed', async () => {
    await add('one', 'two', 'three', 'four')
    await page.locator('.todo-list li', { hasText: 'two' }).locator('.destroy').click()
    await settled(page)
    assert.deepEqual(await titles(), ['one', 'three', 'four'])
    await page.locator('.todo-list li', { hasText: 'three' }).locator('.toggle').check()
    await settled(page)

    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1 })
    await showFilter('Active')
    assert.deepEqual(await titles(), ['one', 'four'])
    assert.equal(new URL(page.url()).hash, '#/active')
    await showFilter('Completed')
    assert.deepEqual(await titles(), ['three'])

    await page.locator('.clear-completed').click()
    await settled(page)
    assert.deepEqual(await titles(), [])
    await showFilter('All')
    assert.deepEqual(await titles(), ['one', 'four'])
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'no page load')
    assert.deepEqual(served.logs, [], 'the server logged nothing')
  })

  test('"Clear completed" shows exactly while some todo is completed, whatever changed', async () => {
    const clear = page.locator('.clear-completed')
    const toggle = async (title: string) => { await page.locator('.todo-list li', { hasText: title }).locator('.toggle').click(); await settled(page) }
    await add('a', 'b')
    assert.equal(await clear.isVisible(), false, 'added, none completed')
    await toggle('a')
    assert.equal(await clear.isVisible(), true, 'one completed')
    await toggle('a')
    assert.equal(await clear.isVisible(), false, 'completed, then active again')
    await page.locator('.toggle-all').click()
    await settled(page)
    assert.equal(await clear.isVisible(), true, 'all completed')
    await page.locator('.toggle-all').click()
    await settled(page)
    assert.equal(await clear.isVisible(), false, 'all active again')
    await toggle('b')
    await page.locator('.todo-list li', { hasText: 'b' }).locator('.destroy').click()
    await settled(page)
    assert.equal(await clear.isVisible(), false, 'the completed one deleted')
    await toggle('a')
    await clear.click()
    await settled(page)
    assert.deepEqual(await titles(), [])
    assert.equal(await clear.isVisible(), false, 'cleared')
    await add('c', 'd')
    await toggle('c')
    await clear.click()
    await settled(page)
    assert.deepEqual(await titles(), ['d'])
    assert.equal(await clear.isVisible(), false, 'cleared, one active left')
  })

  test('a deep link opens each route with its filter selected', async () => {
    await add('active one', 'done one')
    await page.locator('.todo-list li', { hasText: 'done one' }).locator('.toggle').check()
    await settled(page)
    const cases: Array<[string, string, string[]]> = [['#/', 'All', ['active one', 'done one']], ['#/active', 'Active', ['active one']], ['#/completed', 'Completed', ['done one']]]
    for (const [hash, selected, shown] of cases) {
      const tab = await page.context().newPage()
      await tab.goto(served.url + hash)
      await tab.locator('.filters a.selected', { hasText: selected }).waitFor()
      await settled(tab)
      assert.deepEqual(await tab.locator('.todo-list li label').allTextContents(), shown, hash)
      await tab.close()
    }
  })

  test('back and forward step through the filters', async () => {
    await add('active one', 'done one')
    await page.locator('.todo-list li', { hasText: 'done one' }).locator('.toggle').check()
    await settled(page)
    await showFilter('Active')
    await showFilter('Completed')
    await page.goBack()
    await selected('Active')
    assert.deepEqual(await titles(), ['active one'])
    await page.goBack()
    await selected('All')
    assert.deepEqual(await titles(), ['active one', 'done one'])
    await page.goForward()
    await selected('Active')
    assert.deepEqual(await titles(), ['active one'])
    await page.goForward()
    await selected('Completed')
    assert.deepEqual(await titles(), ['done one'])
  })

  test('a reload keeps the todos, their completed flags and the filter', async () => {
    await add('milk', 'eggs', 'bread')
    await page.locator('.todo-list li', { hasText: 'eggs' }).locator('.toggle').check()
    await settled(page)
    await showFilter('Active')
    await page.reload()
    await selected('Active')
    assert.deepEqual(await titles(), ['milk', 'bread'])
    await showFilter('All')
    assert.deepEqual(await page.locator('.todo-list li.completed label').allTextContents(), ['eggs'])
    assert.equal(await itemsLeft(), '2 items left')
  })

  test('two tabs of one browser share the list: a change shows in the other at once and after a reload', async () => {
    await add('from the first tab')
    const second = await page.context().newPage()
    await second.goto(served.url)
    await settled(second)
    assert.deepEqual(await second.locator('.todo-list li label').allTextContents(), ['from the first tab'])
    await second.locator('.new-todo').pressSequentially('from the second tab')
    await second.locator('.new-todo').press('Enter')
    await settled(second)
    await page.locator('.todo-list li', { hasText: 'from the second tab' }).waitFor()
    await page.reload()
    await settled(page)
    assert.deepEqual(await titles(), ['from the first tab', 'from the second tab'])
    const other = await browser.newPage()
    await other.goto(served.url)
    await settled(other)
    assert.equal(await other.locator('.todo-list li').count(), 0, 'another browser has its own list')
    await other.close()
    await second.close()
  })

  test('a filter in the URL works with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const noJs = await context.newPage()
    await noJs.goto(`${served.url}?filter=completed`)
    assert.equal(await noJs.locator('.filters a.selected').textContent(), 'Completed')
    await context.close()
  })
})
