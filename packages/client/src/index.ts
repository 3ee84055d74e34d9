// The LiveTS browser connector. The page's root element carries the signed token; this script
// connects it and keeps it live. No eval, no inline script: it runs under a strict CSP.
import { LiveConnection } from './connection.ts'
import { LONG_POLL_PATH, SOCKET_PATH } from './protocol.ts'
import { fallbackTransport } from './transport.ts'
import { keepFlashAcrossLoads } from './flash.ts'
import type { HookDefinition } from './hooks.ts'

export { LiveConnection } from './connection.ts'
export { fallbackTransport, longPollTransport, webSocketTransport, type Transport, type TransportFactory, type TransportEvents } from './transport.ts'
// For tools that read ts-on attributes as the client does (livets/testing): not used by the page itself.
export { DEFAULT_WAIT_MS, parseOn, waitOf, type On } from './modifiers.ts'
export { parseJs, type JsCommand } from './js-commands.ts'
export type { Hook, HookDefinition } from './hooks.ts'
export type { ConnectionOptions } from './connection.ts'
export type { PageLoader } from './navigation.ts'

/** What a page may set on window.LiveTS before the client starts. */
export interface ClientOptions {
  /** While on the long-poll fallback, how often a WebSocket is tried again (ms; default 30000). */
  webSocketRetryMs?: number
}

declare global {
  /**
   * What the page sees: the connection, its options (webSocketRetryMs), and the hooks it registers
   * (docs/client.md). A script may set `window.LiveTS = { hooks: { … } }` before the client runs;
   * the client keeps those hooks.
   */
  interface Window { LiveTS?: { connection: LiveConnection; options?: ClientOptions; hooks?: Record<string, HookDefinition> } }
}

function start(): void {
  const root = document.querySelector('[data-ts-root]')
  const token = root?.getAttribute('data-ts-token')
  if (!root || !token) return
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const options = window.LiveTS?.options
  const transport = fallbackTransport(`${scheme}://${location.host}${SOCKET_PATH}`, `${location.origin}${LONG_POLL_PATH}`, options?.webSocketRetryMs)
  const connection = new LiveConnection(root, token, transport)
  // Hooks a script registered before the client ran stay; later ones are added to the same object.
  window.LiveTS = Object.assign(window.LiveTS ?? {}, { connection })
  window.LiveTS.hooks ??= {}
  keepFlashAcrossLoads(root)
  connection.connect()
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
}
