// Which pages may open a live socket: the Origin check on the upgrade (docs/security.md). A
// browser always says which page a WebSocket comes from; without this check any site a user
// visits could open a socket to this server with the user's cookies (cross-site WebSocket
// hijacking). The default allows the page's own origin — the Host the upgrade was sent to —
// and `serve(app, { origins })` adds others.

/** Why an upgrade with these headers is refused, or null when it may go on. */
export function originProblem(origin: string | null | undefined, host: string | null | undefined, allowed: readonly string[]): string | null {
  // Not a browser (a test client, a server-side tool): no page can be riding on a user's cookies.
  if (origin === undefined || origin === null) return null
  if (allowed.includes('*')) return null
  if (origin === 'null') return 'the Origin is "null" (a sandboxed frame, a file:// page or a privacy redirect)'
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return `the Origin "${origin.slice(0, 100)}" is not a URL`
  }
  if (host && url.host.toLowerCase() === host.toLowerCase()) return null
  for (const entry of allowed) {
    if (entry === origin || entry.replace(/\/$/, '') === url.origin) return null
  }
  return `the Origin ${url.origin} is not this server's (${host ?? 'no Host header'}); add it to serve(app, { origins: [...] }) if its pages may connect`
}
