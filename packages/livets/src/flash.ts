// Flash messages (docs/forms.md, "Flash"): short notices ("Saved") that belong to the session, not
// to one view's state, so that they outlive the view that set them. The session keeps them
// (session.ts), checkpoints them with the state, and hands them on:
// - to the next view of the same session (live navigation) by keeping them where they are, or
//   explicitly with `takeFlash()`;
// - to the next page load (a redirect, a reload) in a signed cookie that the page writes as it
//   unloads: `flashGroup()` renders the signed messages into `data-ts-flash`, the client stores
//   them in FLASH_COOKIE, and live() shows them once and clears the cookie.
import { ATTR_FLASH, FLASH_COOKIE } from '@livets/client/protocol'
import { html, type TemplateResult } from './html.ts'
import { getEngine } from './engine.ts'

/** Messages by kind: 'info', 'error', or any other word. */
export type Flash = Record<string, string>

/** Where a view finds its session's flash (set by the session, or by live() for the first render). */
export const flashStore = Symbol('livets.flash')

/** Flash messages from a request's cookie header, when its flash cookie is signed by this server's secret. */
export function flashFromCookie(cookieHeader: string | undefined): Flash {
  const signed = cookieValue(cookieHeader, FLASH_COOKIE)
  if (!signed) return {}
  const data = getEngine().verifyFlash(signed)
  if (data === null) return {}
  try {
    return plainFlash(JSON.parse(data))
  } catch {
    return {}
  }
}

/** Only string messages under plain keys survive: a cookie never brings anything else into a session. */
export function plainFlash(value: unknown): Flash {
  const flash: Flash = {}
  if (value === null || typeof value !== 'object') return flash
  for (const [kind, message] of Object.entries(value))
    if (typeof message === 'string' && kind !== '__proto__') flash[kind] = message
  return flash
}

/** The Set-Cookie value that clears the flash cookie once its messages were shown. */
export const CLEAR_FLASH_COOKIE = `${FLASH_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim())
  }
  return undefined
}

let lastSigned: [string, string] | undefined

/** The messages signed for the flash cookie ('' when there are none). The last one is kept: renders repeat it. */
export function signedFlash(flash: Flash): string {
  const data = JSON.stringify(flash)
  if (data === '{}') return ''
  if (lastSigned?.[0] !== data) lastSigned = [data, getEngine().signFlash(data)]
  return lastSigned[1]
}

/**
 * The flash messages of a view, for its render or its layout: one `<p role="alert">` per kind; a
 * click clears it (the view's clearFlash). The signed messages ride along for the next page load.
 */
export function flashGroup(view: { flashes: Readonly<Flash> }): TemplateResult {
  const flash = view.flashes
  return html`<div class="ts-flash-group" data-ts-flash=${signedFlash(flash)}>${Object.entries(flash).map(([kind, message]) =>
    html`<p class=${`ts-flash ts-flash-${kind}`} role="alert" ts-key=${kind} ts-on:click="clearFlash" ts-value-kind=${kind}>${message}</p>`)}</div>`
}

export { ATTR_FLASH }
