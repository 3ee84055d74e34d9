// Flash messages survive a page load (docs/forms.md, "Flash"). Whenever the page's flash group
// changes, the signed messages it carries (`data-ts-flash`) are copied into a short-lived cookie —
// at once, not as the page unloads: a reload's request leaves before `pagehide` fires — and the
// cookie is cleared once the group is empty (the user clicked the messages away). The server shows
// the cookie's messages on the next page and the page never reads or changes them.
import { ATTR_FLASH, FLASH_COOKIE } from './protocol.ts'

/** Seconds the cookie lives: long enough for the next page to load, short enough not to surprise a later visit. */
const FLASH_COOKIE_SECONDS = 60

export function keepFlashAcrossLoads(root: Element): void {
  let written = ''
  const sync = (): void => {
    const signed = root.querySelector(`[${ATTR_FLASH}]`)?.getAttribute(ATTR_FLASH) ?? ''
    if (signed === written) return
    written = signed
    document.cookie = signed
      ? `${FLASH_COOKIE}=${encodeURIComponent(signed)}; Path=/; Max-Age=${FLASH_COOKIE_SECONDS}; SameSite=Lax`
      : `${FLASH_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`
  }
  new MutationObserver(sync).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: [ATTR_FLASH] })
  sync()
}
