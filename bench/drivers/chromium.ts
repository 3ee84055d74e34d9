// Single-user figures through real Chromium, for any framework: WebSocket payload bytes per click
// from the DevTools protocol (Network.webSocketFrameSent/Received), and click→DOM-updated latency
// measured inside the page.
import { chromium, type Browser, type Page } from 'playwright-core'

export interface BrowserClicks { bytesUpPerClick: number; bytesDownPerClick: number; latenciesMs: number[] }

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** A WebSocket frame's payload bytes as CDP reports it (binary frames come base64-encoded). */
export function payloadBytes(frame: { opcode: number; payloadData: string }): number {
  return frame.opcode === 2 ? Buffer.from(frame.payloadData, 'base64').length : Buffer.byteLength(frame.payloadData)
}

/**
 * Loads `url`, waits until `ready(page)` and the connection is quiet, then clicks `button` `clicks`
 * times, one at a time, each time waiting until the text of `output` changed.
 */
export async function measureClicks(browser: Browser, url: string, button: string, output: string, clicks: number,
  ready: (page: Page) => Promise<unknown>): Promise<BrowserClicks> {
  const page = await browser.newPage()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  let up = 0
  let down = 0
  let counting = false
  cdp.on('Network.webSocketFrameSent', (e) => { if (counting) up += payloadBytes(e.response) })
  cdp.on('Network.webSocketFrameReceived', (e) => { if (counting) down += payloadBytes(e.response) })
  await page.goto(url)
  await ready(page)
  await page.waitForTimeout(1000) // let connection set-up traffic end
  counting = true
  const latenciesMs: number[] = []
  for (let i = 0; i < clicks; i++) {
    latenciesMs.push(await page.evaluate(([buttonSelector, outputSelector]) => new Promise<number>((resolve) => {
      const target = document.querySelector(outputSelector)!
      const before = target.textContent
      const observer = new MutationObserver(() => {
        if (target.textContent === before) return
        observer.disconnect()
        resolve(performance.now() - start)
      })
      observer.observe(target, { childList: true, characterData: true, subtree: true })
      const start = performance.now()
      ;(document.querySelector(buttonSelector) as HTMLElement).click()
    }), [button, output] as const))
  }
  await page.waitForTimeout(300) // trailing acknowledgements (Blazor acks each render batch)
  counting = false
  await page.close()
  return { bytesUpPerClick: up / clicks, bytesDownPerClick: down / clicks, latenciesMs }
}
