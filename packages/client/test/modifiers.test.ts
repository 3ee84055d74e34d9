// The pure parts of ts-on:* modifiers: the attribute grammar, key filters, what a binding does with
// an event, and debounce/throttle timing (with node:test's fake timers). The DOM side is in
// e2e/events.test.ts.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_WAIT_MS, accepts, fire, onFor, parseOn, type Binding, type Payload } from '../src/modifiers.ts'
import { keyForFilter, keysMatch } from '../src/keys.ts'
import { debounce, throttle } from '../src/timing.ts'
import { EVENT_MODIFIERS, KEY_FILTERS, SYSTEM_MODIFIERS } from '../src/protocol.ts'

describe('parseOn', () => {
  test('knows every name of the shared vocabulary, and no other', () => {
    for (const modifier of EVENT_MODIFIERS) assert.deepEqual(parseOn(`ts-on:keydown.${modifier}`)!.errors, [], modifier)
    for (const modifier of SYSTEM_MODIFIERS) assert.deepEqual(parseOn(`ts-on:keydown.${modifier}`)!.held, [modifier])
    for (const [name, key] of Object.entries(KEY_FILTERS)) assert.deepEqual(parseOn(`ts-on:keydown.${name}`)!.keys, [key], name)
    assert.deepEqual(parseOn('ts-on:keydown.lazy')!.errors, ["unknown modifier '.lazy'"], 'a ts-model modifier is no ts-on one')
  })

  test('splits the event type from its modifiers', () => {
    const on = parseOn('ts-on:keydown.enter.ctrl')!
    assert.equal(on.type, 'keydown')
    assert.deepEqual(on.keys, ['Enter'])
    assert.deepEqual(on.held, ['ctrl'])
    assert.equal(on.target, 'element')
    assert.deepEqual(on.errors, [])
  })

  test('a bare binding has no modifiers', () => {
    assert.deepEqual(parseOn('ts-on:click'), {
      type: 'click', target: 'element', prevent: false, stop: false, self: false, once: false, keys: [], held: [], errors: [], js: false,
    })
  })

  test('ts-js is a click binding of client commands; ts-js:<event> takes the same modifiers as ts-on', () => {
    assert.deepEqual(parseOn('ts-js'), {
      type: 'click', target: 'element', prevent: false, stop: false, self: false, once: false, keys: [], held: [], errors: [], js: true,
    })
    const escape = parseOn('ts-js:keydown.window.escape')!
    assert.deepEqual([escape.type, escape.target, escape.keys, escape.js], ['keydown', 'window', ['Escape'], true])
    assert.equal(parseOn('ts-jsx'), null)
  })

  test('flags, in any order', () => {
    const on = parseOn('ts-on:click.stop.once.self.prevent')!
    assert.deepEqual([on.prevent, on.stop, on.self, on.once], [true, true, true, true])
    assert.deepEqual(on.errors, [])
  })

  test('.window and .document move the listener', () => {
    const on = parseOn('ts-on:keydown.window.escape')!
    assert.equal(on.target, 'window')
    assert.deepEqual(on.keys, ['Escape'])
    assert.equal(parseOn('ts-on:scroll.document')!.target, 'document')
  })

  test('.debounce and .throttle take their wait from the next segment', () => {
    assert.equal(parseOn('ts-on:input.debounce.200')!.debounce, 200)
    assert.equal(parseOn('ts-on:mousemove.throttle.100')!.throttle, 100)
    assert.equal(parseOn('ts-on:input.debounce.300ms')!.debounce, 300)
    assert.equal(parseOn('ts-on:input.debounce.0')!.debounce, 0)
    const bare = parseOn('ts-on:input.debounce.prevent')!
    assert.equal(bare.debounce, DEFAULT_WAIT_MS)
    assert.equal(bare.prevent, true, 'a segment that is no number is the next modifier')
  })

  test('every key filter name maps to its KeyboardEvent.key', () => {
    const expected: Record<string, string> = {
      enter: 'Enter', escape: 'Escape', tab: 'Tab', space: ' ', backspace: 'Backspace', delete: 'Delete',
      'arrow-up': 'ArrowUp', 'arrow-down': 'ArrowDown', 'arrow-left': 'ArrowLeft', 'arrow-right': 'ArrowRight',
      home: 'Home', end: 'End', 'page-up': 'PageUp', 'page-down': 'PageDown', a: 'a', z: 'z', 1: '1', 0: '0',
    }
    for (const [name, key] of Object.entries(expected)) {
      assert.equal(keyForFilter(name), key, name)
      assert.deepEqual(parseOn(`ts-on:keyup.${name}`)!.keys, [key], name)
    }
    assert.deepEqual(parseOn('ts-on:keydown.shift.alt.meta.ctrl')!.held, ['shift', 'alt', 'meta', 'ctrl'])
  })

  test('unknown or misplaced modifiers are errors, and do nothing', () => {
    const typo = parseOn('ts-on:click.prevnt')!
    assert.equal(typo.prevent, false)
    assert.deepEqual(typo.errors, ["unknown modifier '.prevnt'"])
    assert.equal(keyForFilter('constructor'), undefined, 'not an object property')
    assert.deepEqual(parseOn('ts-on:keydown.ab')!.errors, ["unknown modifier '.ab'"])
    assert.deepEqual(parseOn('ts-on:keydown.Enter')!.errors, ["unknown modifier '.Enter'"])
    const keyOnClick = parseOn('ts-on:click.enter')!
    assert.deepEqual(keyOnClick.keys, [])
    assert.match(keyOnClick.errors[0], /key filter/)
    const both = parseOn('ts-on:input.debounce.100.throttle.50')!
    assert.equal(both.debounce, 100)
    assert.equal(both.throttle, undefined)
    assert.match(both.errors[0], /exclude each other/)
    assert.match(parseOn('ts-on:keydown.window.document')!.errors[0], /exclude each other/)
    assert.deepEqual(parseOn('ts-on:')!.errors, ['no event type'])
  })

  test('other attributes are not bindings', () => {
    assert.equal(parseOn('ts-value-id'), null)
    assert.equal(parseOn('onclick'), null)
  })

  test('onFor reports a name\'s errors once, however often it is seen', (t) => {
    const error = t.mock.method(console, 'error', () => {})
    onFor('ts-on:click.bogus')
    onFor('ts-on:click.bogus')
    assert.equal(error.mock.callCount(), 1)
    assert.match(String(error.mock.calls[0].arguments[0]), /ts-on:click\.bogus: unknown modifier '\.bogus'/)
    onFor('ts-on:click.prevent')
    assert.equal(error.mock.callCount(), 1)
  })
})

