// Shared set-up for browser tests: Debian's Chromium driven by playwright-core, and an example app
// served in-process on a free port.
import { chromium, type Browser, type Page } from 'playwright-core'
import assert from 'node:assert/strict'
import type { Hono } from 'hono'
import { SESSION_RESTORED, SESSION_RESUMED } from '@livets/client/protocol'
import { serve, type LiveServer, type ServeOptions } from 'livets/node'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

export interface Served { server: LiveServer; url: string; logs: string[] }

/** Serves `app` on a free port and collects what the framework logs. Development mode stays off
 * here (e2e/dev-reload.test.ts tests it), so these pages are exactly what production serves. */
export async function serveApp(app: Hono, options: ServeOptions = {}): Promise<Served> {
  const logs: string[] = []
  const logger = {
    error: (message: string, error?: unknown) => { logs.push(message + (error ? ` ${error}` : '')) },
    warn: (message: string) => { logs.push(message) },
  }
  const server = await serve(app, { port: 0, logger, sessionFile: null, dataFile: null, handleSignals: false, dev: false, ...options })
  return { server, url: `http://127.0.0.1:${server.port}/`, logs }
}

/** Waits until the page's live connection is up and every frame it sent has its reply. */
export function settled(page: Page): Promise<unknown> {
  return page.waitForFunction(() => {
    const status = window.LiveTS?.connection.status
    return status !== undefined && status.connected && status.pending === 0
  })
}

/**
 * Starts recording how each later join of the page went (SESSION_* modes, in order): after a
 * restart a page may rejoin over long-poll first and then move to a WebSocket (a RESUMED join
 * after the one that counts), so tests look at the whole sequence.
 */
export async function recordJoins(page: Page): Promise<() => Promise<number[]>> {
  // A string, not a function: tsx would name the listener with a helper the page does not have.
  await page.evaluate(`(() => {
    const modes = []
    window.joinModes = modes
    window.LiveTS.connection.addSessionListener({ after(mode) { modes.push(mode) } })
  })()`)
  return () => page.evaluate(() => (window as unknown as { joinModes: number[] }).joinModes)
}

/** The page's session came back from its checkpoint (perhaps over long-poll first, then resumed over a WebSocket). */
export function assertRestored(modes: number[]): void {
  assert.equal(modes[0], SESSION_RESTORED, `joins since the restart: ${modes}`)
  assert.ok(modes.slice(1).every((mode) => mode === SESSION_RESUMED), `joins since the restart: ${modes}`)
}
