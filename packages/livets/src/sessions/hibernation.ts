// Hibernation: a session idle for a while keeps its view's state as the JSON of its checkpoint
// only, compressed, and parses it back the moment anything reads the state again
// (docs/architecture.md, "Hibernation"). Phoenix does the same for the same reason: an Erlang
// process idle for 15 s (`hibernate_after`) is garbage-collected and compacted. Most connections of
// a live server are idle at any time, and a view's state held as objects costs V8 two to three
// times its JSON: on the 10,000-item list, 800 KB of objects against 318 KB of JSON, which deflate
// (fastest level, 1 ms) makes 49 KB.
//
// The state is swapped for an accessor on the view object itself, so every way to read or write it
// wakes it: a handler, a render, a timer of the view's own that reads `this.state` before
// `setState()`, a rollback. Only state that JSON brings back exactly is put to sleep: plain objects
// and arrays, strings, finite numbers, booleans and null, with no object reached twice (JSON would
// make two copies of it) and nothing frozen or sealed; a property holding undefined is allowed (JSON
// leaves it out, and reading it still gives undefined). Nor is state a view field refers into.
// Anything else stays as it is, as does state too small for its JSON to be worth it. What cannot
// be seen is a closure that captured an object of the state: docs/architecture.md says to reach
// the state through `this.state`, as a restore from a checkpoint already requires.

import { types } from 'node:util'
import { deflateRawSync, inflateRawSync } from 'node:zlib'

/** How long a session goes without a step before its view's state hibernates, unless `hibernateAfterMs` says otherwise. */
export const DEFAULT_HIBERNATE_AFTER_MS = 15_000

/**
 * A state with fewer values than this (objects, arrays and primitives counted) stays awake: its
 * objects cost little more than its JSON would, and an idle counter's session stays as it is.
 */
export const HIBERNATE_MIN_VALUES = 256

/**
 * Whether the view's state comes back from JSON exactly as it is, is large enough to be worth
 * hibernating, and is not referred to from the view's own fields (`this.selected = item`: after a
 * wake that field would hold an object the state no longer has).
 */
export function hibernatable(view: object): boolean {
  const state = (view as { state?: unknown }).state
  if (typeof state !== 'object' || state === null) return false
  const seen = new Set<object>()
  const pending: unknown[] = [state]
  let values = 0
  while (pending.length > 0) {
    const value = pending.pop()
    values++
    switch (typeof value) {
      case 'string': case 'boolean': continue
      case 'number': if (Number.isFinite(value) && !Object.is(value, -0)) continue; return false
      case 'object': break
      default: return false // undefined in an array, bigint, symbol, function
    }
    if (value === null) continue
    if (seen.has(value) || !Object.isExtensible(value) || types.isProxy(value)) return false
    seen.add(value)
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push(value[i])
      continue
    }
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return false
    for (const key in value) {
      const property = (value as Record<string, unknown>)[key]
      if (property !== undefined) pending.push(property)
    }
  }
  return values >= HIBERNATE_MIN_VALUES && !fieldsReferTo(view, seen)
}

/** Whether one of the view's own fields (other than `state`) holds one of `objects`, directly or as an entry of an array, plain object, Map or Set it holds. */
function fieldsReferTo(view: object, objects: Set<object>): boolean {
  const held = (value: unknown) => typeof value === 'object' && value !== null && objects.has(value)
  for (const key of Object.keys(view)) {
    if (key === 'state') continue
    const field = (view as Record<string, unknown>)[key]
    if (typeof field !== 'object' || field === null) continue
    if (held(field)) return true
    const entries = Array.isArray(field) || field instanceof Set ? [...field]
      : field instanceof Map ? [...field.keys(), ...field.values()]
        : Object.getPrototypeOf(field) === Object.prototype ? Object.values(field) : []
    if (entries.some(held)) return true
  }
  return false
}

/**
 * Puts `view.state` to sleep: the property becomes an accessor that, on first use, makes it a
 * plain property again holding what `wake()` returns (a read) or what is assigned (a write).
 * Returns false, changing nothing, when the view's `state` cannot be redefined.
 */
export function hibernate(view: object, wake: () => unknown): boolean {
  const own = Object.getOwnPropertyDescriptor(view, 'state')
  if (!own || !own.configurable || !('value' in own)) return false
  const awaken = (state: unknown) => {
    Object.defineProperty(view, 'state', { value: state, writable: true, enumerable: true, configurable: true })
    return state
  }
  Object.defineProperty(view, 'state', {
    enumerable: true,
    configurable: true,
    get: () => awaken(wake()),
    set: (state: unknown) => { awaken(state) },
  })
  return true
}

/** A hibernating state's JSON, deflated at the fastest level: a state's JSON repeats its keys, and a list's items their shape. */
export function packJson(json: string): Buffer {
  return deflateRawSync(json, { level: 1 })
}

export function unpackJson(packed: Buffer): string {
  return inflateRawSync(packed).toString('utf8')
}
