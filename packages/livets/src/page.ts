// The HTML document around a view's first render.

import { CLIENT_PATH, STYLESHEET_PATH } from '@livets/client/protocol'

export { CLIENT_PATH, STYLESHEET_PATH }

/**
 * The framework's own stylesheet, linked from every page (so it works under a strict
 * Content-Security-Policy, where inline styles are refused): ts-show hides with the hidden
 * attribute, and this makes it win over an author's display rule, as an inline style would.
 */
export const FRAMEWORK_CSS = '[hidden]:not([hidden="until-found"]){display:none!important}\n'

/** Text (or an attribute value) escaped for HTML. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export interface PageOptions {
  title: string
  token: string
  body: string
  head?: string
  /** A CSP nonce for the page's own script and stylesheet tags (docs/security.md). */
  nonce?: string
}

/** A complete document: readable with JavaScript off, made live by the connector script. */
export function renderPage({ title, token, body, head = '', nonce }: PageOptions): string {
  const n = nonce ? ` nonce="${escapeHtml(nonce)}"` : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><link rel="stylesheet" href="${STYLESHEET_PATH}"${n}><script src="${CLIENT_PATH}" defer${n}></script>${head}</head>` +
    `<body><div data-ts-root data-ts-token="${escapeHtml(token)}">${body}</div></body></html>`
}
