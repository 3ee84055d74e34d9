// The ts-on:<event>[.modifier…] grammar and what a binding does with one event. Modifiers are
// not order-sensitive: filters (.self, keys, .ctrl…) decide first, and an event they reject is
// left alone entirely (not prevented, not stopped, not counted by .once).
import { SYSTEM_MODIFIERS, isKeyboardEvent, keyForFilter, keysMatch, type KeyLike, type SystemModifier } from './keys.ts'
import { debounce, throttle, type Gate } from './timing.ts'
import { DIRECTIVE_JS, DIRECTIVE_ON } from './protocol.ts'

/** `.debounce` / `.throttle` without a number wait this long (as in Alpine). */
export const DEFAULT_WAIT_MS = 250

/** The milliseconds a `.debounce`/`.throttle` segment gives (`300` or `300ms`), or undefined if it is not one. */
export function waitOf(segment: string | undefined): number | undefined {
  const wait = /^(\d+)(ms)?$/.exec(segment ?? '')
  return wait ? Number(wait[1]) : undefined
}

/** A parsed ts-on attribute name: `ts-on:keydown.window.escape` → type keydown, on window, key Escape. */
export interface On {
  type: string
  /** Where the listener is: the element (delegated from the view's root), or window or document. */
  target: 'element' | 'window' | 'document'
  prevent: boolean
  stop: boolean
  self: boolean
  once: boolean
  /** KeyboardEvent.key values; the event's key must be one of them (none: any key). */
  keys: string[]
  /** Modifier keys that must all be held. */
  held: SystemModifier[]
  debounce?: number
  throttle?: number
  /** What was wrong with the name. The modifiers at fault are ignored, never guessed at. */
  errors: string[]
  /** A ts-js binding: its value is client commands (js-commands.ts), not a handler's name. */
  js: boolean
}

/** The event part of a binding's name: `ts-on:keydown.enter` and `ts-js:keydown.enter` → `keydown.enter`; `ts-js` alone is a click. */
function eventPart(attribute: string): string | null {
  if (attribute.startsWith(DIRECTIVE_ON)) return attribute.slice(DIRECTIVE_ON.length)
  if (attribute === DIRECTIVE_JS) return 'click'
  if (attribute.startsWith(DIRECTIVE_JS + ':')) return attribute.slice(DIRECTIVE_JS.length + 1)
  return null
}

/** Parses an attribute name; null if it is neither a ts-on nor a ts-js attribute. */
export function parseOn(attribute: string): On | null {
  const event = eventPart(attribute)
  if (event === null) return null
  const [type, ...modifiers] = event.split('.')
  const on: On = { type, target: 'element', prevent: false, stop: false, self: false, once: false, keys: [], held: [], errors: [], js: !attribute.startsWith(DIRECTIVE_ON) }
  if (!type) on.errors.push('no event type')
  for (let i = 0; i < modifiers.length; i++) {
    const modifier = modifiers[i]
    switch (modifier) {
      case 'prevent': case 'stop': case 'self': case 'once':
        on[modifier] = true
        break
      case 'window': case 'document':
        if (on.target !== 'element') on.errors.push('.window and .document exclude each other')
        else on.target = modifier
        break
      case 'debounce': case 'throttle': {
        // The wait is the next segment: .debounce.300 (or .debounce.300ms, as Alpine writes it).
        const wait = waitOf(modifiers[i + 1])
        if (wait !== undefined) i++
        if (on.debounce !== undefined || on.throttle !== undefined) on.errors.push('.debounce and .throttle exclude each other')
        else on[modifier] = wait ?? DEFAULT_WAIT_MS
        break
      }
      default: {
        const key = keyForFilter(modifier)
        if ((SYSTEM_MODIFIERS as readonly string[]).includes(modifier)) on.held.push(modifier as SystemModifier)
        else if (key === undefined) on.errors.push(`unknown modifier '.${modifier}'`)
        else if (!isKeyboardEvent(type)) on.errors.push(`'.${modifier}' is a key filter, and ${type} events have no key`)
        else on.keys.push(key)
      }
    }
  }
  return on
}

const parsedNames = new Map<string, On | null>()

/** parseOn, once per distinct name: errors are reported once, and events do not re-parse. */
export function onFor(attribute: string): On | null {
  let on = parsedNames.get(attribute)
  if (on === undefined) {
    on = parseOn(attribute)
    parsedNames.set(attribute, on)
    // Plain-string views reach the page without the engine's template checks: say what is ignored.
    for (const error of on?.errors ?? []) console.error(`LiveTS: ${attribute}: ${error} (ignored)`)
  }
  return on
}

/** One ts-on (or ts-js) attribute of one element; `handler` is its value (a handler's name, or commands). */
export interface Binding { attribute: string; handler: string; on: On }

/** Whether the filters let `event` through to the binding on `element`. */
export function accepts(on: On, event: KeyLike & { target: unknown }, element: unknown): boolean {
  return (!on.self || event.target === element) && keysMatch(on.keys, on.held, event)
}

/** An event's fields: named values, or pairs where a name may repeat (a form's fields). */
export type Payload = Record<string, string> | Array<[string, string]>

/** Per element, kept only while it exists: its .once attributes that fired, its rate-limit gates. */
const fired = new WeakMap<Element, Set<string>>()
const gates = new WeakMap<Element, Map<string, Gate>>()

/**
 * Runs `binding` (on `element`) for `event`: filters, .once, .prevent, then the send, through a
 * debounce/throttle gate if it has one. The payload is taken now, from this event, even when the
 * send comes later. Returns whether the binding asks to stop the event (.stop).
 */
export function fire(binding: Binding, event: Event, element: Element, payload: () => Payload, send: (handler: string, payload: Payload) => void): boolean {
  const { on, attribute } = binding
  if (!accepts(on, event as Event & KeyLike, element)) return false
  if (on.once) {
    // Per element: a patch that replaces the element brings a fresh one, which may fire again.
    const done = fired.get(element) ?? new Set<string>()
    if (done.has(attribute)) return false
    fired.set(element, done.add(attribute))
  }
  // A ts-on:submit form never navigates: the server handles it (as phx-submit does).
  if (on.prevent || event.type === 'submit') event.preventDefault()
  const handler = binding.handler
  const data = payload()
  const run = (): void => send(handler, data)
  const wait = on.debounce ?? on.throttle
  if (wait === undefined) run()
  else {
    const mine = gates.get(element) ?? new Map<string, Gate>()
    gates.set(element, mine)
    let gate = mine.get(attribute)
    if (!gate) mine.set(attribute, (gate = on.debounce !== undefined ? debounce(wait) : throttle(wait)))
    gate(run)
  }
  return on.stop
}
