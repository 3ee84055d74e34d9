// T1: what one simple test of the counter costs — load the page, click +, check the count, close —
// three ways, in the same run: livets/testing's render() (in-process, happy-dom, no port), the
// protocol client LiveClient over a real socket to an app served in the same process, and real
// Chromium through playwright. Everything runs in this process (as a test file does), except
// Chromium's own processes. The three kinds of test take turns, so a noisy neighbour slows them
// alike and the ratios hold.
import assert from 'node:assert/strict'
import { LiveClient, render } from 'livets/testing'
import { serve } from 'livets/node'
import { app } from '../../examples/counter/src/app.ts'
import { launch } from '../drivers/chromium.ts'
import { latencyMs, summarize } from '../lib/stats.ts'

export interface TestingConfig { inProcess: number; socket: number; browser: number }

type Row = Record<string, unknown>

interface Way { name: string; runs: number; setupMs: number; once(): Promise<void>; samples: number[] }

async function timedRun(way: Way): Promise<void> {
  const started = performance.now()
  await way.once()
  way.samples.push(performance.now() - started)
}

export async function measureTesting(config: TestingConfig, record: (system: string, row: Row) => void): Promise<void> {
  // What a test file pays once: render() nothing but its first page (happy-dom and the engine
  // load); LiveClient a served app; Chromium a browser.
  let started = performance.now()
  await (await render(app, '/')).close()
  const renderSetup = performance.now() - started
  started = performance.now()
  const server = await serve(app, { port: 0, sessionFile: null, handleSignals: false })
  const serveSetup = performance.now() - started
  const url = `http://127.0.0.1:${server.port}/`
  started = performance.now()
  const browser = await launch()
  const browserSetup = performance.now() - started
  try {
    const ways: Way[] = [
      { name: 'render()', runs: config.inProcess, setupMs: renderSetup, samples: [], once: async () => {
        const counter = await render(app, '/')
        await counter.click('[aria-label=increment]')
        assert.equal(counter.find('#count').text(), '1')
        await counter.close()
      } },
      { name: 'LiveClient (socket)', runs: config.socket, setupMs: serveSetup, samples: [], once: async () => {
        const { client } = await LiveClient.connect(url)
        const reply = await client.event('increment')
        assert.deepEqual(reply.ops, [['SET_TEXT', 0, '1']])
        await client.close()
      } },
      { name: 'Chromium (playwright)', runs: config.browser, setupMs: browserSetup, samples: [], once: async () => {
        const page = await browser.newPage()
        await page.goto(url)
        await page.waitForFunction(() => window.LiveTS?.connection.status.connected && window.LiveTS.connection.status.pending === 0)
        await page.click('[aria-label=increment]')
        await page.waitForFunction(() => document.querySelector('#count')?.textContent === '1')
        await page.close()
      } },
    ]
    for (const way of ways) for (let i = 0; i < Math.min(5, way.runs); i++) await way.once() // warm-up
    // Turns: in each round every way whose share of the rounds has come runs once.
    const rounds = Math.max(...ways.map((way) => way.runs))
    for (let round = 0; round < rounds; round++)
      for (const way of ways) if (way.samples.length < Math.round(((round + 1) * way.runs) / rounds)) await timedRun(way)
    for (const way of ways) {
      const summary = summarize(way.samples)
      record(way.name, { tests: way.samples.length, setupMs: Math.round(way.setupMs), perTestMs: latencyMs(summary), testsPerSecond: Math.round(1000 / summary.mean) })
    }
  } finally {
    await browser.close()
    await server.close()
  }
}
