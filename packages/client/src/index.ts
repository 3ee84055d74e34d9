// The LiveTS browser connector. The page's root element carries the signed token; this script
// connects it and keeps it live. No eval, no inline script: it runs under a strict CSP.
import { LiveConnection } from './connection.ts'
import { SOCKET_PATH } from './protocol.ts'
import { webSocketTransport } from './transport.ts'
import { keepFlashAcrossLoads } from './flash.ts'

export { LiveConnection } from './connection.ts'
export { webSocketTransport, type Transport, type TransportFactory, type TransportEvents } from './transport.ts'
// For tools that read ts-on attributes as the client does (livets/testing): not used by the page itself.
export { DEFAULT_WAIT_MS, parseOn, waitOf, type On } from './modifiers.ts'

declare global {
  interface Window { LiveTS?: { connection: LiveConnection } }
}

function start(): void {
  const root = document.querySelector('[data-ts-root]')
  const token = root?.getAttribute('data-ts-token')
  if (!root || !token) return
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const connection = new LiveConnection(root, token, webSocketTransport(`${scheme}://${location.host}${SOCKET_PATH}`))
  window.LiveTS = { connection }
  keepFlashAcrossLoads(root)
  connection.connect()
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
}
