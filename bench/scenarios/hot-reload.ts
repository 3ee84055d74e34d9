// Hot reload (docs/dev-loop.md): milliseconds from saving a view's file to the page showing the new
// code, with its state kept, as a developer gets it from `npm run dev` — e2e/fixtures/dev-app run by
// `tsx watch` in a child process (e2e/dev-app.ts), the page in Chromium. Each edit changes the
// view's label; the page's own clock notes when the label changed (a MutationObserver), against the
// wall clock just before the file was written. The baseline in the same run is the restart itself:
// save → the new process listening, which any restart-based reload waits for; the rest is the page
// rejoining and the view restored and rendered with the new code.
import assert from 'node:assert/strict'
import { launch } from '../drivers/chromium.ts'
import { DevApp } from '../../e2e/dev-app.ts'
import { round, summarize } from '../lib/stats.ts'

type Row = Record<string, unknown>

const ms = (samples: number[]) => {
  const s = summarize(samples)
  return { p50: round(s.p50, 0), min: round(Math.min(...samples), 0), max: round(s.max, 0) }
}

export async function measureHotReload(edits: number): Promise<Row> {
  const [browser, app] = await Promise.all([launch(), DevApp.start()])
  try {
    const page = await browser.newPage()
    await page.goto(app.url)
    const quiet = () => page.waitForFunction(() => window.LiveTS?.connection.status.connected && window.LiveTS.connection.status.pending === 0)
    await quiet()
    for (let i = 0; i < 5; i++) await page.click('#increment')
    await page.waitForFunction(() => document.querySelector('#count')?.textContent === '5')
    // The page notes the moment its label changes, on its own clock (the same machine's wall clock).
    await page.evaluate(() => {
      const label = document.querySelector('main')!
      new MutationObserver(() => {
        const text = document.querySelector('#label')?.textContent ?? ''
        const seen = (window as unknown as { labelSeen: Record<string, number> }).labelSeen ??= {}
        seen[text] ??= Date.now()
      }).observe(label.parentElement!, { subtree: true, childList: true, characterData: true })
    })
    const toDom: number[] = [], toListening: number[] = [], toRestart: number[] = []
    let label = 'Count'
    for (let i = 1; i <= edits; i++) {
      const next = `Label ${i}`
      const starts = app.startedAt.length
      const saved = Date.now()
      app.edit('src/counter.ts', (source) => source.replace(`<h1 id="label">${label}</h1>`, `<h1 id="label">${next}</h1>`))
      label = next
      await page.waitForFunction((text) => document.querySelector('#label')?.textContent === text, next, { timeout: 30_000 })
      const shown = await page.evaluate((text) => (window as unknown as { labelSeen: Record<string, number> }).labelSeen[text], next)
      await app.started(starts + 1)
      assert.equal(await page.textContent('#count'), '5', 'the view kept its state')
      toDom.push(shown - saved)
      toListening.push(app.startedAt[starts] - saved)
      const restart = app.restartAfter(saved)
      if (restart) toRestart.push(restart - saved)
      await quiet()
      await new Promise((resolve) => setTimeout(resolve, 500)) // the file watchers settle before the next save
    }
    const dom = ms(toDom), listening = ms(toListening)
    return {
      edits,
      saveToDomMs: dom,
      saveToTsxRestartMs: ms(toRestart),
      saveToListeningMs: listening,
      listeningToDomMsP50: round(summarize(toDom.map((d, i) => d - toListening[i])).p50, 0),
      vsRestart: round(dom.p50 / listening.p50, 2),
      stateKept: true,
    }
  } finally {
    await browser.close()
    await app.stop()
  }
}
