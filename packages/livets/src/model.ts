// ts-model on the server: the client sends a bound field's value as an event named
// `ts-model[.modifiers]:path` (the engine accepts only names a template on the page declares);
// the value is converted by the modifiers and written into the view's state at the path.
import { EVENT_MODEL_PREFIX } from '@livets/client/protocol'
import type { EventPayload } from './live-view.ts'

/** The binding an event name stands for, or null when it is an ordinary handler name. */
export function modelBinding(eventName: string): { path: string[]; modifiers: string[] } | null {
  if (!eventName.startsWith(EVENT_MODEL_PREFIX)) return null
  const colon = eventName.indexOf(':')
  if (colon < 0) return null
  return { path: eventName.slice(colon + 1).split('.'), modifiers: eventName.slice(EVENT_MODEL_PREFIX.length, colon).split('.').filter(Boolean) }
}

/** The value to store: a checkbox's boolean, or the text converted by .trim and .number. */
export function modelValue(payload: EventPayload, modifiers: string[]): unknown {
  if ('checked' in payload) return payload.checked === 'true'
  let value: string | number = payload.value ?? ''
  if (modifiers.includes('trim')) value = value.trim()
  if (modifiers.includes('number') && value.trim() !== '') {
    const number = Number(value)
    if (!Number.isNaN(number)) value = number // as Vue does: text that is not a number stays text
  }
  return value
}

/**
 * Writes `value` at `path` in `state`. Every step but the last must already be an object the
 * state owns: a binding never creates structure the view did not set up.
 */
export function writePath(state: unknown, path: string[], value: unknown): void {
  let target = state as Record<string, unknown>
  for (let i = 0; i < path.length - 1; i++) {
    const next = Object.prototype.hasOwnProperty.call(target, path[i]) ? target[path[i]] : undefined
    if (next === null || typeof next !== 'object')
      throw new Error(`ts-model="${path.join('.')}": state.${path.slice(0, i + 1).join('.')} is ${next === null ? 'null' : typeof next}, not an object; set it up in mount()`)
    target = next as Record<string, unknown>
  }
  target[path[path.length - 1]] = value
}
