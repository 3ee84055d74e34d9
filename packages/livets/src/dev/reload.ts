// Development mode's server side (docs/dev-loop.md): every HTML page gets the /_livets/dev.js
// script and the overlay's stylesheet; an event stream tells open pages this process's boot id, so
// that after a restart (new code) a page without a live view reloads and a live one rejoins at once
// (its view restored from the checkpoint the old process wrote); it announces changes to watched
// files (a stylesheet is swapped in place, anything else reloads the page) and carries the errors of
// each page's view to that page's overlay (page-errors.ts). It wraps the app's fetch and touches
// nothing else; production never builds it.
import { mkdirSync, statSync, watch, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import { devClient } from './browser.ts'
import { DEV_STYLESHEET, DEV_STYLESHEET_PATH } from './overlay-style.ts'
import { PAGE_ERROR_EVENT, PAGE_OK_EVENT, type PageChannel } from './page-errors.ts'
import { markDevRequest } from './dev-requests.ts'
import { DEV_BOOT_ENV } from './boot-env.ts'

export const DEV_SCRIPT_PATH = '/_livets/dev.js'
export const DEV_EVENTS_PATH = '/_livets/dev/events'
export { DEV_STYLESHEET_PATH }
/**
 * How soon a page's event stream reconnects after the server went away. A restart under `tsx watch`
 * is over in about a second; retrying every 100 ms means the page hears the new process within
 * 100 ms of it listening, which is most of what a hot reload waits for after the process itself.
 */
const RECONNECT_MS = 100
/** Editors and build tools write a file in several steps; changes closer than this are one. */
const SETTLE_MS = 60
/** A page id as the engine writes it (32 hex digits); anything else on the stream's URL is ignored. */
const PAGE_ID = /^[0-9a-f]{32}$/

type Fetch = (request: Request, ...rest: any[]) => Response | Promise<Response>
export type DevChange = 'css' | 'reload'

export class DevReload implements PageChannel {
  /** Changes with every process start: a page from another boot rejoins (or reloads). */
  readonly boot = process.env[DEV_BOOT_ENV] || randomUUID()
  /** Every open stream, with the page load it belongs to ('' for pages without a live view). */
  private readonly streams = new Map<SSEStreamingApi, string>()
  private readonly watchers: FSWatcher[] = []
  private readonly pending = new Map<DevChange, ReturnType<typeof setTimeout>>()
  private readonly routes = new Hono()
  private readonly script: string
  /** The error a page's view is in when its stream connects (page-errors.ts), set by the runtime. */
  currentError: ((page: string) => string | undefined) | undefined

  /** `watch`: files and folders (relative to the working directory) whose changes reach open pages. */
  constructor(watch: readonly string[] = []) {
    // tsx compiles with esbuild's keepNames, which wraps named inner functions in a __name() helper
    // of the module: the script brings its own, so the function's source runs alone in the page.
    this.script = `(() => { const __name = (fn) => fn;\n(${devClient.toString()})(${JSON.stringify(DEV_EVENTS_PATH)}, document.currentScript, ${JSON.stringify({ error: PAGE_ERROR_EVENT, ok: PAGE_OK_EVENT })});\n})();\n`
    this.routes.get(DEV_SCRIPT_PATH, (c) => c.body(this.script, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))
    this.routes.get(DEV_STYLESHEET_PATH, (c) => c.body(DEV_STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }))
    this.routes.get(DEV_EVENTS_PATH, (c) => streamSSE(c, async (stream) => {
      const page = PAGE_ID.test(c.req.query('page') ?? '') ? c.req.query('page')! : ''
      this.streams.set(stream, page)
      await stream.writeSSE({ event: 'hello', data: this.boot, retry: RECONNECT_MS })
      const error = page ? this.currentError?.(page) : undefined
      if (error) await stream.writeSSE({ event: PAGE_ERROR_EVENT, data: error })
      await new Promise<void>((done) => stream.onAbort(done))
      this.streams.delete(stream)
    }))
    for (const path of watch) this.watch(resolve(path))
  }

  /** The app's fetch with the dev routes in front and the dev script added to every HTML page. */
  wrap(fetch: Fetch): Fetch {
    return async (request, ...rest) => {
      const { pathname } = new URL(request.url)
      if (pathname === DEV_SCRIPT_PATH || pathname === DEV_EVENTS_PATH || pathname === DEV_STYLESHEET_PATH) return this.routes.fetch(request)
      markDevRequest(request)
      return this.withScript(await fetch(request, ...rest))
    }
  }

  /** Tells every open page about a change. */
  announce(change: DevChange, what: string): void {
    for (const stream of this.streams.keys()) this.send(stream, change, what)
  }

  /** PageChannel: tells the open streams of one page load (its view failed, or rendered again). */
  tell(page: string, event: string, data: string): void {
    for (const [stream, of] of this.streams) if (of === page) this.send(stream, event, data)
  }

  close(): void {
    for (const watcher of this.watchers) watcher.close()
    for (const timer of this.pending.values()) clearTimeout(timer)
    for (const stream of this.streams.keys()) void stream.close()
    this.streams.clear()
  }

  private send(stream: SSEStreamingApi, event: string, data: string): void {
    void stream.writeSSE({ event, data }).catch(() => this.streams.delete(stream))
  }

  private async withScript(response: Response): Promise<Response> {
    if (!response.headers.get('content-type')?.startsWith('text/html')) return response
    const html = await response.text()
    // A page under a nonce-based Content-Security-Policy: the dev tags carry the nonce its own tags carry.
    const nonce = /<script src="\/_livets\/client\.js"[^>]*\snonce="([^"]*)"/.exec(html)?.[1]
    const n = nonce ? ` nonce="${nonce}"` : ''
    const tags = `<link rel="stylesheet" href="${DEV_STYLESHEET_PATH}" data-livets-dev${n}>` +
      `<script src="${DEV_SCRIPT_PATH}" data-boot="${this.boot}" defer${n}></script>`
    const at = html.indexOf('</head>')
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    const body = at < 0 ? tags + html : html.slice(0, at) + tags + html.slice(at)
    return new Response(body, { status: response.status, statusText: response.statusText, headers })
  }

  /** Watches a folder (recursively) or a file (through its folder, so a file written anew is still seen). */
  private watch(path: string): void {
    const isFolder = (() => { try { return statSync(path).isDirectory() } catch { return false } })()
    const folder = isFolder ? path : dirname(path)
    const only = isFolder ? undefined : basename(path)
    try {
      // A build output that is not written yet (dev starts the server and the CSS build together).
      mkdirSync(folder, { recursive: true })
      const watcher = watch(folder, { recursive: isFolder }, (_event, name) => {
        if (!name || (only && basename(name.toString()) !== only)) return
        this.settle(name.toString().endsWith('.css') ? 'css' : 'reload', name.toString())
      })
      watcher.unref()
      this.watchers.push(watcher)
    } catch (error) {
      console.warn(`[livets] dev mode cannot watch ${path}: ${(error as Error).message}`)
    }
  }

  private settle(change: DevChange, what: string): void {
    clearTimeout(this.pending.get(change))
    this.pending.set(change, setTimeout(() => { this.pending.delete(change); this.announce(change, what) }, SETTLE_MS))
  }
}

/** Development mode is on when asked for, or by default whenever NODE_ENV is not production. */
export function devModeOn(dev: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return dev ?? env.NODE_ENV !== 'production'
}
