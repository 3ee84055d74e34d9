// live(View): the Hono handler for a view's page. It mounts the view, renders it on the server,
// and returns the full document with a signed token the live connection joins with.
import type { Context } from 'hono'
import { RenderError, encodeRender } from './render-tree.ts'
import { getEngine } from './engine.ts'
import { renderPage } from './page.ts'
import { registerView } from './views.ts'
import type { LiveViewClass } from './live-view.ts'
import { CLEAR_FLASH_COOKIE, flashFromCookie, flashStore } from './flash.ts'

export interface LiveOptions {
  /** The page's <title>. */
  title?: string
  /** Extra markup for <head> (stylesheets). Trusted: written as it is. */
  head?: string
}

/** What a page token carries, signed: which view, and the request it was mounted for. */
export interface PagePayload {
  v: string
  p: Record<string, string>
  q: Record<string, string>
  /** Flash messages the page was loaded with (from the flash cookie): the live session starts with them. */
  f?: Record<string, string>
}

export function live(View: LiveViewClass, options: LiveOptions = {}) {
  const entry = registerView(View, options.title ?? View.name)
  return async (c: Context): Promise<Response> => {
    const engine = getEngine()
    const params = c.req.param() as Record<string, string>
    const query = c.req.query()
    const view = new View()
    // Flash messages carried over from the previous page (a redirect, a reload) show once: the cookie is cleared.
    const flash = flashFromCookie(c.req.header('cookie'))
    view[flashStore] = flash
    try {
      await view.mount?.({ params, query, connected: false, restored: false })
      const tree = encodeRender(engine, view.render(), entry.id, view.state)
      const payload: PagePayload = { v: entry.id, p: params, q: query }
      if (Object.keys(flash).length > 0) payload.f = flash
      const [body, token] = engine.prerender(tree, JSON.stringify(payload))
      if (Object.keys(flash).length > 0) c.header('set-cookie', CLEAR_FLASH_COOKIE)
      return c.html(renderPage({ title: entry.title, token, body, head: options.head }))
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
