// Flash messages survive a page load (docs/forms.md, "Flash"): as the page unloads (a reload, a
// redirect, a link), the signed messages its flash group shows go into a short-lived cookie, and
// the server shows them on the next page once. The page never reads or changes the messages.
import { ATTR_FLASH, FLASH_COOKIE } from './protocol.ts'

/** Seconds the cookie lives: long enough for the next page to load, short enough not to surprise a later visit. */
const FLASH_COOKIE_SECONDS = 60

export function keepFlashAcrossLoads(root: Element): void {
  addEventListener('pagehide', () => {
    const signed = root.querySelector(`[${ATTR_FLASH}]`)?.getAttribute(ATTR_FLASH)
    if (signed) document.cookie = `${FLASH_COOKIE}=${encodeURIComponent(signed)}; Path=/; Max-Age=${FLASH_COOKIE_SECONDS}; SameSite=Lax`
  })
}
