// Development: the page a live() route answers when its view cannot even render on the server
// (mount() or render() threw, a template the engine refused). The error travels as JSON in a data
// block, which the dev script (browser.ts) shows as the same overlay a live page gets; nothing is
// run from it, so a strict Content-Security-Policy allows it. Production answers a generic message
// instead (live.ts).
import { escapeHtml } from '../page.ts'
import type { ErrorDetails } from './error-details.ts'

const DATA_BLOCK = /<script type="application\/json" id="livets-dev-error">(.*?)<\/script>/s

export function errorPage(title: string, details: ErrorDetails): string {
  // "<" never appears raw inside the data block, so no text of the error can end it.
  const data = JSON.stringify(details).replace(/</g, '\\u003c')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error · ${escapeHtml(title)}</title></head>` +
    `<body><main class="livets-dev-failed"><h1>${escapeHtml(title)} could not be rendered</h1>` +
    `<p>The error is shown over this page. Fix it and save: this page loads again when the server has restarted.</p></main>` +
    `<script type="application/json" id="livets-dev-error">${data}</script></body></html>`
}

/** The details an error page carries, if `html` is one (livets/testing reports them). */
export function errorPageDetails(html: string): ErrorDetails | undefined {
  const data = DATA_BLOCK.exec(html)?.[1]
  return data === undefined ? undefined : JSON.parse(data) as ErrorDetails
}
