// The LiveTS browser connector. The page's root element carries the signed token; this script
// connects it and keeps it live. No eval, no inline script: it runs under a strict CSP.
import { LiveConnection } from './connection.ts'
import { LONG_POLL_PATH, SOCKET_PATH } from './protocol.ts'
import { fallbackTransport } from './transport.ts'
import { keepFlashAcrossLoads } from './flash.ts'

export { LiveConnection } from './connection.ts'
export { fallbackTransport, longPollTransport, webSocketTransport, type Transport, type TransportFactory, type TransportEvents } from './transport.ts'
// For tools that read ts-on attributes as the client does (livets/testing): not used by the page itself.
export { DEFAULT_WAIT_MS, parseOn, waitOf, type On } from './modifiers.ts'

/** What a page may set on window.LiveTS before the client starts. */
export interface ClientOptions {
  /** While on the long-poll fallback, how often a WebSocket is tried again (ms; default 30000). */
  webSocketRetryMs?: number
}

declare global {
  interface Window { LiveTS?: { connection: LiveConnection; options?: ClientOptions } }
}

function start(): void {
  const root = document.querySelector('[data-ts-root]')
  const token = root?.getAttribute('data-ts-token')
  if (!root || !token) return
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const options = window.LiveTS?.options
  const transport = fallbackTransport(`${scheme}://${location.host}${SOCKET_PATH}`, `${location.origin}${LONG_POLL_PATH}`, options?.webSocketRetryMs)
  const connection = new LiveConnection(root, token, transport)
  window.LiveTS = { ...window.LiveTS, connection }
  keepFlashAcrossLoads(root)
  connection.connect()
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
}
