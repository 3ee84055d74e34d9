import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { EngineAddon } from '@livets/engine'
import { html, raw } from 'livets'
import { encodeRender as encodeWhole, RenderError } from '../src/render-tree.ts'
import { MEMO_MIN_ITEMS } from '../src/list-memo.ts'

/** The tree alone (these tests place no components and no streams). */
const encodeRender = (...args: Parameters<typeof encodeWhole>) => encodeWhole(...args).tree

/** An engine stand-in that records compilations (and keeps no stamped lists): these tests are about the TS side of the boundary. */
function recordingEngine(): EngineAddon & { compiled: string[][] } {
  const compiled: string[][] = []
  return { compiled, compileTemplate: (statics: readonly string[]) => compiled.push([...statics]) - 1, templateDirectives: () => '[]', stampedItems: () => -1 } as unknown as EngineAddon & { compiled: string[][] }
}

/**
 * Reads stamped lists as the engine does (RenderTreeReader.cs): `expand` writes a tree with every
 * stamped list ('L', its runs 'R' resolved against the lists it read before) as the plain list ('l')
 * of the same items, and keeps what it read for `stampedItems`.
 */
function stampReader() {
  const lists = new Map<number, string[]>()
  let runs = 0
  const at = (t: string, i: number) => (t.charCodeAt(i) << 16) | t.charCodeAt(i + 1)
  const value = (t: string, i: number): [string, number] => {
    const tag = t[i]
    if (tag === 't' || tag === 'f' || tag === 'n') return [tag, i + 1]
    if (tag === 's' || tag === 'r') return [t.slice(i, i + 3 + at(t, i + 1)), i + 3 + at(t, i + 1)]
    if (tag === 'T' || tag === 'l') {
      const head = tag === 'T' ? 5 : 3, end = i + head + 2 + at(t, i + head)
      const values: string[] = []
      for (let j = i + head + 2; j < end;) { const [v, next] = value(t, j); values.push(v); j = next }
      return [t.slice(i, i + head) + body(...values), end]
    }
    assert.equal(tag, 'L', `tag at ${i}`)
    const stamp = at(t, i + 1), basedOn = at(t, i + 3), count = at(t, i + 5), end = i + 9 + at(t, i + 7)
    const items: string[] = []
    for (let j = i + 9; j < end;) {
      if (t[j] === 'R') { runs++; items.push(...lists.get(basedOn)!.slice(at(t, j + 1), at(t, j + 1) + at(t, j + 3))); j += 5; continue }
      const [v, next] = value(t, j); items.push(v); j = next
    }
    assert.equal(items.length, count)
    if (basedOn !== stamp) lists.delete(basedOn)
    lists.set(stamp, items)
    return ['l' + u32(count) + body(...items), end]
  }
  return {
    stampedItems: (stamp: number) => lists.get(stamp)?.length ?? -1,
    expand: (tree: string) => { runs = 0; return value(tree, 0)[0] },
    /** How many runs the last tree expanded referred to. */
    get runs() { return runs },
  }
}

const u32 = (n: number) => String.fromCharCode(n >>> 16, n & 0xffff)
/** A template render comes back as a Uint16Array of chars; tests compare it as a string. */
const chars = (tree: string | Uint16Array) => (typeof tree === 'string' ? tree : Buffer.from(tree.buffer, tree.byteOffset, tree.byteLength).toString('utf16le'))
/** An instance's or a list's values, after its head: their length in chars, then themselves. */
const body = (...values: string[]) => u32(values.join('').length) + values.join('')

test('a template encodes its id, its value count and each value by kind', () => {
  const engine = recordingEngine()
  const view = (n: number) => html`<p>${n}${'a<b'}${true}${false}${null}${undefined}${raw('<i>')}</p>`
  const tree = chars(encodeRender(engine, view(7), 'V'))
  assert.equal(tree, 'T' + u32(0) + u32(7) + body('s' + u32(1) + '7', 's' + u32(3) + 'a<b', 't', 'f', 'n', 'n', 'r' + u32(3) + '<i>'))
})

test('statics are compiled once per template, however often it renders', () => {
  const engine = recordingEngine()
  const view = (n: number) => html`<p>${n}</p>`
  for (let i = 0; i < 5; i++) encodeRender(engine, view(i), 'V')
  assert.equal(engine.compiled.length, 1)
  assert.deepEqual(engine.compiled[0], ['<p>', '</p>'])
})

test('nested templates and lists nest in the encoding', () => {
  const engine = recordingEngine()
  const item = (s: string) => html`<li>${s}</li>`
  const tree = chars(encodeRender(engine, html`<ul>${['a', 'b'].map(item)}</ul>`, 'V'))
  const li = (s: string) => 'T' + u32(1) + u32(1) + body('s' + u32(1) + s)
  assert.equal(tree, 'T' + u32(0) + u32(1) + body('l' + u32(2) + body(li('a'), li('b'))))
})

test('a plain string is sent for the engine to parse', () => {
  assert.equal(encodeRender(recordingEngine(), '<p>hi</p>', 'V'), 'P' + u32(9) + '<p>hi</p>')
})

test('values that cannot be shown are errors that name the view', () => {
  const engine = recordingEngine()
  assert.throws(() => encodeRender(engine, html`<p>${{ a: 1 }}</p>`, 'Profile'), (e: RenderError) =>
    e.code === 'LIVETS_RENDER_INVALID' && /Profile\.render\(\) interpolated a plain object/.test(e.message))
  assert.throws(() => encodeRender(engine, html`<p>${() => 1}</p>`, 'Profile'), /interpolated a function/)
  assert.throws(() => encodeRender(engine, 42 as unknown as string, 'Profile'), /must return html`...` or a string, not number/)
})

