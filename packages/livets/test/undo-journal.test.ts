// The journal of what a step changes (sessions/undo-journal.ts): rollbacks put back exactly what
// was, in place; what the step's code sees behaves as the plain objects would; no proxy stays in
// the state once the step is over.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { types } from 'node:util'
import { UndoJournal, toRaw } from '../src/sessions/undo-journal.ts'

interface Item { id: number; label: string; tags?: string[] }

/** A view with its state, a step opened on it. */
function stepOn<S extends object>(state: S): { view: { state: S; [field: string]: unknown }; journal: UndoJournal } {
  const view = { state }
  const journal = new UndoJournal(view)
  journal.open()
  return { view, journal }
}

function holdsProxy(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return false
  if (types.isProxy(value)) return true
  seen.add(value)
  if (value instanceof Map) return [...value.values()].some((v) => holdsProxy(v, seen))
  if (value instanceof Set) return [...value].some((v) => holdsProxy(v, seen))
  return Object.values(value).some((v) => holdsProxy(v, seen))
}

describe('undo journal', () => {
  test('a rollback puts the arrays and objects a step changed back in place, with their identities', () => {
    const items: Item[] = [{ id: 1, label: 'a', tags: ['x'] }, { id: 2, label: 'b' }, { id: 3, label: 'c' }]
    const state = { items, count: 3 }
    const before = JSON.stringify(state)
    const [first, second] = items
    const { view, journal } = stepOn(state)
    const s = view.state
    s.items.push({ id: 4, label: 'd' })
    s.items.splice(0, 1)
    s.items[0].label = 'B'
    s.items.sort((a, b) => b.id - a.id)
    s.items.find((item) => item.id === 1)
    s.count = 0
    delete (s.items[1] as Partial<Item>).label
    journal.rollback()
    assert.equal(view.state, state)
    assert.equal(state.items, items)
    assert.equal(items[0], first)
    assert.equal(items[1], second)
    assert.equal(JSON.stringify(state), before)
    assert.deepEqual(Object.keys(second), ['id', 'label'], 'a deleted key comes back in its place')
  })

  test('a state replaced whole comes back, and the new one holds no proxies', () => {
    const state = { items: [{ id: 1, label: 'a' }], next: 2 }
    const { view, journal } = stepOn(state)
    view.state = { ...view.state, items: [...view.state.items, { id: 2, label: 'b' }], next: 3 }
    journal.close()
    assert.notEqual(view.state, state)
    assert.ok(!holdsProxy(view.state), 'the spread copied proxies of the items: they are raw again')
    assert.equal(view.state.items[0], state.items[0])
    journal.rollback()
    assert.equal(view.state, state)
    assert.deepEqual(state, { items: [{ id: 1, label: 'a' }], next: 2 })
  })

  test('what the step stores or keeps is raw once it is over: new objects holding proxies, view fields', () => {
    const state = { items: [{ id: 1, label: 'a' }, { id: 2, label: 'b' }], picked: [] as Item[], byId: {} as Record<string, Item> }
    const { view, journal } = stepOn(state)
    const s = view.state
    const picked: Item[] = []
    s.picked = picked
    picked.push(s.items[1]) // pushed on the raw array after it was stored
    s.byId = Object.fromEntries(s.items.map((item) => [item.id, item]))
    s.items = s.items.filter((item) => item.id !== 1)
    view.selected = s.items[0]
    journal.close()
    assert.ok(!holdsProxy(view.state))
    assert.ok(!types.isProxy(view.selected))
    assert.equal(view.selected, state.items[0])
    assert.equal(state.byId['2'], state.picked[0])
  })

  test('in a step, an object is one proxy, and searches find it given its proxy or the raw object', () => {
    const raw = { id: 1, label: 'a' }
    const state = { items: [raw, { id: 2, label: 'b' }] }
    const { view, journal } = stepOn(state)
    const items = view.state.items
    assert.equal(items[0], items[0])
    assert.equal(items.find((item) => item.id === 1), items[0])
    assert.equal(items.indexOf(raw), 0)
    assert.equal(items.indexOf(items[1]), 1)
    assert.ok(items.includes(items[0]))
    assert.equal(toRaw(items[0]), raw)
    const [kept] = items.filter((item) => item.id === 1)
    assert.equal(kept, items[0], 'filter gives what the step reads from the array')
    kept.label = 'changed through what filter gave'
    journal.rollback()
    assert.equal(raw.label, 'a', 'so a change through it is rolled back too')
    journal.open()
    assert.deepEqual(JSON.parse(JSON.stringify(view.state)), { items: [{ id: 1, label: 'a' }, { id: 2, label: 'b' }] })
    const last = items[1]
    assert.equal(items.pop(), last, 'pop() gives what the step saw there')
    assert.equal(items.push, items.push)
    journal.close()
  })

  test('Maps, Sets and Dates are handed out as they are and put back by a rollback', () => {
    const seen = new Map([['a', 1]]), tags = new Set(['x']), at = new Date(1000)
    const state = { seen, tags, at }
    const { view, journal } = stepOn(state)
    assert.equal(view.state.seen, seen)
    view.state.seen.set('b', 2)
    view.state.seen.delete('a')
    view.state.tags.add('y')
    view.state.at.setTime(5)
    journal.rollback()
    assert.deepEqual([...seen], [['a', 1]])
    assert.deepEqual([...tags], ['x'])
    assert.equal(at.getTime(), 1000)
  })

  test('a frozen object is read as it is', () => {
    const config = Object.freeze({ limits: Object.freeze({ max: 3 }) })
    const { view, journal } = stepOn({ config, n: 0 })
    assert.equal(view.state.config.limits, config.limits)
    view.state.n = 1
    journal.rollback()
    assert.equal(view.state.n, 0)
  })

  test('an array the step froze is read as it is, and a rollback passes over it', () => {
    const state = { items: [{ id: 1, tags: ['a'] }], n: 0 }
    const { view, journal } = stepOn(state)
    view.state.items.push({ id: 2, tags: [] })
    Object.freeze(view.state.items)
    assert.equal(view.state.items[0], view.state.items[0])
    assert.equal(toRaw(view.state.items[0]), state.items[0])
    view.state.n = 1
    assert.doesNotThrow(() => journal.rollback())
    assert.equal(state.n, 0)
  })

  test('the checkpoint asked for in the middle of a step is the state before it', () => {
    const state = { items: [{ id: 1, label: 'a' }], at: new Date(0), next: 2 }
    const before = JSON.stringify({ view: 'v', state })
    const { view, journal } = stepOn(state)
    view.state.items.push({ id: 2, label: 'b' })
    view.state.items[0].label = 'A'
    view.state.at.setTime(7)
    view.state.next = 3
    assert.equal(journal.stringify({ view: 'v', state: view.state } as { state: unknown }), before)
    journal.close()
    assert.equal(journal.stringify({ view: 'v', state: view.state } as { state: unknown }), before, 'and after it, until the checkpoint is taken')
  })

  test('a proxy kept past its step writes through, unrecorded', () => {
    const state = { items: [{ id: 1, label: 'a', tags: ['x'] }] }
    const { view, journal } = stepOn(state)
    const kept = view.state.items[0]
    assert.ok(types.isProxy(kept))
    journal.close()
    kept.label = 'late'
    journal.rollback()
    assert.equal(state.items[0].label, 'late')
  })

  test('a flat object (primitives only) is handed out as it is, and a rollback still puts it back', () => {
    const item = { id: 1, label: 'a' }
    const state = { items: [item] }
    const { view, journal } = stepOn(state)
    const read = view.state.items[0]
    assert.equal(read, item)
    read.label = 'b'
    assert.equal(view.state.items.find((i) => i.id === 1), item)
    read.label = 'c'
    ;(read as Record<string, unknown>).extra = view.state.items // given an object in the step: it is stored raw
    journal.close()
    assert.ok(!holdsProxy(state))
    journal.rollback()
    assert.deepEqual(item, { id: 1, label: 'a' })
  })

  test('the journal goes on over steps until a checkpoint: a rollback undoes them all', () => {
    const state = { n: 0, items: [1, 2] }
    const { view, journal } = stepOn(state)
    view.state.n = 1
    journal.close()
    journal.open()
    view.state.n = 2
    view.state.items.reverse()
    journal.rollback()
    assert.deepEqual(state, { n: 0, items: [1, 2] })
  })
})
