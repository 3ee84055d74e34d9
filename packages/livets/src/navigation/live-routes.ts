// Where a URL of the app leads, asked of the app itself (docs/navigation.md): routing stays Hono's,
// and the app's middleware (auth) runs for a live navigation as for a page load. The runtime sends
// the URL through the app's fetch as a request it marks here; the live() handler that answers it
// hands back the view and its params instead of rendering a page. A URL no live() route serves is
// not fetched at all (the app's router says so first): a GET handler with side effects never runs
// twice, once here and once for the page load that follows.
import type { ViewEntry } from '../views.ts'

/** A live route a URL leads to: the view, its params and query, the app's session data for it, and the URL itself. */
export interface LiveRoute {
  entry: ViewEntry
  params: Record<string, string>
  query: Record<string, string>
  session: Record<string, unknown>
  url: string
}

/** What live() fills in for a request the runtime marked. */
export interface RouteQuestion { route?: LiveRoute }

/** Anything that answers requests; a Hono app also has its router, which says which handlers a path reaches. */
export interface RoutableApp {
  fetch(request: Request, ...rest: any[]): Response | Promise<Response>
  router?: { match(method: string, path: string): [Array<[[unknown, unknown], unknown]>, ...unknown[]] }
}

const questions = new WeakMap<Request, RouteQuestion>()
const liveHandlers = new WeakSet<object>()

/** live(): its handlers are marked, so the router can tell a live route from any other. */
export function markLiveHandler(handler: object): void { liveHandlers.add(handler) }

/** live(): the question `request` asks, when it is the runtime asking where a URL leads rather than a page load. */
export function routeQuestion(request: Request): RouteQuestion | undefined { return questions.get(request) }

/** Hono wraps a sub-app's handlers (app.route with its own onError) and keeps the original under this key. */
const COMPOSED_HANDLER = '__COMPOSED_HANDLER'

const isLive = (handler: unknown): boolean =>
  typeof handler === 'function' && (liveHandlers.has(handler) || liveHandlers.has((handler as unknown as Record<string, object>)[COMPOSED_HANDLER] ?? {}))

/** Whether a GET of `path` reaches a live() handler, by the app's router; true when the app has none to ask. */
function reachesLive(app: RoutableApp, path: string): boolean {
  if (typeof app.router?.match !== 'function') return true
  const [matches] = app.router.match('GET', path)
  return matches.some(([[handler]]) => isLive(handler))
}

/**
 * The live route `url` (absolute) leads to, asked through the app with `headers` (the page's
 * cookies): null when no live() route serves it, or when the app answered otherwise (a redirect to
 * log in, a 404): the page then loads the URL in full and the browser sees that answer itself.
 */
export async function findLiveRoute(app: RoutableApp, url: URL, headers: Record<string, string> | undefined): Promise<LiveRoute | null> {
  if (!reachesLive(app, url.pathname)) return null
  const request = new Request(url, { headers: { ...headers, accept: 'text/html' } })
  const question: RouteQuestion = {}
  questions.set(request, question)
  const response = await app.fetch(request)
  await response.body?.cancel()
  return question.route ?? null
}
