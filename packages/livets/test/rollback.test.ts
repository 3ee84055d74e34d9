// A handler that throws after changing its list leaves the page and the state exactly as they were
// before the event (docs/scaling.md, "Checkpoints"): after a push, a splice, a nested edit, a sort,
// a filter, a state replaced whole. Written as an app's test would be, through render().
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { types } from 'node:util'
import { LiveView, html, type EventPayload } from 'livets'
import { closeAll, render } from 'livets/testing'

interface Todo { id: number; title: string; tags: string[]; meta: { done: boolean } }
interface TodoState { todos: Todo[]; next: number }

const todo = (id: number): Todo => ({ id, title: `todo ${id}`, tags: [`t${id}`], meta: { done: false } })

/** Whether anything in `value` is a proxy (the state a render reads must be plain objects). */
function holdsProxy(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return false
  if (types.isProxy(value)) return true
  seen.add(value)
  return Object.values(value).some((v) => holdsProxy(v, seen))
}

class Todos extends LiveView<TodoState> {
  /** A todo kept by reference across events, as a "selected" item often is. */
  selected: Todo | undefined
  mount() {
    this.state = { todos: [todo(1), todo(2), todo(3)], next: 4 }
  }
  add() { this.state.todos.push(todo(this.state.next++)) }
  pushThenThrow() { this.add(); throw new Error('after push') }
  spliceThenThrow() { this.state.todos.splice(1, 1, todo(99), todo(98)); this.state.todos.shift(); throw new Error('after splice') }
  nestedThenThrow() {
    const first = this.state.todos[0]
    first.title = 'changed'
    first.meta.done = true
    first.tags.push('x')
    delete (first as Partial<Todo>).tags
    throw new Error('after nested edits')
  }
  sortThenThrow() { this.state.todos.sort((a, b) => b.id - a.id); this.state.todos.reverse().pop(); throw new Error('after sort') }
  replaceThenThrow() { this.state = { ...this.state, todos: [...this.state.todos, todo(50)], next: 51 }; throw new Error('after replacing the state') }
  filterThenThrow() { this.state.todos = this.state.todos.filter((t) => t.id !== 2); throw new Error('after filter') }
  select({ id }: EventPayload) { this.selected = this.state.todos.find((t) => t.id === Number(id)) }
  renameSelected() { if (this.selected) this.selected.title += ' (renamed)' }
  removeSelected() {
    const at = this.state.todos.indexOf(this.selected!)
    if (at >= 0) this.state.todos.splice(at, 1)
  }
  render() {
    const { todos } = this.state
    return html`<ul>${todos.map((t) => html`<li ts-key="${t.id}">${t.title} ${t.meta.done ? 'done' : 'open'} ${t.tags?.join('+') ?? 'no tags'}</li>`)}</ul>
<pre id="state">${JSON.stringify(this.state)}</pre>
<p id="plain">${holdsProxy(this.state) || types.isProxy(this.selected) ? 'proxies' : 'plain'}</p>
<p id="same">${this.selected === undefined ? 'none' : todos.includes(this.selected) ? 'in the list' : 'not in the list'}</p>
<button id="add" ts-on:click="add">add</button>
<button id="pushThenThrow" ts-on:click="pushThenThrow">pushThenThrow</button><button id="spliceThenThrow" ts-on:click="spliceThenThrow">spliceThenThrow</button><button id="nestedThenThrow" ts-on:click="nestedThenThrow">nestedThenThrow</button>
<button id="sortThenThrow" ts-on:click="sortThenThrow">sortThenThrow</button><button id="replaceThenThrow" ts-on:click="replaceThenThrow">replaceThenThrow</button>
<button id="filterThenThrow" ts-on:click="filterThenThrow">filterThenThrow</button><button id="renameSelected" ts-on:click="renameSelected">renameSelected</button><button id="removeSelected" ts-on:click="removeSelected">removeSelected</button>
<button id="select2" ts-on:click="select" ts-value-id="2">select 2</button>`
  }
}

afterEach(closeAll)

describe('a handler that throws rolls the state back exactly', () => {
  for (const handler of ['pushThenThrow', 'spliceThenThrow', 'nestedThenThrow', 'sortThenThrow', 'replaceThenThrow', 'filterThenThrow']) {
    test(`${handler}: the page and the state are as before the event, and the next event goes on from there`, async () => {
      const page = await render(Todos, { logger: { error: () => {}, warn: () => {} } })
      await page.click('#add')
      const before = page.find('#state').text()
      await assert.rejects(page.click(`#${handler}`), /failed/)
      await page.click('#add') // the render after the next event shows the state the rollback left
      const after = JSON.parse(page.find('#state').text())
      const expected = JSON.parse(before)
      expected.todos.push(todo(5))
      expected.next = 6
      assert.deepEqual(after, expected)
      assert.equal(page.find('#plain').text(), 'plain')
    })
  }

  test('an item kept by reference is the one in the list, before and after a rollback', async () => {
    const page = await render(Todos, { logger: { error: () => {}, warn: () => {} } })
    await page.click('#select2')
    assert.equal(page.find('#same').text(), 'in the list')
    assert.equal(page.find('#plain').text(), 'plain', 'the view field holds the todo, not a proxy of it')
    await assert.rejects(page.click('#spliceThenThrow'), /failed/)
    await page.click('#renameSelected')
    assert.match(page.find('li:nth-child(2)').text(), /^todo 2 \(renamed\)/, 'the rollback put the same object back: the kept reference still edits the list')
    await page.click('#removeSelected')
    assert.deepEqual(page.findAll('li').map((li) => li.text().split(' ').slice(0, 2).join(' ')), ['todo 1', 'todo 3'])
  })
})
