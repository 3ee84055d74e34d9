// Hibernation (docs/architecture.md, "Hibernation"): a session idle for hibernateAfterMs keeps its
// view's state as JSON until something reads it, and the page and the state go on exactly as if
// it had not. Written as an app's test would be, through render(); the views record their
// instances so that the test can see whether the state sleeps without waking it.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { LiveView, html } from 'livets'
import { closeAll, render } from 'livets/testing'
import { until } from './fixtures/until.ts'

const ITEMS = 300
const HIBERNATE_AFTER_MS = 150
const runtime = { hibernateAfterMs: HIBERNATE_AFTER_MS }
const quiet = { error: () => {}, warn: () => {} }

interface Item { id: number; label: string; tags: string[]; note?: string }
interface ListState { items: Item[]; next: number }

const item = (id: number): Item => ({ id, label: `item ${id}`, tags: [`t${id % 3}`], note: undefined })

/** The instance a page's live connection mounted last (mount runs for the static render too). */
const mounted: LiveView<any>[] = []
const lastMounted = () => mounted[mounted.length - 1]

class List extends LiveView<ListState> {
  mount() {
    mounted.push(this)
    this.state = { items: Array.from({ length: ITEMS }, (_, i) => item(i + 1)), next: ITEMS + 1 }
  }
  add() { this.state.items.push(item(this.state.next++)) }
  addThenThrow() { this.add(); throw new Error('after add') }
  render() {
    const { items } = this.state
    return html`<p id="count">${items.length}</p><p id="last">${items[items.length - 1].label} ${items[items.length - 1].tags.join()}</p>
<ul>${items.map((i) => html`<li ts-key="${i.id}">${i.label}</li>`)}</ul>
<button id="add" ts-on:click="add">add</button><button id="addThenThrow" ts-on:click="addThenThrow">addThenThrow</button>`
  }
}

/** Whether the view's state sleeps: an accessor in place of the plain property (read without calling it). */
const asleep = (view: LiveView<any>) => Object.getOwnPropertyDescriptor(view, 'state')?.get !== undefined

/** Long enough for a sweep to have looked at a session idle for hibernateAfterMs (it runs every 100 ms here). */
const idleSpell = () => new Promise((resolve) => setTimeout(resolve, HIBERNATE_AFTER_MS + 350))

afterEach(closeAll)

describe('an idle session hibernates and wakes as if it had not', () => {
  test('the next event finds the state as it was, and the page goes on', async () => {
    const page = await render(List, { runtime })
    await page.click('#add')
    const view = lastMounted()
    await until(() => asleep(view), 'the state to hibernate')
    await page.click('#add')
    assert.equal(page.find('#count').text(), String(ITEMS + 2))
    assert.equal(page.find('#last').text(), `item ${ITEMS + 2} t${(ITEMS + 2) % 3}`)
    assert.deepEqual(view.state.items.slice(0, 2), [item(1), item(2)].map(({ note, ...rest }) => rest))
  })

  test('a read from outside a step (a timer of the view) wakes it, and setState() renders', async () => {
    const page = await render(List, { runtime })
    const view = lastMounted()
    await until(() => asleep(view), 'the state to hibernate')
    assert.equal(view.state.items.length, ITEMS)
    assert.equal(asleep(view), false)
    view.setState({ items: view.state.items.slice(0, 10) })
    await until(() => page.find('#count').text() === '10', 'the render setState() asked for')
  })

  test('a write wakes it with what was written', async () => {
    const page = await render(List, { runtime })
    const view = lastMounted()
    await until(() => asleep(view), 'the state to hibernate')
    view.state = { items: [item(7)], next: 8 }
    assert.equal(asleep(view), false)
    await page.click('#add')
    assert.equal(page.find('#count').text(), '2')
  })

  test('a handler that throws after a wake rolls back to the state it hibernated with', async () => {
    const page = await render(List, { runtime, logger: quiet })
    const view = lastMounted()
    await until(() => asleep(view), 'the state to hibernate')
    await assert.rejects(page.click('#addThenThrow'), /failed/)
    await page.click('#add')
    // The failed add's id was rolled back with the rest: the next add takes it.
    assert.equal(page.find('#count').text(), String(ITEMS + 1))
    assert.equal(page.find('#last').text(), `item ${ITEMS + 1} t${(ITEMS + 1) % 3}`)
  })

  test('text beyond ASCII comes back as it was', async () => {
    const label = 'ünïcödé 🙂 \u2028 "quoted" \\ end'
    class Unicode extends List {
      mount() { super.mount(); this.state.items[0].label = label }
    }
    await render(Unicode, { runtime })
    const view = lastMounted()
    await until(() => asleep(view), 'the state to hibernate')
    assert.equal(view.state.items[0].label, label)
  })

  test('it sleeps again after another idle spell', async () => {
    const page = await render(List, { runtime })
    const view = lastMounted()
    await until(() => asleep(view), 'the state to hibernate')
    await page.click('#add')
    await until(() => asleep(view), 'the state to hibernate again')
    await page.click('#add')
    assert.equal(page.find('#count').text(), String(ITEMS + 2))
  })
})

