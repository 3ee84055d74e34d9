// A view's checkpoint: which view it is (with its route's params) and its state, as JSON. It is
// taken after each handled event and serves twice: as the point a failed handler rolls back to,
// and, in a session store, as what a new process restores the view from (docs/scaling.md).

/** What a checkpoint holds. */
export interface Checkpoint {
  /** The view's id (views.ts) and the request it was mounted for. */
  view: string
  params: Record<string, string>
  query: Record<string, string>
  /** The view's state, or what its snapshot() returned. */
  state: unknown
  /** Client events the session had received when this was taken (exactly-once delivery across a restore). */
  events: number
  /** The session's flash messages (flash.ts): they outlive the process with the state. */
  flash?: Record<string, string>
}

/**
 * Where in `value` something JSON would not bring back as it is: a function, a class instance,
 * a Map, a Date, undefined in an array, a cycle… The path (`state.todos[3].due`) and what it is,
 * or null when the value survives JSON unchanged. Development only: it walks the whole value.
 */
export function unserializablePath(value: unknown, path = 'state', seen = new Set<object>()): string | null {
  switch (typeof value) {
    case 'string': case 'boolean': return null
    case 'number': return Number.isFinite(value) ? null : `${path} is ${value}, which JSON turns into null`
    case 'undefined': return null
    case 'bigint': case 'symbol': case 'function': return `${path} is a ${typeof value}`
  }
  if (value === null) return null
  const object = value as object
  if (seen.has(object)) return `${path} refers back to an object that contains it (a cycle)`
  const proto = Object.getPrototypeOf(object)
  if (Array.isArray(object)) {
    seen.add(object)
    for (let i = 0; i < object.length; i++) {
      if (object[i] === undefined) return `${path}[${i}] is undefined, which JSON turns into null`
      const found = unserializablePath(object[i], `${path}[${i}]`, seen)
      if (found) return found
    }
    seen.delete(object)
    return null
  }
  if (proto !== Object.prototype && proto !== null) return `${path} is a ${object.constructor?.name ?? 'class instance'}, which JSON does not bring back`
  seen.add(object)
  for (const [key, item] of Object.entries(object)) {
    const found = unserializablePath(item, /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`, seen)
    if (found) return found
  }
  seen.delete(object)
  return null
}
