// The dev-mode script pages load from /_livets/dev.js (docs/dev-loop.md). It is separate from the
// live client on purpose, so production pages carry none of it: it listens to the dev server's event
// stream, rejoins or reloads the page when the server restarts, swaps stylesheets, and shows the
// error overlay. This function is sent to the browser as its source text
// (Function.prototype.toString), so it must not use anything of this module but types. The overlay
// is built with DOM calls and textContent only (no markup from strings) and styled by
// /_livets/dev.css, so it shows under a strict Content-Security-Policy.
import type { ErrorDetails } from './error-details.ts'

interface LiveConnectionLike { status: { connected: boolean }; retryNow?(): void }

export function devClient(eventsPath: string, script: HTMLScriptElement, names: { error: string; ok: string }): void {
  /** How long a live page waits for its connection to come back after a restart before it reloads instead. */
  const rejoinGiveUpMs = 5_000
  let boot = script.dataset.boot
  const live = (): LiveConnectionLike | undefined => (window as unknown as { LiveTS?: { connection: LiveConnectionLike } }).LiveTS?.connection
  // The page load's id, read from its live view's token: base64url("v2\npage\n<id>\n…") "." signature
  // (docs/protocol.md); the server addresses this page's errors by it.
  const token = document.querySelector('[data-ts-root]')?.getAttribute('data-ts-token') ?? ''
  let page = ''
  try { page = atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/')).split('\n')[2] ?? '' } catch { /* no live view */ }
  const events = new EventSource(/^[0-9a-f]{32}$/.test(page) ? `${eventsPath}?page=${page}` : eventsPath)
  let stylesheetVersion = 0
  let overlay: HTMLElement | null = null

  function element(tag: string, className: string, text?: string): HTMLElement {
    const made = document.createElement(tag)
    made.className = className
    if (text !== undefined) made.textContent = text
    return made
  }

  function hideOverlay(): void {
    overlay?.remove()
    overlay = null
  }

  function showOverlay(details: ErrorDetails): void {
    hideOverlay()
    const panel = element('section', 'livets-dev-panel')
    const where = element('p', 'livets-dev-where')
    where.append(element('span', 'livets-dev-view', details.view), ' · ', element('span', 'livets-dev-phase', details.phase),
      details.timedOut ? ' · timed out' : '')
    const message = element('h2', 'livets-dev-message', details.message)
    message.id = 'livets-dev-message'
    panel.append(where, message)
    if (details.remounted) {
      panel.append(element('p', 'livets-dev-note', 'The state this page had before the change could not be restored with the new code ' +
        '(its shape changed?), so the view was mounted afresh. Everything else on the page is as the new code renders it.'))
    }
    if (details.template) {
      const { line, column, lines } = details.template
      panel.append(element('p', 'livets-dev-heading', `Template, line ${line}, column ${column}`))
      const excerpt = element('pre', 'livets-dev-template')
      for (const { number, text } of lines) {
        const row = element('span', number === line ? 'livets-dev-line livets-dev-line-error' : 'livets-dev-line')
        row.append(element('span', 'livets-dev-line-number', String(number)), text)
        excerpt.append(row)
        if (number === line) {
          const caret = element('span', 'livets-dev-caret', ' '.repeat(Math.max(0, column - 1)) + '^')
          caret.prepend(element('span', 'livets-dev-line-number', ''))
          excerpt.append(caret)
        }
      }
      panel.append(excerpt)
    }
    if (details.stack.length > 0) {
      panel.append(element('p', 'livets-dev-heading', 'Stack'))
      const stack = element('pre', 'livets-dev-stack')
      for (const frame of details.stack) stack.append(element('span', frame.library ? 'livets-dev-frame livets-dev-frame-library' : 'livets-dev-frame', `at ${frame.text}`))
      panel.append(stack)
    }
    const footer = element('div', 'livets-dev-footer')
    const close = element('button', 'livets-dev-close', 'Dismiss')
    close.setAttribute('type', 'button')
    close.addEventListener('click', hideOverlay)
    footer.append(element('span', '', 'The page underneath shows the last good render. This goes away after the next good render.'), close)
    panel.append(footer)
    overlay = element('div', 'livets-dev-overlay')
    overlay.setAttribute('role', 'alertdialog')
    overlay.setAttribute('aria-labelledby', message.id)
    overlay.append(panel)
    document.body.append(overlay)
  }

  // After a restart a live page keeps its DOM and rejoins: the new process restores its view from
  // the checkpoint the old one wrote and renders it with the new code. The live client retries with
  // a backoff; the server being back is news it cannot have, so it is told to try now.
  function rejoin(connection: LiveConnectionLike): void {
    const giveUp = Date.now() + rejoinGiveUpMs
    const poll = setInterval(() => {
      if (connection.status.connected) return clearInterval(poll)
      if (Date.now() > giveUp) { clearInterval(poll); location.reload(); return }
      connection.retryNow?.()
    }, 25)
  }

  // Loads each same-origin stylesheet again and drops the old link once the new one has loaded, so
  // the page never shows unstyled.
  function swapStylesheets(): void {
    stylesheetVersion++
    for (const link of Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]:not([data-livets-dev])'))) {
      const url = new URL(link.href)
      if (url.origin !== location.origin) continue
      url.searchParams.set('livets-dev', String(stylesheetVersion))
      const fresh = link.cloneNode() as HTMLLinkElement
      fresh.href = url.href
      fresh.addEventListener('load', () => link.remove(), { once: true })
      link.after(fresh)
    }
  }

  // A new boot id means the server restarted (new code). A live page stays and rejoins; it also
  // takes the stylesheets again, since one rebuilt while no server watched (Tailwind, after the
  // same save) was announced to nobody.
  events.addEventListener('hello', (event) => {
    const now = (event as MessageEvent<string>).data
    if (now === boot) return
    boot = now
    hideOverlay()
    const connection = live()
    if (!connection) return location.reload()
    rejoin(connection)
    swapStylesheets()
  })
  events.addEventListener('reload', () => location.reload())
  events.addEventListener(names.error, (event) => showOverlay(JSON.parse((event as MessageEvent<string>).data) as ErrorDetails))
  events.addEventListener(names.ok, hideOverlay)
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') hideOverlay() })
  events.addEventListener('css', swapStylesheets)
  // A page the server could not render at all carries its error (error-page.ts).
  const failed = document.getElementById('livets-dev-error')
  if (failed?.textContent) showOverlay(JSON.parse(failed.textContent) as ErrorDetails)
}
