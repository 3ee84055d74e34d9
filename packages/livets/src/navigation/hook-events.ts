// A hook's pushEvent on the server (docs/client.md). The page sends it as an EVENT named
// `ts-hook:<name>` with its payload as JSON in one field; the engine has already checked that the
// page declares it (ts-hook-events on the hook's element), so a hook can call only the handlers
// its element names. The view's method `<name>` (or handleEvent) runs through the funnel, and what
// it returns goes back to the hook's promise in a REPLY_DATA.
import { EVENT_HOOK_PREFIX, FIELD_JSON } from '@livets/client/protocol'
import { RESERVED_HANDLER_NAMES, type LiveView } from '../live-view.ts'
import { BadPayload } from '../bad-payload.ts'
import { jsonData } from './page-commands.ts'

const PREFIX = EVENT_HOOK_PREFIX + ':'

/** One hook event, ready for the funnel. */
export interface HookWork { label: string; work(view: LiveView<any>): unknown }

/** The work of hook event `eventName` (fields as the engine gives them: key, value, …), or undefined when it is not one. */
export function hookWork(viewName: string, eventName: string, fields: string[]): HookWork | undefined {
  if (!eventName.startsWith(PREFIX)) return undefined
  const name = eventName.slice(PREFIX.length)
  return {
    label: `${viewName}.${name}() from a hook`,
    work: (view) => {
      const payload = payloadOf(fields, name)
      const method = RESERVED_HANDLER_NAMES.has(name) ? undefined : (view as unknown as Record<string, unknown>)[name]
      if (typeof method === 'function') return method.call(view, payload)
      if (view.handleEvent) return view.handleEvent(name, payload as Record<string, string>)
      throw new BadPayload(`the hook event '${name}' has no handler: add a method ${name}(payload) to ${viewName}`)
    },
  }
}

/** The payload a hook sent: the JSON in FIELD_JSON (none: an empty object). */
function payloadOf(fields: string[], name: string): unknown {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== FIELD_JSON) continue
    try { return JSON.parse(fields[i + 1]) } catch { throw new BadPayload(`the hook event '${name}' carries a payload that is not JSON`) }
  }
  return {}
}

/** A handler's return value as the JSON its REPLY_DATA carries; a value JSON cannot write fails the handler with the reason. */
export const replyJson = (value: unknown): string => jsonData(value, 'its return value')
