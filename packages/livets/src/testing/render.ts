// render(): a live view in a page, in-process, as Phoenix.LiveViewTest's live/2 gives one. The page
// is fetched through the app (routes, params and middleware as in production), loaded into a
// happy-dom window and joined by the real client over an in-process transport (live-page.ts).
import { Hono } from 'hono'
import { live } from '../live.ts'
import type { LiveViewClass } from '../live-view.ts'
import { LivePage, type PageOptions } from './live-page.ts'
import { RenderedView } from './rendered-view.ts'
import { devModeOn } from '../dev/reload.ts'
import { markDevRequest } from '../dev/dev-requests.ts'
import { errorPageDetails } from '../dev/error-page.ts'

/** Anything that answers requests: a Hono app, or its fetch. */
export interface FetchApp { fetch(request: Request, ...rest: any[]): Response | Promise<Response> }

export interface RenderOptions extends PageOptions {
  /** Headers for the page's GET (a session cookie that middleware reads, say). */
  headers?: Record<string, string>
  /** How long render(), an action or nextPush() waits before it fails. Default 2000 ms. */
  timeoutMs?: number
}

export interface RenderViewOptions extends RenderOptions {
  /**
   * The route the view is mounted at, default `/`. It may name params (`/rooms/:room`), filled
   * from `params`, which mount() then sees as on a real route.
   */
  path?: string
  params?: Record<string, string>
  /** The query string, as mount() sees it in ctx.query. */
  query?: Record<string, string>
}

/** The page answered with a redirect (middleware sending a visitor to log in, say). */
export class RedirectError extends Error {
  constructor(readonly url: string, readonly status: number, readonly location: string) {
    super(`GET ${url} redirected (${status}) to ${location}`)
    this.name = 'RedirectError'
  }
}

const DEFAULT_TIMEOUT_MS = 2_000
const BASE_URL = 'http://localhost'

/** render(View) mounts the view on its own app, once per view and route. */
const appsByView = new WeakMap<LiveViewClass, Map<string, Hono>>()

function appFor(View: LiveViewClass, route: string): Hono {
  let apps = appsByView.get(View)
  if (!apps) appsByView.set(View, (apps = new Map()))
  let app = apps.get(route)
  if (!app) apps.set(route, (app = new Hono().get(route, live(View))))
  return app
}

/** `/rooms/:room` with { room: 'a b' } → `/rooms/a%20b`. */
function fillRoute(route: string, params: Record<string, string>): string {
  return route.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`render(): the path '${route}' names :${name}; give it in params: { ${name}: '…' }`)
    return encodeURIComponent(params[name])
  })
}

/**
 * Renders a view and connects it, in-process. Two forms:
 *
 * - `render(Counter, { path, params, query })`: the view alone, on a route of its own.
 * - `render(app, '/items/7?tab=info')`: a page of your app, through its routes and middleware.
 */
export function render(View: LiveViewClass, options?: RenderViewOptions): Promise<RenderedView>
export function render(app: FetchApp, url: string, options?: RenderOptions): Promise<RenderedView>
export async function render(target: LiveViewClass | FetchApp, second?: string | RenderViewOptions, third?: RenderOptions): Promise<RenderedView> {
  let app: FetchApp
  let url: string
  let options: RenderOptions
  if (typeof target === 'function') {
    const viewOptions = (second ?? {}) as RenderViewOptions
    if (typeof second === 'string') throw new Error(`render(${target.name}, '${second}'): a view takes { path, params, query }; a URL goes with an app: render(app, '${second}')`)
    const route = viewOptions.path ?? '/'
    app = appFor(target, route)
    const search = new URLSearchParams(viewOptions.query ?? {}).toString()
    url = BASE_URL + fillRoute(route, viewOptions.params ?? {}) + (search ? `?${search}` : '')
    options = viewOptions
  } else {
    if (typeof target?.fetch !== 'function') throw new Error('render() takes a LiveView class or an app with fetch() (a Hono app)')
    if (typeof second !== 'string') throw new Error('render(app, url): give the URL of the page, like render(app, \'/items/7\')')
    app = target
    url = new URL(second, BASE_URL).href
    options = third ?? {}
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const logs: string[] = []
  const load = (pageUrl: string) => loadPage(app, pageUrl, logs, options, timeoutMs)
  return new RenderedView(await load(url), load, timeoutMs)
}

/** GETs `url` through the app, loads the answer into a page and joins its live view. */
async function loadPage(app: FetchApp, url: string, logs: string[], options: RenderOptions, timeoutMs: number): Promise<LivePage> {
  const request = new Request(url, { headers: options.headers })
  // A test is development: a view that cannot render answers with what went wrong (docs/dev-loop.md).
  if (devModeOn(options.runtime?.dev)) markDevRequest(request)
  const response = await app.fetch(request)
  const path = url.startsWith(BASE_URL) ? url.slice(BASE_URL.length) : url
  if (response.status >= 300 && response.status < 400)
    throw new RedirectError(path, response.status, response.headers.get('location') ?? '')
  const body = await response.text()
  if (!response.ok) {
    const failed = errorPageDetails(body)
    const what = failed ? `${failed.phase} failed: ${failed.message}` : body.length > 500 ? body.slice(0, 500) + '…' : body
    throw new Error(`GET ${path} answered ${response.status}: ${what}`)
  }
  const page = new LivePage(url, body, logs, options, { app, headers: options.headers })
  try {
    await page.join(timeoutMs)
  } catch (error) {
    await page.close()
    throw error
  }
  return page
}