test('a render is written into one reused buffer, so a long list allocates no string per value', () => {
  const engine = recordingEngine()
  const item = (n: number) => html`<li ts-key="${n}">${'label ' + n}</li>`
  const list = (count: number) => html`<ul>${Array.from({ length: count }, (_, i) => item(i))}</ul>`
  const first = encodeRender(engine, list(3), 'V') as Uint16Array
  const copy = chars(first)
  const big = chars(encodeRender(engine, list(5000), 'V'))
  assert.ok(big.length > 50_000)
  assert.equal(chars(encodeRender(engine, list(3), 'V')), copy)
  assert.ok(big.startsWith('T' + u32(0) + u32(1) + u32(big.length - 7) + 'l' + u32(5000)))
})

test('numbers are written as String(n) writes them', () => {
  const engine = recordingEngine()
  const numbers = [0, 7, 10, 99, 100, 1234567, 2 ** 31 - 1, 2 ** 31, -5, -0, 1.5, 1e21, NaN, Infinity]
  const tree = chars(encodeRender(engine, html`<p>${numbers}</p>`, 'V'))
  const expected = numbers.map((n) => 's' + u32(String(n).length) + String(n))
  assert.equal(tree, 'T' + u32(0) + u32(1) + body('l' + u32(numbers.length) + body(...expected)))
})

test('a long list re-rendered refers to its unchanged items, and reads as a fresh render of it', () => {
  const reader = stampReader()
  const engine = { ...recordingEngine(), stampedItems: reader.stampedItems } as EngineAddon
  const state = { items: Array.from({ length: 300 }, (_, i) => ({ id: i, label: `item ${i}`, done: i % 3 === 0 })) }
  const view = () => html`<ul>${state.items.map((item) => html`<li ts-key="${item.id}" class="${item.done ? 'done' : ''}">${item.label}</li>`)}</ul><p>${state.items.length}</p>`
  const fresh = () => chars(encodeRender(engine, view(), 'V'))           // no state: no memo
  const memoed = () => chars(encodeRender(engine, view(), 'V', state))   // the view's state: its memo
  const changes: Array<() => void> = [
    () => {},
    () => state.items.push({ id: 1000, label: 'new', done: false }),
    () => state.items.splice(150, 1),
    () => { state.items[20].label += '!' },
    () => state.items.unshift({ id: 1001, label: 'first', done: true }),
    () => { [state.items[1], state.items[250]] = [state.items[250], state.items[1]] },
    () => { state.items = state.items.slice(0, MEMO_MIN_ITEMS - 6) }, // below the memo's threshold: written whole
    () => { for (let i = 0; i < 20; i++) state.items.push({ id: 2000 + i, label: 'more', done: false }) }, // and back above it
    () => state.items.reverse(),
    () => {},
  ]
  // The first render has nothing to refer to: it is written as a fresh render is, so pages alike share it.
  assert.equal(memoed(), fresh())
  for (const change of changes) {
    change()
    assert.equal(reader.expand(memoed()), fresh())
  }
  // One item edited: the tree carries that item and two runs, not the list.
  state.items[30].label = 'edited'
  const tree = memoed()
  assert.ok(tree.length < 100, `${tree.length} chars`)
  assert.equal(reader.expand(tree), fresh())
  assert.equal(reader.runs, 2)
})

test('a long list refers to nothing the engine no longer keeps', () => {
  const reader = stampReader()
  let keeps = true
  const engine = { ...recordingEngine(), stampedItems: (stamp: number) => (keeps ? reader.stampedItems(stamp) : -1) } as EngineAddon
  const state = { items: Array.from({ length: MEMO_MIN_ITEMS + 50 }, (_, i) => i) }
  const view = () => html`<ul>${state.items.map((i) => html`<li>${i}</li>`)}</ul>`
  reader.expand(chars(encodeRender(engine, view(), 'V', state)))
  reader.expand(chars(encodeRender(engine, view(), 'V', state)))
  state.items.push(MEMO_MIN_ITEMS + 50)
  keeps = false // say the render that wrote the list failed before the engine read it
  const tree = chars(encodeRender(engine, view(), 'V', state))
  assert.equal(reader.expand(tree), chars(encodeRender(engine, view(), 'V')))
  assert.equal(reader.runs, 0)
})

test('list items with nested templates or directives are encoded every time, never referred to stale', () => {
  const reader = stampReader()
  const engine = { ...recordingEngine(), stampedItems: reader.stampedItems } as EngineAddon
  const state = { rows: Array.from({ length: MEMO_MIN_ITEMS + 30 }, (_, i) => ({ id: i, tags: ['a', 'b'] })) }
  const view = () => html`<ul>${state.rows.map((row) => html`<li>${row.id}${row.tags.map((t) => html`<b>${t}</b>`)}</li>`)}</ul>`
  reader.expand(chars(encodeRender(engine, view(), 'V', state)))
  reader.expand(chars(encodeRender(engine, view(), 'V', state)))
  state.rows[40].tags.push('c')
  const tree = chars(encodeRender(engine, view(), 'V', state))
  assert.equal(reader.expand(tree), chars(encodeRender(engine, view(), 'V')))
  assert.equal(reader.runs, 0)
})
