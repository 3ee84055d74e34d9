// The dev-mode script pages load from /_livets/dev.js (docs/configuration.md, "Development mode").
// It is separate from the live client on purpose: it only listens to the dev server's event
// stream and reloads the page or its stylesheets. This function is sent to the browser as its
// source text (Function.prototype.toString), so it must not close over anything in this module.
export function devClient(eventsPath: string, pageBoot: string): void {
  const events = new EventSource(eventsPath)
  let stylesheetVersion = 0

  // A new boot id means the server restarted (new code): the page reloads to show it.
  events.addEventListener('hello', (event) => {
    if ((event as MessageEvent<string>).data !== pageBoot) location.reload()
  })
  events.addEventListener('reload', () => location.reload())
  // A stylesheet changed: load each same-origin stylesheet again and drop the old link once the new
  // one has loaded, so the page never shows unstyled.
  events.addEventListener('css', () => {
    stylesheetVersion++
    for (const link of Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'))) {
      const url = new URL(link.href)
      if (url.origin !== location.origin) continue
      url.searchParams.set('livets-dev', String(stylesheetVersion))
      const fresh = link.cloneNode() as HTMLLinkElement
      fresh.href = url.href
      fresh.addEventListener('load', () => link.remove(), { once: true })
      link.after(fresh)
    }
  })
}
