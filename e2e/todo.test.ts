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

async function add(...todos: string[]): Promise<void> {
  for (const todo of todos) {
    await page.locator('.new-todo').pressSequentially(todo)
    await page.locator('.new-todo').press('Enter')
    await settled(page)
  }
}

beforeEach(async () => {
  await page?.close()
  page = await browser.newPage()
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

  test('delete, filters without navigation, clear completed', async () => {
    await add('one', 'two', 'three', 'four')
    await page.locator('.todo-list li', { hasText: 'two' }).locator('.destroy').click()
    await settled(page)
    assert.deepEqual(await titles(), ['one', 'three', 'four'])
    await page.locator('.todo-list li', { hasText: 'three' }).locator('.toggle').check()
    await settled(page)

    const url = page.url()
    await page.locator('.filters a', { hasText: 'Active' }).click()
    await settled(page)
    assert.deepEqual(await titles(), ['one', 'four'])
    assert.equal(page.url(), url, 'the filter link did not navigate')
    await page.locator('.filters a', { hasText: 'Completed' }).click()
    await settled(page)
    assert.deepEqual(await titles(), ['three'])
    assert.equal(await page.locator('.filters a.selected').textContent(), 'Completed')

    await page.locator('.clear-completed').click()
    await settled(page)
    assert.deepEqual(await titles(), [])
    await page.locator('.filters a', { hasText: 'All' }).click()
    await settled(page)
    assert.deepEqual(await titles(), ['one', 'four'])
    assert.deepEqual(served.logs, [], 'the server logged nothing')
  })

  test('a filter in the URL works with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const noJs = await context.newPage()
    await noJs.goto(`${served.url}?filter=completed`)
    assert.equal(await noJs.locator('.filters a.selected').textContent(), 'Completed')
    await context.close()
  })
})
