// Live navigation in the page (docs/navigation.md). A click on `<a href ts-patch>` or
// `<a href ts-navigate>` (`.replace` to replace the history entry) and the back and forward buttons
// become a NAVIGATE over the live connection: the server routes the URL through the app and
// answers with a LOCATION frame — patched (the same view took the URL's params), mounted (another
// view took over the page), or load (no live route serves it: the page loads it in full) — before
// the render. This file takes the history step, follows the title and, after a page load of
// another origin or a non-http URL, never intercepts at all: those stay the browser's.
import {
  DIRECTIVE_NAVIGATE, DIRECTIVE_PATCH, FLASH_COOKIE, HISTORY_KEEP, HISTORY_PUSH, HISTORY_REPLACE, LOCATION_LOAD, LOCATION_MOUNTED,
  NAVIGATE_MOUNT, NAVIGATE_PATCH, SESSION_FRESH, type LocationFrame,
} from './protocol.ts'
import type { SessionListener } from './connection.ts'

/** Sends a NAVIGATE (answered like an event). */
export type SendNavigate = (url: string, mode: number, history: number) => void

/** Where the page is loaded from when the server says a URL is not live (tests replace it). */
export interface PageLoader { load(url: string, replace: boolean): void }

const browserLoader: PageLoader = { load: (url, replace) => (replace ? location.replace(url) : location.assign(url)) }

/** How a history entry LiveTS made is marked: which view instance it belongs to (patches stay within one). */
interface EntryState { livets: string }

let lineages = 0
/** A new lineage: unique across reloads of the tab, whose history keeps entries of earlier documents. */
const newLineage = (): string => `${Date.now().toString(36)}.${++lineages}`

const pathOf = (url: URL): string => url.pathname + url.search

export class Navigation implements SessionListener {
  /** The view instance the page shows now; history entries of the same one are patches of it. */
  private lineage: string
  /** The URL the page was loaded at (its token's): a fresh join after a navigation mounts that view, so the page goes back to where it is. */
  private readonly loadedAt = pathOf(new URL(location.href))

  constructor(private readonly root: Element, private readonly send: SendNavigate, private readonly loader: PageLoader = browserLoader) {
    const state = history.state as Partial<EntryState> | null
    this.lineage = typeof state?.livets === 'string' ? state.livets : newLineage()
    if (state?.livets !== this.lineage) history.replaceState({ ...(state ?? {}), livets: this.lineage }, '')
    root.addEventListener('click', (event) => this.clicked(event as MouseEvent))
    // The root's own window (livets/testing runs several pages in one process).
    root.ownerDocument.defaultView!.addEventListener('popstate', (event) => this.popped(event as PopStateEvent))
  }

  /** Goes to `url` over the live connection when it is an http(s) URL of this origin; returns whether it does. */
  go(href: string, mode: number, history: number): boolean {
    const url = liveUrl(href)
    if (!url) return false
    this.send(url.pathname + url.search + url.hash, mode, history)
    return true
  }

  private clicked(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null
    if (!link || !this.root.contains(link) || (link.target && link.target !== '_self') || link.hasAttribute('download')) return
    const binding = linkBinding(link)
    if (!binding) return
    const url = liveUrl(link.href)
    // Only the hash changes: the browser scrolls, nothing is asked of the server.
    if (!url || (url.hash && pathOf(url) === pathOf(new URL(location.href)))) return
    event.preventDefault()
    this.send(url.pathname + url.search + url.hash, binding.mode, binding.replace ? HISTORY_REPLACE : HISTORY_PUSH)
  }

  /** Back or forward: the browser moved; the server brings the page there (a patch within the same view instance, else a mount). */
  private popped(event: PopStateEvent): void {
    const state = event.state as Partial<EntryState> | null
    const url = new URL(location.href)
    if (typeof state?.livets !== 'string') {
      // An entry of the page's own anchors (#section): nothing for the server.
      if (url.hash) return
    }
    const mode = state?.livets === this.lineage ? NAVIGATE_PATCH : NAVIGATE_MOUNT
    if (typeof state?.livets === 'string') this.lineage = state.livets
    this.send(url.pathname + url.search + url.hash, mode, HISTORY_KEEP)
  }

  /** A LOCATION frame: take the history step, or load the URL in full. */
  located(frame: LocationFrame): void {
    if (frame.location === LOCATION_LOAD) {
      // A redirect's flash messages ride to the next page in the cookie live() reads (docs/forms.md, "Flash").
      if (frame.flash) document.cookie = `${FLASH_COOKIE}=${encodeURIComponent(frame.flash)}; Path=/; Max-Age=60; SameSite=Lax`
      this.loader.load(frame.url, frame.history !== HISTORY_PUSH)
      return
    }
    const mounted = frame.location === LOCATION_MOUNTED
    if (frame.history === HISTORY_KEEP) {
      if (mounted && (history.state as Partial<EntryState> | null)?.livets !== this.lineage) history.replaceState({ livets: this.lineage }, '')
      return
    }
    if (mounted) this.lineage = newLineage()
    const state: EntryState = { livets: this.lineage }
    if (frame.history === HISTORY_REPLACE) history.replaceState(state, '', frame.url)
    else history.pushState(state, '', frame.url)
    // A new page starts at its top, as a page load does.
    if (mounted && frame.history === HISTORY_PUSH) root(this.root).scrollTo?.(0, 0)
  }

  /**
   * SessionListener: a fresh join after the page moved (the session was gone and nothing could be
   * restored) mounted the view of the page's token, at the URL it was loaded at: the page asks for
   * where it is now.
   */
  after(mode: number): void {
    if (mode !== SESSION_FRESH) return
    const here = new URL(location.href)
    if (pathOf(here) !== this.loadedAt) this.send(pathOf(here) + here.hash, NAVIGATE_PATCH, HISTORY_KEEP)
  }
}

const root = (element: Element): Window => element.ownerDocument.defaultView as unknown as Window

/** A link's ts-patch / ts-navigate binding, if it has one. */
function linkBinding(link: Element): { mode: number; replace: boolean } | null {
  for (const name of link.getAttributeNames()) {
    const [directive, ...modifiers] = name.split('.')
    if (directive !== DIRECTIVE_PATCH && directive !== DIRECTIVE_NAVIGATE) continue
    const unknown = modifiers.filter((m) => m !== 'replace')
    if (unknown.length > 0) console.error(`LiveTS: ${name}: unknown modifier '.${unknown[0]}' (ignored)`)
    return { mode: directive === DIRECTIVE_PATCH ? NAVIGATE_PATCH : NAVIGATE_MOUNT, replace: modifiers.includes('replace') }
  }
  return null
}

/** The URL when live navigation may take it: http(s) and this page's origin. Anything else is the browser's. */
function liveUrl(href: string): URL | null {
  let url: URL
  try { url = new URL(href, location.href) } catch { return null }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  return url.origin === location.origin ? url : null
}
