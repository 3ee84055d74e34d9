// TodoMVC, as its user sees it: in-process with livets/testing (no browser, no port).
import { afterEach, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { closeAll, render, type RenderedView } from 'livets/testing'
import { app } from '../src/app.ts'

let todos: RenderedView
beforeEach(async () => { todos = await render(app, '/') })
afterEach(closeAll)

/** Types a todo into the new-todo field and presses Enter. */
async function add(title: string): Promise<void> {
  await todos.input('.new-todo', title)
  await todos.keydown('.new-todo', 'Enter')
}

const titles = () => todos.findAll('.todo-list li label').map((label) => label.text())

test('a new list shows no list and no footer', () => {
  assert.deepEqual(titles(), [])
  assert.equal(todos.find('.main').attr('hidden'), '', 'ts-show hides the list')
  assert.equal(todos.find('.footer').attr('hidden'), '')
})

test('I add todos by typing and pressing Enter; the field empties for the next one', async () => {
  await add('Buy milk')
  await add('  Walk the dog  ')
  assert.deepEqual(titles(), ['Buy milk', 'Walk the dog'])
  assert.equal(todos.find('.main').attr('hidden'), null, 'the list shows')
  assert.equal(todos.find('.new-todo').value(), '')
  assert.equal(todos.find('.todo-count').text(), '2 items left')
})

test('a blank todo is not added', async () => {
  await add('   ')
  assert.deepEqual(titles(), [])
})

test('I tick a todo off and clear it; "Clear completed" shows only while a todo is completed', async () => {
  await add('Buy milk')
  await add('Walk the dog')
  assert.equal(todos.findAll('.clear-completed').length, 0, 'nothing completed: no button')
  await todos.click('.todo-list li:first-child .toggle')
  assert.equal(todos.find('.todo-count').text(), '1 item left')
  assert.ok(todos.has('.todo-list li.completed', 'Buy milk'))
  assert.equal(todos.findAll('.clear-completed').length, 1)

  await todos.click('.clear-completed')
  assert.deepEqual(titles(), ['Walk the dog'])
  assert.equal(todos.findAll('.clear-completed').length, 0, 'cleared: no button, though a todo is left')
})

test('the filter links are the TodoMVC hash routes; /?filter= renders a filter on the server', async () => {
  assert.deepEqual(todos.findAll('.filters a').map((a) => a.attr('href')), ['#/', '#/active', '#/completed'])
  const completed = await render(app, '/?filter=completed')
  assert.equal(completed.find('.filters a.selected').text(), 'Completed')
})

test('I rename a todo by double-clicking it; Escape gives up, Enter saves', async () => {
  await add('Buy milk')
  await todos.dispatch('.todo-list label', 'dblclick')
  assert.equal(todos.find('.edit').value(), 'Buy milk')
  assert.equal(todos.document.activeElement, todos.find('.edit').element, 'the edit field has the focus')

  await todos.input('.edit', 'Buy oat milk')
  await todos.keydown('.edit', 'Escape')
  assert.deepEqual(titles(), ['Buy milk'])

  await todos.dispatch('.todo-list label', 'dblclick')
  await todos.input('.edit', 'Buy oat milk')
  await todos.keydown('.edit', 'Enter')
  assert.deepEqual(titles(), ['Buy oat milk'])
})

test('mark all as complete, and back', async () => {
  await add('a')
  await add('b')
  await todos.click('#toggle-all')
  assert.equal(todos.find('.todo-count').text(), '0 items left')
  await todos.click('#toggle-all')
  assert.equal(todos.find('.todo-count').text(), '2 items left')
})
