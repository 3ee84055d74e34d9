// T1: what one simple test of the counter costs — load the page, click +, check the count, close —
// three ways, in the same run: livets/testing's render() (in-process, happy-dom, no port), the
// protocol client LiveClient over a real socket to an app served in the same process, and real
// Chromium through playwright. Everything runs in this process (as a test file does), except
// Chromium's own processes.
import assert from 'node:assert/strict'
import { render } from 'livets/testing'
import { LiveClient } from 'livets/testing'
import { serve } from 'livets/node'
import { app } from '../../examples/counter/src/app.ts'
import { launch } from '../drivers/chromium.ts'
import { latencyMs, summarize } from '../lib/stats.ts'

export interface TestingConfig { inProcess: number; socket: number; browser: number }

type Row = Record<string, unknown>

/** Times `runs` runs of `once` after a few warm-up runs; `setupMs` is what the test file pays once. */
async function timed(runs: number, setupMs: number, once: () => Promise<void>): Promise<Row> {
  for (let i = 0; i < Math.min(5, runs); i++) await once()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await once()
    samples.push(performance.now() - started)
  }
  const summary = summarize(samples)
  return { tests: runs, setupMs: Math.round(setupMs), perTestMs: latencyMs(summary), testsPerSecond: Math.round(1000 / summary.mean) }
}

export async function measureTesting(config: TestingConfig, record: (system: string, row: Row) => void): Promise<void> {
  // render(): nothing to set up but the first render (happy-dom and the engine load), timed apart.
  const firstStarted = performance.now()
  await (await render(app, '/')).close()
  record('render()', await timed(config.inProcess, performance.now() - firstStarted, async () => {
    const counter = await render(app, '/')
    await counter.click('[aria-label=increment]')
    assert.equal(counter.find('#count').text(), '1')
    await counter.close()
  }))

  // LiveClient: the app served on a port once per file; each test GETs the page, joins, sends.
  const serveStarted = performance.now()
  const server = await serve(app, { port: 0, sessionFile: null, handleSignals: false })
  const url = `http://127.0.0.1:${server.port}/`
  try {
    record('LiveClient (socket)', await timed(config.socket, performance.now() - serveStarted, async () => {
      const { client } = await LiveClient.connect(url)
      const reply = await client.event('increment')
      assert.deepEqual(reply.ops, [['SET_TEXT', 0, '1']])
      await client.close()
    }))

    // Chromium: one browser per file; each test a new page.
    const launchStarted = performance.now()
    const browser = await launch()
    try {
      record('Chromium (playwright)', await timed(config.browser, performance.now() - launchStarted, async () => {
        const page = await browser.newPage()
        await page.goto(url)
        await page.waitForFunction(() => window.LiveTS?.connection.status.connected && window.LiveTS.connection.status.pending === 0)
        await page.click('[aria-label=increment]')
        await page.waitForFunction(() => document.querySelector('#count')?.textContent === '1')
        await page.close()
      }))
    } finally {
      await browser.close()
    }
  } finally {
    await server.close()
  }
}
