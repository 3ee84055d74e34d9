// The HTML document around a view's first render.

import { CLIENT_PATH } from '@livets/client/protocol'

export { CLIENT_PATH }

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export interface PageOptions { title: string; token: string; body: string; head?: string }

/** A complete document: readable with JavaScript off, made live by the connector script. */
export function renderPage({ title, token, body, head = '' }: PageOptions): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escape(title)}</title><script src="${CLIENT_PATH}" defer></script>${head}</head>` +
    `<body><div data-ts-root data-ts-token="${escape(token)}">${body}</div></body></html>`
}
