// S12: moving between two pages of the same app in Chromium — a live navigation (a ts-navigate
// link: one NAVIGATE over the page's socket, the new view's render back) against a full page load
// of the same view (a plain link: the document, the client script and stylesheet revalidated, a
// new socket, JOIN and SESSION). Bytes are counted with the DevTools protocol: WebSocket payloads
// both ways, and for the page load every response's encoded length (headers included). Time runs
// from the click to the new view's content in the DOM, and to the page being live again (joined,
// nothing in flight). The two kinds alternate, so a noisy neighbour slows them alike.
import type { Browser, CDPSession, Page } from 'playwright-core'
import { launch, payloadBytes } from '../drivers/chromium.ts'
import { latencyMs, ratio, round, summarize } from '../lib/stats.ts'
import { withServer, type ServerProcess } from '../lib/server-process.ts'

type Row = Record<string, unknown>

interface Counted { up: number; down: number }

/** Counts what crosses the network while `counting` is on. */
function countBytes(cdp: CDPSession): { counted: Counted; on(): void; off(): Counted } {
  const counted: Counted = { up: 0, down: 0 }
  let counting = false
  cdp.on('Network.webSocketFrameSent', (e) => { if (counting) counted.up += payloadBytes(e.response) })
  cdp.on('Network.webSocketFrameReceived', (e) => { if (counting) counted.down += payloadBytes(e.response) })
  cdp.on('Network.loadingFinished', (e) => { if (counting) counted.down += e.encodedDataLength })
  return {
    counted,
    on: () => { counted.up = 0; counted.down = 0; counting = true },
    off: () => { counting = false; return { ...counted } },
  }
}

const live = (page: Page) => page.waitForFunction(() => window.LiveTS?.connection.status.connected && window.LiveTS.connection.status.pending === 0)

/** One live navigation from the section shown to `to`: ms to its content in the DOM, ms to quiet. */
async function liveNavigation(page: Page, to: string): Promise<{ domMs: number; liveMs: number }> {
  const domMs = await page.evaluate((id) => new Promise<number>((resolve) => {
    const start = performance.now()
    const observer = new MutationObserver(() => {
      if (!document.getElementById(id)) return
      observer.disconnect()
      resolve(performance.now() - start)
    })
    observer.observe(document.body, { childList: true, subtree: true })
    ;(document.getElementById('live') as HTMLElement).click()
  }), `section-${to}`)
  const started = performance.now()
  await live(page)
  return { domMs, liveMs: domMs + (performance.now() - started) }
}

/** One page load of `to` through a plain link: ms from the click (navigation start) to its DOM, and to the page live again. */
async function pageLoad(page: Page, to: string): Promise<{ domMs: number; liveMs: number }> {
  await Promise.all([page.waitForURL(new RegExp(`/nav/${to}$`), { waitUntil: 'commit' }), page.click('#plain')])
  await page.waitForFunction((id) => document.getElementById(id) !== null, `section-${to}`)
  await live(page)
  return page.evaluate(() => {
    const timing = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    // The element is in the server's HTML: it is in the DOM once the parser has read it.
    return { domMs: timing.domInteractive, liveMs: performance.now() }
  })
}

export async function measureNavigation(start: () => Promise<ServerProcess>, navigations: number, record: (system: string, row: Row) => void): Promise<void> {
  const browser: Browser = await launch()
  try {
    await withServer(start, async (server) => {
      const page = await browser.newPage()
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Network.enable')
      const bytes = countBytes(cdp)
      await page.goto(new URL('/nav/a', server.url).href)
      await live(page)
      const results = { live: { dom: [] as number[], live: [] as number[], up: 0, down: 0 }, load: { dom: [] as number[], live: [] as number[], up: 0, down: 0 } }
      let at = 'a'
      for (let i = 0; i < navigations + 4; i++) {
        for (const kind of ['live', 'load'] as const) {
          const to = at === 'a' ? 'b' : 'a'
          await page.waitForTimeout(50) // acknowledgements of the step before
          bytes.on()
          const times = kind === 'live' ? await liveNavigation(page, to) : await pageLoad(page, to)
          await page.waitForTimeout(20)
          const counted = bytes.off()
          at = to
          if (i < 4) continue // warm-up: the browser's caches, the server's JIT
          results[kind].dom.push(times.domMs)
          results[kind].live.push(times.liveMs)
          results[kind].up += counted.up
          results[kind].down += counted.down
        }
      }
      await page.close()
      const loadDom = summarize(results.load.dom)
      for (const [system, kind] of [['live navigation (ts-navigate)', 'live'], ['page load (plain link)', 'load']] as const) {
        const r = results[kind]
        const dom = summarize(r.dom)
        record(system, {
          navigations,
          bytesDownPerNavigation: round(r.down / navigations, 0),
          wsBytesUpPerNavigation: round(r.up / navigations, 0),
          toDomMs: latencyMs(dom),
          toLiveMs: latencyMs(summarize(r.live)),
          domVsPageLoad: ratio(dom.p50, loadDom.p50),
        })
      }
    })
  } finally {
    await browser.close()
  }
}
