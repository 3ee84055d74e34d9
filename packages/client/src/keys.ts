// Key filters: the `.enter`, `.escape`, `.ctrl`… of ts-on:keydown.enter.ctrl="save". A closed list,
// so a typo is an error instead of a filter that never matches. The names are the shared
// vocabulary (protocol.ts, checked against the engine's by protocol/test-vectors.json).
import { KEY_FILTERS, SYSTEM_MODIFIERS } from './protocol.ts'

/** Keys that must be held, from the shared vocabulary. */
export { SYSTEM_MODIFIERS }
export type SystemModifier = (typeof SYSTEM_MODIFIERS)[number]

/** The events that carry a `key`: the only ones key names can filter. */
export const isKeyboardEvent = (type: string): boolean => type === 'keydown' || type === 'keyup' || type === 'keypress'

/** The KeyboardEvent.key a filter name matches, or undefined if `name` is no key filter. */
export function keyForFilter(name: string): string | undefined {
  // Letters and digits compare lower-cased: Shift+A has key "A", and `.a` should still see it.
  return Object.prototype.hasOwnProperty.call(KEY_FILTERS, name) ? KEY_FILTERS[name] : /^[a-z0-9]$/.test(name) ? name : undefined
}

/** What a keyboard (or mouse) event looks like to a filter. */
export interface KeyLike { key?: string; ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean; metaKey?: boolean }

/**
 * Whether `event` passes the filters: its key is one of `keys` (any; no keys means any key) and
 * every modifier in `held` is down. Modifiers that are not listed may be down too (as in Vue):
 * `.enter` also fires on Ctrl+Enter.
 */
export function keysMatch(keys: readonly string[], held: readonly SystemModifier[], event: KeyLike): boolean {
  for (const modifier of held) if (!event[`${modifier}Key`]) return false
  if (keys.length === 0) return true
  const key = event.key ?? ''
  const lower = key.length === 1 ? key.toLowerCase() : key
  return keys.includes(lower)
}
