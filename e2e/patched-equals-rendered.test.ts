// The core promise, as a property: after any sequence of live patches, the DOM equals a fresh
// server render of the same state. Seeded and reproducible: LIVETS_SEED=<n> replays a run. The
// components view adds component placements, prop updates, removals and a component's own events
// (a like the test clicks inside the card the step names), and stream inserts, deletes and resets.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import type { Browser, Page } from 'playwright-core'
import { live } from 'livets'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'
import { RandomStringView, RandomTemplateView } from './fixtures/random-page.ts'
import { RandomComponentsView } from './fixtures/random-components-page.ts'

const SEED = Number(process.env.LIVETS_SEED ?? 20261124)
const STEPS = Number(process.env.LIVETS_STEPS ?? 500)

let browser: Browser
let served: Served

before(async () => {
  const app = new Hono()
  app.get('/template', live(RandomTemplateView, { title: 'random template view' }))
  app.get('/string', live(RandomStringView, { title: 'random string view' }))
  app.get('/components', live(RandomComponentsView, { title: 'random components view' }))
  served = await serveApp(app)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await served?.server.close()
})

/**
 * The view's DOM as a string: elements with sorted attributes, text, comments (the part markers
 * too). Both sides are browser DOMs, so this compares what the browser would show. A component's
 * number (data-ts-c) is left out: a page numbers its components in the order it mounted them, so a
 * fresh page numbers them anew (its id, data-ts-id, is compared). Plain
 * JavaScript source, installed in the page as window.normalizedTree.
 */
const NORMALIZED_TREE = `window.normalizedTree = (root) => {
  const out = []
  const visit = (node) => {
    if (node.nodeType === 3) { out.push(JSON.stringify(node.data)); return }
    if (node.nodeType === 8) { out.push('<!--' + node.data + '-->'); return }
    if (node.nodeType !== 1) return
    const attrs = [...node.attributes].map((a) => a.name + '=' + (a.name === 'data-ts-c' ? '#' : JSON.stringify(a.value))).sort()
    out.push('<' + node.localName + ' ' + attrs.join(' ') + '>')
    node.childNodes.forEach(visit)
    out.push('</' + node.localName + '>')
  }
  root.childNodes.forEach(visit)
  return out.join('')
}`

async function walk(path: string, seed: number, steps: number): Promise<void> {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text()) })
  await page.addInitScript(NORMALIZED_TREE)
  await page.goto(`${served.url}${path}?seed=${seed}`)
  await settled(page)
  for (let step = 1; step <= steps; step++) {
    // One round trip per step: click, wait for the patch, fetch a fresh render, normalize both.
    const [live, fresh] = await page.evaluate(async (url) => {
      const normalize = (window as unknown as { normalizedTree(root: Element): string }).normalizedTree
      const status = window.LiveTS!.connection.status
      ;(document.getElementById('step') as HTMLButtonElement).click()
      while (status.pending > 0 || !status.connected) await new Promise((r) => setTimeout(r, 1))
      // The components view names a card whose like the step counted: its own event, in the card.
      // (No named helper functions in here: the test's loader would wrap them in a helper the page lacks.)
      const card = document.querySelector<HTMLElement>('[data-click]')?.dataset.click
      if (card && card !== '0') {
        document.querySelector<HTMLButtonElement>(`[data-ts-id="card-${card}"] > button.like`)!.click()
        while (status.pending > 0 || !status.connected) await new Promise((r) => setTimeout(r, 1))
      }
      const html = await (await fetch(url)).text()
      const freshRoot = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-ts-root]')!
      return [normalize(document.querySelector('[data-ts-root]')!), normalize(freshRoot)]
    }, `${served.url}${path}?seed=${seed}&steps=${step}`)
    assert.equal(live, fresh, `${path} seed ${seed}: after step ${step} the patched DOM differs from a fresh render (rerun with LIVETS_SEED=${seed})`)
  }
  assert.deepEqual(errors, [], 'the client reported no errors')
  assert.deepEqual(served.logs, [], 'the server logged nothing')
  await page.close()
}

describe('patched equals rendered, in Chromium', () => {
  test(`html templates: ${STEPS} random transitions (seed ${SEED})`, () => walk('template', SEED, STEPS))
  test(`plain strings: ${STEPS} random transitions (seed ${SEED})`, () => walk('string', SEED + 1, STEPS))
  test(`components and streams: ${STEPS} random transitions (seed ${SEED})`, () => walk('components', SEED + 2, STEPS))
})
