// Live navigation in a session (docs/navigation.md). The page asks with a NAVIGATE frame (a
// ts-patch or ts-navigate link, back or forward); the view asks with pushPatch, navigate or
// redirect. Either way the URL is routed through the app (live-routes.ts) and one of three things
// happens, announced by a LOCATION frame before the render:
// - patched: the same view serves the URL, handleParams runs, the render sends what changed;
// - mounted: another view serves it (or ts-navigate asked for a fresh one): the view is unmounted
//   and the new one mounted over the same socket, the session keeping its numbering, credential
//   and flash; its whole render follows;
// - load: no live route serves it (or a redirect): the page loads the URL in full.
import {
  ERROR_BAD_PAYLOAD, FRAME_REPLY, HISTORY_PUSH, HISTORY_REPLACE, LOCATION_LOAD, LOCATION_MOUNTED, LOCATION_PATCHED, NAVIGATE_PATCH, encodeLocation,
} from '@livets/client/protocol'
import type { LiveSession } from '../session.ts'
import type { NavigateOptions } from '../live-view.ts'
import { findLiveRoute, type LiveRoute } from './live-routes.ts'

/** A navigation the view asked for: done before the render of the step it was asked in. */
export interface WantedNavigation { url: URL; how: 'patch' | 'navigate' | 'redirect'; history: number }

/** A view that keeps asking for navigations from its handleParams or mount is stopped after this many in one step. */
const MAX_NAVIGATIONS_PER_STEP = 8

/** The answer to a NAVIGATE that changed nothing but sent the page elsewhere: a REPLY without operations. */
export const EMPTY_REPLY = Uint8Array.of(FRAME_REPLY)

/**
 * The URL a view asked for, checked when it asks (so a mistake fails the handler that made it):
 * a path of this app or an absolute http(s) URL; anything else (javascript:, data:) is refused.
 */
export function wantedUrl(session: LiveSession, url: string, how: WantedNavigation['how'], options: NavigateOptions): WantedNavigation {
  let target: URL
  try { target = new URL(url, session.url) } catch { throw new Error(`${how}('${url}'): not a URL; give a path of this app, like '/items?page=2'`) }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new Error(`${how}('${url}'): only paths of this app and http(s) URLs can be navigated to, not ${target.protocol} URLs`)
  return { url: target, how, history: options.replace ? HISTORY_REPLACE : HISTORY_PUSH }
}

/** The live route `url` leads to, or null (no app to ask, no live route, the app answered otherwise, or it threw). */
async function routeOf(session: LiveSession, url: URL): Promise<LiveRoute | null> {
  const app = session.host.app
  if (!app || url.origin !== new URL(session.url).origin) return null
  try {
    return await findLiveRoute(app, url, session.upgradeHeaders)
  } catch (error) {
    session.host.log.error(`[livets] ${session.viewName}: routing ${url.pathname}${url.search} through the app failed; the page loads it instead`, error)
    return null
  }
}

const location = (history: number, kind: number, url: URL | string, flash = ''): Uint8Array =>
  encodeLocation({ history, location: kind, url: typeof url === 'string' ? url : url.pathname + url.search + url.hash, flash })

/**
 * The page asked (a NAVIGATE frame) to go to `path` in `mode` (NAVIGATE_*), taking the history step
 * `history`. Answered like an event: LOCATION, then the render (or an ERROR when the URL is not a
 * path of this app: the page loads other URLs itself and never sends them).
 */
export async function navigateRequested(session: LiveSession, path: string, mode: number, history: number): Promise<void> {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) {
    session.host.log.warn(`[livets] ${session.viewName} ${session.id}: navigation to '${path.slice(0, 80)}' refused: not a path of this app`)
    return session.sendNumbered(session.host.engine.errorReply(ERROR_BAD_PAYLOAD, `navigation to '${path.slice(0, 80)}' refused: only paths of this app (like /items/7) go over the live connection`), true)
  }
  const url = new URL(path, session.url)
  const route = await routeOf(session, url)
  // Without a view (one failed to mount before) there is nothing to patch: the page loads the URL.
  if (!route || !session.currentView) {
    session.sendNumbered(location(history, LOCATION_LOAD, path), false)
    return session.sendNumbered(EMPTY_REPLY, true)
  }
  if (mode === NAVIGATE_PATCH && route.entry === session.shownEntry) {
    session.page().before.push(location(history, LOCATION_PATCHED, path))
    return session.run({ label: `${session.viewName}.handleParams()`, answers: true, work: (view) => patched(session, view, route) })
  }
  if (!await session.remount(route)) {
    // The new view failed to mount (the server logged it): the page loads the URL and shows what the server answers there.
    session.sendNumbered(location(history, LOCATION_LOAD, path), false)
    return session.sendNumbered(EMPTY_REPLY, true)
  }
  session.page().before.push(location(history, LOCATION_MOUNTED, path))
  return session.run({ label: `${session.viewName}.mount()`, answers: true, work: () => {} })
}

/** The same view takes the route's params: handleParams, then the route is the session's. */
async function patched(session: LiveSession, view: { handleParams?(params: Record<string, string>, query: Record<string, string>, url: URL): unknown }, route: LiveRoute): Promise<void> {
  await view.handleParams?.(route.params, route.query, new URL(route.url))
  session.setRoute(route)
}

/**
 * What the view asked for in the step that just ran (pushPatch, navigate, redirect), done before
 * the step's render; a throw here fails the step as the handler's own would.
 */
export async function settleWanted(session: LiveSession): Promise<void> {
  for (let done = 0; ; done++) {
    const page = session.page()
    const wanted = page.wanted
    if (!wanted) return
    page.wanted = undefined
    if (done === MAX_NAVIGATIONS_PER_STEP) throw new Error(`more than ${MAX_NAVIGATIONS_PER_STEP} navigations in one step (does handleParams or mount call pushPatch again and again?)`)
    const path = wanted.url.pathname + wanted.url.search + wanted.url.hash
    const route = wanted.how === 'redirect' ? null : await routeOf(session, wanted.url)
    if (!route) {
      // A redirect, another origin, or a URL no live route serves: a page load, with the session's flash messages.
      const sameOrigin = wanted.url.origin === new URL(session.url).origin
      page.before.push(location(wanted.history, LOCATION_LOAD, sameOrigin ? path : wanted.url.href, session.flashCookieValue()))
      continue
    }
    if (wanted.how === 'patch' && route.entry === session.shownEntry) {
      page.before.push(location(wanted.history, LOCATION_PATCHED, path))
      await patched(session, session.currentView!, route)
      continue
    }
    // A view that fails to mount (the server logged it) leaves the page to load the URL and show what the server answers there.
    const mounted = await session.remount(route)
    page.before.push(location(wanted.history, mounted ? LOCATION_MOUNTED : LOCATION_LOAD, path))
    if (!mounted) return
  }
}