describe('state that JSON would not bring back exactly stays awake', () => {
  class WithDate extends List {
    mount() { super.mount(); (this.state as unknown as { since: Date }).since = new Date(0) }
  }
  class SharedItem extends List {
    mount() { super.mount(); (this.state as unknown as { first: Item }).first = this.state.items[0] }
  }
  class Selected extends List {
    selected: Item | undefined
    mount() { super.mount(); this.selected = this.state.items[3] }
  }
  class SelectedInMap extends List {
    byId = new Map<number, Item>()
    mount() { super.mount(); for (const i of this.state.items) this.byId.set(i.id, i) }
  }
  class Small extends List {
    mount() { super.mount(); this.state.items = this.state.items.slice(0, 3) }
  }
  class NotPersisted extends List { static persist = false }
  class WithSnapshot extends List {
    snapshot() { return { next: this.state.next } }
    restore(data: unknown) { this.state.next = (data as { next: number }).next }
  }
  const cases: Array<[string, typeof List]> = [
    ['a Date in the state', WithDate], ['an object the state holds twice', SharedItem], ['a view field that refers into the state', Selected],
    ['a Map field whose values are the state\'s objects', SelectedInMap], ['a state of a few values', Small], ['a view with static persist = false', NotPersisted],
    ['a view with snapshot()/restore()', WithSnapshot],
  ]
  for (const [what, View] of cases) {
    test(what, async () => {
      const page = await render(View, { runtime })
      const view = lastMounted()
      await idleSpell()
      assert.equal(asleep(view), false)
      await page.click('#add')
      assert.equal(asleep(view), false)
    })
  }

  test('a state whose hibernation throws (a getter) stays awake, the failure logged once, the process running', async () => {
    // Armed once the page is up: development mode's checkpoint check reads every property too.
    let armed = false
    class Getter extends List {
      mount() {
        super.mount()
        Object.defineProperty(this.state, 'boom', { enumerable: true, get: () => { if (armed) throw new Error('not readable now') } })
      }
    }
    const errors: string[] = []
    const page = await render(Getter, { runtime, logger: { error: (message: string) => { errors.push(message) }, warn: () => {} } })
    const view = lastMounted()
    armed = true
    await until(() => errors.length > 0, 'the failure to be logged')
    armed = false
    assert.match(errors[0], /Getter .*: hibernation failed, the session stays awake/)
    assert.equal(asleep(view), false)
    await page.click('#add')
    assert.equal(page.find('#count').text(), String(ITEMS + 1))
  })

  test('hibernateAfterMs: 0 turns it off', async () => {
    await render(List, { runtime: { hibernateAfterMs: 0 } })
    const view = lastMounted()
    await idleSpell()
    assert.equal(asleep(view), false)
  })

  test('a hibernateAfterMs that is not a whole number of ms is refused with what to give', async () => {
    await assert.rejects(render(List, { runtime: { hibernateAfterMs: -1 } }), /hibernateAfterMs must be a whole number of milliseconds, 0 to turn hibernation off; got -1/)
  })
})
