// A view's checkpoint: which view it is (with its route's params) and its state, as JSON. It is
// taken after each handled event and serves twice: as the point a failed handler rolls back to,
// and, in a session store, as what a new process restores the view from (docs/scaling.md).
import type { ComponentCheckpoint } from '../components/registry.ts'

/** What a checkpoint holds. */
export interface Checkpoint {
  /** The view's id (views.ts) and the request it was mounted for (params and query left out when empty). */
  view: string
  params?: Record<string, string>
  query?: Record<string, string>
  /** The URL the view showed (after live navigation, not the page's first): what handleParams is given again on a restore. */
  url?: string
  /** The view's state, or what its snapshot() returned. */
  state: unknown
  /** Client events the session had received when this was taken (exactly-once delivery across a restore). */
  events: number
  /** The session's flash messages (flash.ts): they outlive the process with the state (left out when there are none). */
  flash?: Record<string, string>
  /** The page's components' states, by id (docs/components.md): the ones the restored render places get theirs back. */
  components?: Record<string, ComponentCheckpoint>
}

/**
 * `json` as one flat string. V8's JSON.stringify returns a rope of the pieces it wrote, about 100
 * bytes more than the text for a small checkpoint; the checkpoint a view's mount leaves is what an
 * idle session keeps for as long as it lives, so that one is copied flat (docs/architecture.md,
 * "Memory per connection"). JSON.stringify writes well-formed text, which UTF-8 carries both ways.
 */
export const flatJson = (json: string): string => Buffer.from(json).toString()

/**
 * Where in `value` something JSON would not bring back as it is: a function, a class instance,
 * a Map, a Date, undefined in an array, a cycle… The path (`state.todos[3].due`) and what it is,
 * or null when the value survives JSON unchanged. Development only: it walks the whole value (after
 * every event, and for every view a broadcast reaches), so the path is spelled only once something
 * is found.
 */
export function unserializablePath(value: unknown, path = 'state'): string | null {
  const found = findUnserializable(value, new Set())
  return found ? path + found.steps.reverse().join('') + found.what : null
}

/** What was found: the steps to it (innermost first, as the search returns) and what it is. */
interface Found { steps: string[]; what: string }

function findUnserializable(value: unknown, seen: Set<object>): Found | null {
  switch (typeof value) {
    case 'string': case 'boolean': case 'undefined': return null
    case 'number': return Number.isFinite(value) ? null : { steps: [], what: ` is ${value}, which JSON turns into null` }
    case 'bigint': case 'symbol': case 'function': return { steps: [], what: ` is a ${typeof value}` }
  }
  if (value === null) return null
  const object = value as object
  if (seen.has(object)) return { steps: [], what: ' refers back to an object that contains it (a cycle)' }
  if (Array.isArray(object)) {
    seen.add(object)
    for (let i = 0; i < object.length; i++) {
      if (object[i] === undefined) return { steps: [`[${i}]`], what: ' is undefined, which JSON turns into null' }
      const found = findUnserializable(object[i], seen)
      if (found) { found.steps.push(`[${i}]`); return found }
    }
    seen.delete(object)
    return null
  }
  const proto = Object.getPrototypeOf(object)
  if (proto !== Object.prototype && proto !== null) return { steps: [], what: ` is a ${object.constructor?.name ?? 'class instance'}, which JSON does not bring back` }
  seen.add(object)
  for (const key of Object.keys(object)) {
    const found = findUnserializable((object as Record<string, unknown>)[key], seen)
    if (found) { found.steps.push(/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`); return found }
  }
  seen.delete(object)
  return null
}