describe('key filters', () => {
  test('a named key matches only that key', () => {
    assert.equal(keysMatch(['Enter'], [], { key: 'Enter' }), true)
    assert.equal(keysMatch(['Enter'], [], { key: 'Escape' }), false)
    assert.equal(keysMatch([' '], [], { key: ' ' }), true)
    assert.equal(keysMatch(['ArrowUp'], [], { key: 'ArrowDown' }), false)
  })

  test('letters match either case; digits match themselves', () => {
    assert.equal(keysMatch(['a'], [], { key: 'a' }), true)
    assert.equal(keysMatch(['a'], [], { key: 'A', shiftKey: true }), true)
    assert.equal(keysMatch(['a'], [], { key: 'b' }), false)
    assert.equal(keysMatch(['1'], [], { key: '1' }), true)
    assert.equal(keysMatch(['1'], [], { key: '!' }), false)
  })

  test('several keys: any of them', () => {
    assert.equal(keysMatch(['Enter', ' '], [], { key: ' ' }), true)
    assert.equal(keysMatch(['Enter', ' '], [], { key: 'Tab' }), false)
  })

  test('system modifiers must all be held; others may be', () => {
    assert.equal(keysMatch(['s'], ['ctrl'], { key: 's', ctrlKey: true }), true)
    assert.equal(keysMatch(['s'], ['ctrl'], { key: 's' }), false)
    assert.equal(keysMatch(['s'], ['ctrl', 'shift'], { key: 'S', ctrlKey: true }), false)
    assert.equal(keysMatch(['s'], ['ctrl', 'shift'], { key: 'S', ctrlKey: true, shiftKey: true }), true)
    assert.equal(keysMatch(['Enter'], [], { key: 'Enter', altKey: true }), true)
    assert.equal(keysMatch([], ['meta'], { metaKey: true }), true, 'a click with .meta')
  })

  test('no filters: anything passes, keyless events too', () => {
    assert.equal(keysMatch([], [], {}), true)
  })
})

/** A stand-in for a DOM event: what fire() touches. */
function fakeEvent(type: string, init: Record<string, unknown> = {}) {
  const event = { type, target: null as unknown, defaultPrevented: false, preventDefault() { event.defaultPrevented = true }, ...init }
  return event
}

function binding(attribute: string, handler = 'h'): Binding {
  return { attribute, handler, on: parseOn(attribute)! }
}

