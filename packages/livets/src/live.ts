// live(View): the Hono handler for a view's page. It mounts the view, renders it on the server,
// and returns the full document with a signed token the live connection joins with.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { RenderError, encodeRender } from './render-tree.ts'
import { ComponentRegistry } from './components/registry.ts'
import { getEngine } from './engine.ts'
import { renderPage } from './page.ts'
import { registerView, titleOf, type Title } from './views.ts'
import { warnBlockedUrls } from './safe-urls.ts'
import type { LiveViewClass } from './live-view.ts'
import { CLEAR_FLASH_COOKIE, flashFromCookie, flashStore } from './flash.ts'
import { markLiveHandler, routeQuestion } from './navigation/live-routes.ts'
import { isDevRequest } from './dev/dev-requests.ts'
import { errorDetails } from './dev/error-details.ts'
import { errorPage } from './dev/error-page.ts'

export interface LiveOptions {
  /**
   * The page's <title>: a string, or a function of the view's state that the title follows after
   * every render (docs/navigation.md). Given once per view class: the first live() of a class sets it.
   */
  title?: Title
  /** Extra markup for <head> (stylesheets). Trusted: written as it is. */
  head?: string
  /**
   * What the view may know of the request's user, from your own session (a signed cookie, an auth
   * middleware): plain JSON data, given to mount() as `ctx.session` for the page's first render and,
   * signed into the page's token, for its live connection (docs/security.md).
   */
  session?: (c: Context) => Record<string, unknown> | Promise<Record<string, unknown>>
  /**
   * The nonce of a Content-Security-Policy that allows scripts and styles by nonce, for the page's
   * own <script> and <link> tags — e.g. `(c) => c.get('secureHeadersNonce')` with Hono's
   * secureHeaders middleware. Not needed for a policy of `'self'` (docs/security.md).
   */
  nonce?: (c: Context) => string | undefined
}

/** What a page token carries, signed: which view, the request it was mounted for, and the app's session data. */
export interface PagePayload {
  v: string
  p: Record<string, string>
  q: Record<string, string>
  /** The app's session data (ctx.session), when it gave any. */
  s?: Record<string, unknown>
  /** Flash messages the page was loaded with (from the flash cookie): the live session starts with them. */
  f?: Record<string, string>
  /** The URL the page was loaded at, for handleParams (docs/navigation.md). */
  u?: string
}

export function live(View: LiveViewClass, options: LiveOptions = {}) {
  const entry = registerView(View, options.title ?? View.name)
  const handler = async (c: Context): Promise<Response> => {
    const params = c.req.param() as Record<string, string>
    const query = c.req.query()
    const question = routeQuestion(c.req.raw)
    if (question) {
      // The runtime asks where a URL leads (a live navigation): the route, not a page. Middleware ran as for a page load.
      question.route = { entry, params, query, session: (await options.session?.(c)) ?? {}, url: c.req.url }
      return c.body(null, 204)
    }
    const engine = getEngine()
    const view = new View()
    // Flash messages carried over from the previous page (a redirect, a reload) show once: the cookie is cleared.
    const flash = flashFromCookie(c.req.header('cookie'))
    view[flashStore] = flash
    // The static render's components live as long as it does (the live connection mounts them again).
    const components = new ComponentRegistry(entry.id, undefined, console)
    let phase = `${entry.id}.mount()`
    try {
      const session = (await options.session?.(c)) ?? {}
      await view.mount?.({ params, query, connected: false, restored: false, session })
      phase = `${entry.id}.handleParams()`
      // A deep link renders what a live patch to the same URL renders (docs/navigation.md).
      await view.handleParams?.(params, query, new URL(c.req.url))
      phase = `${entry.id}.render()`
      const { tree, streams } = encodeRender(engine, view.render(), entry.id, view.state, components)
      const payload: PagePayload = { v: entry.id, p: params, q: query, u: c.req.url, ...(Object.keys(session).length > 0 ? { s: session } : {}) }
      if (Object.keys(flash).length > 0) payload.f = flash
      const [body, token] = engine.prerender(tree, JSON.stringify(payload))
      for (const stream of streams) stream.done()
      if (process.env.NODE_ENV !== 'production') warnBlockedUrls(engine, console, entry.id)
      if (Object.keys(flash).length > 0) c.header('set-cookie', CLEAR_FLASH_COOKIE)
      return c.html(renderPage({ title: titleOf(entry, view.state), token, body, head: options.head, nonce: options.nonce?.(c) }))
    } catch (error) {
      // In development the page shows what went wrong (docs/dev-loop.md); otherwise an app's own
      // error handler decides, except for a template or render mistake, which gets a message that
      // says nothing of the app's insides.
      // An HTTPException is an answer the app chose (a 404, a redirect), not a failure.
      const dev = isDevRequest(c.req.raw)
      if (error instanceof HTTPException || (!dev && !(error instanceof RenderError))) throw error
      console.error(`[livets] ${phase} failed for ${c.req.path}`, error)
      if (dev) return c.html(errorPage(titleOf(entry, view.state), errorDetails(entry.id, phase, error)), 500)
      return c.text('This page could not be rendered. The server\'s log says why.', 500)
    } finally {
      components.unmountAll()
      view.unmount?.()
    }
  }
  markLiveHandler(handler)
  return handler
}
