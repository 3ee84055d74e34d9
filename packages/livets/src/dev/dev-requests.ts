// Which requests a development server answers: live() shows a failing page's error in development
// and a generic message otherwise. Marked per request (not per process), because one process may
// serve a development server and a production one side by side (tests do).
const devRequests = new WeakSet<Request>()

/** The development server (reload.ts) marks each request it passes to the app. */
export function markDevRequest(request: Request): void { devRequests.add(request) }

export function isDevRequest(request: Request): boolean { return devRequests.has(request) }