describe('fire', () => {
  const sent: Array<[string, Payload]> = []
  const send = (handler: string, payload: Payload): void => { sent.push([handler, payload]) }
  const fireOnce = (b: Binding, event: ReturnType<typeof fakeEvent>, element: object, payload: Payload = {}) =>
    fire(b, event as unknown as Event, element as Element, () => payload, send)

  test('a plain binding sends the payload and neither prevents nor stops', () => {
    sent.length = 0
    const element = {}
    const event = fakeEvent('click', { target: element })
    assert.equal(fireOnce(binding('ts-on:click', 'go'), event, element, { id: '7' }), false)
    assert.deepEqual(sent, [['go', { id: '7' }]])
    assert.equal(event.defaultPrevented, false)
  })

  test('.prevent prevents, .stop asks to stop, submit is always prevented', () => {
    const element = {}
    const click = fakeEvent('click', { target: element })
    assert.equal(fireOnce(binding('ts-on:click.prevent.stop'), click, element), true)
    assert.equal(click.defaultPrevented, true)
    const submit = fakeEvent('submit', { target: element })
    fireOnce(binding('ts-on:submit'), submit, element)
    assert.equal(submit.defaultPrevented, true)
  })

  test('.once fires once per element', () => {
    sent.length = 0
    const b = binding('ts-on:click.once.prevent')
    const first = {}
    const events = [1, 2, 3].map(() => fakeEvent('click', { target: first }))
    for (const e of events) fireOnce(b, e, first)
    assert.equal(sent.length, 1)
    assert.deepEqual(events.map((e) => e.defaultPrevented), [true, false, false], 'a spent binding is no binding')
    const replacement = {}
    fireOnce(b, fakeEvent('click', { target: replacement }), replacement)
    assert.equal(sent.length, 2, 'a new element fires again')
  })

  test('.self: only events whose target is the element', () => {
    sent.length = 0
    const element = {}
    const b = binding('ts-on:click.self.prevent')
    const fromChild = fakeEvent('click', { target: {} })
    assert.equal(accepts(b.on, fromChild, element), false)
    fireOnce(b, fromChild, element)
    assert.equal(sent.length, 0)
    assert.equal(fromChild.defaultPrevented, false, 'a filtered event is left alone')
    fireOnce(b, fakeEvent('click', { target: element }), element)
    assert.equal(sent.length, 1)
  })

  test('key filters: separate attributes on one element each pick their key', () => {
    sent.length = 0
    const input = {}
    const save = binding('ts-on:keydown.enter', 'save')
    const cancel = binding('ts-on:keydown.escape.stop', 'cancel')
    for (const key of ['a', 'Enter', 'Escape', 'b']) {
      const event = fakeEvent('keydown', { key, target: input })
      fireOnce(save, event, input, { key })
      fireOnce(cancel, event, input, { key })
    }
    assert.deepEqual(sent.map(([h]) => h), ['save', 'cancel'])
    assert.equal(fireOnce(cancel, fakeEvent('keydown', { key: 'x' }), input), false, 'a filtered event is not stopped')
  })

  test('a debounced binding takes each event\'s payload when it happens and sends the last', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] })
    sent.length = 0
    const input = {}
    const b = binding('ts-on:input.debounce.200', 'search')
    for (const value of ['h', 'he', 'hel']) {
      fireOnce(b, fakeEvent('input', { target: input }), input, { value })
      t.mock.timers.tick(50)
    }
    assert.equal(sent.length, 0)
    t.mock.timers.tick(150)
    assert.deepEqual(sent, [['search', { value: 'hel' }]])
  })
})

describe('debounce', () => {
  test('sends once, ms after the events stop, and only the last', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] })
    const sent: string[] = []
    const gate = debounce(200)
    for (const value of ['a', 'ab', 'abc', 'abcd', 'abcde']) {
      gate(() => sent.push(value))
      t.mock.timers.tick(30)
    }
    t.mock.timers.tick(169)
    assert.equal(sent.length, 0, 'not yet: 199 ms after the last event')
    t.mock.timers.tick(1)
    assert.deepEqual(sent, ['abcde'])
    t.mock.timers.tick(1000)
    assert.deepEqual(sent, ['abcde'], 'nothing more')
    gate(() => sent.push('again'))
    t.mock.timers.tick(200)
    assert.deepEqual(sent, ['abcde', 'again'])
  })
})

describe('throttle', () => {
  test('leading send, then one trailing send with the last payload', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] })
    const sent: number[] = []
    const gate = throttle(100)
    for (let i = 0; i < 10; i++) {
      if (i > 0) t.mock.timers.tick(10)
      gate(() => sent.push(i))
    }
    assert.deepEqual(sent, [0], 'the first at once, the rest held back (90 ms in)')
    t.mock.timers.tick(9)
    assert.deepEqual(sent, [0], '99 ms in')
    t.mock.timers.tick(1)
    assert.deepEqual(sent, [0, 9], 'the last one when the window ends')
    t.mock.timers.tick(1000)
    assert.deepEqual(sent, [0, 9], 'nothing more')
  })

  test('a lone event is sent once, with no trailing repeat', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] })
    const sent: string[] = []
    const gate = throttle(100)
    gate(() => sent.push('x'))
    t.mock.timers.tick(500)
    assert.deepEqual(sent, ['x'])
  })

  test('a steady stream is sent at most once per window', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 })
    const times: number[] = []
    const gate = throttle(100)
    for (let i = 0; i < 200; i++) {
      gate(() => times.push(Date.now()))
      t.mock.timers.tick(5)
    }
    t.mock.timers.tick(200)
    assert.deepEqual(times, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000])
  })
})
