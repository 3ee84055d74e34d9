// live(View): the Hono handler for a view's page. It mounts the view, renders it on the server,
// and returns the full document with a signed token the live connection joins with.
import type { Context } from 'hono'
import { RenderError, encodeRender } from './render-tree.ts'
import { getEngine } from './engine.ts'
import { renderPage } from './page.ts'
import { registerView } from './views.ts'
import { warnBlockedUrls } from './safe-urls.ts'
import type { LiveViewClass } from './live-view.ts'

export interface LiveOptions {
  /** The page's <title>. */
  title?: string
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
export interface PagePayload { v: string; p: Record<string, string>; q: Record<string, string>; s?: Record<string, unknown> }

export function live(View: LiveViewClass, options: LiveOptions = {}) {
  const entry = registerView(View, options.title ?? View.name)
  return async (c: Context): Promise<Response> => {
    const engine = getEngine()
    const params = c.req.param() as Record<string, string>
    const query = c.req.query()
    const view = new View()
    try {
      const session = (await options.session?.(c)) ?? {}
      await view.mount?.({ params, query, connected: false, restored: false, session })
      const tree = encodeRender(engine, view.render(), entry.id, view.state)
      const payload: PagePayload = { v: entry.id, p: params, q: query, ...(Object.keys(session).length > 0 ? { s: session } : {}) }
      const [body, token] = engine.prerender(tree, JSON.stringify(payload))
      if (process.env.NODE_ENV !== 'production') warnBlockedUrls(engine, console, entry.id)
      return c.html(renderPage({ title: entry.title, token, body, head: options.head, nonce: options.nonce?.(c) }))
    } catch (error) {
      if (!(error instanceof RenderError)) throw error
      // A template or render mistake: say where, to the log and to whoever is looking at the page.
      console.error(`[livets] ${error.message}`)
      return c.text(`LiveTS could not render this page: ${error.message}`, 500)
    } finally {
      view.unmount?.()
    }
  }
}
