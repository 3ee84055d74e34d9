// Development mode's server side (docs/configuration.md, "Development mode"): every HTML page gets
// the /_livets/dev.js script; an event stream tells open pages this process's boot id, so a page
// reloads when the server restarts, and announces changes to watched files: a stylesheet is
// swapped in place, anything else reloads the page. It wraps the app's fetch and touches nothing
// else, so it stays apart from the live client and the live sessions.
import { mkdirSync, statSync, watch, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import { devClient } from './browser.ts'

export const DEV_SCRIPT_PATH = '/_livets/dev.js'
/** Set by livets/cluster for its workers: one boot id for all of them (a restart of the whole app changes it). */
export const DEV_BOOT_ENV = 'LIVETS_DEV_BOOT'
export const DEV_EVENTS_PATH = '/_livets/dev/events'
/** How soon a page's event stream reconnects after the server went away (a restart). */
const RECONNECT_MS = 250
/** Editors and build tools write a file in several steps; changes closer than this are one. */
const SETTLE_MS = 60

type Fetch = (request: Request, ...rest: any[]) => Response | Promise<Response>
export type DevChange = 'css' | 'reload'

export class DevReload {
  /** Changes with every process start: a page from another boot reloads. */
  readonly boot = process.env[DEV_BOOT_ENV] || randomUUID()
  private readonly streams = new Set<SSEStreamingApi>()
  private readonly watchers: FSWatcher[] = []
  private readonly pending = new Map<DevChange, ReturnType<typeof setTimeout>>()
  private readonly routes = new Hono()
  private readonly script: string

  /** `watch`: files and folders (relative to the working directory) whose changes reach open pages. */
  constructor(watch: readonly string[] = []) {
    this.script = `(${devClient.toString()})(${JSON.stringify(DEV_EVENTS_PATH)}, document.currentScript.dataset.boot);\n`
    this.routes.get(DEV_SCRIPT_PATH, (c) => c.body(this.script, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))
    this.routes.get(DEV_EVENTS_PATH, (c) => streamSSE(c, async (stream) => {
      this.streams.add(stream)
      await stream.writeSSE({ event: 'hello', data: this.boot, retry: RECONNECT_MS })
      await new Promise<void>((done) => stream.onAbort(done))
      this.streams.delete(stream)
    }))
    for (const path of watch) this.watch(resolve(path))
  }

  /** The app's fetch with the dev routes in front and the dev script added to every HTML page. */
  wrap(fetch: Fetch): Fetch {
    return async (request, ...rest) => {
      const { pathname } = new URL(request.url)
      if (pathname === DEV_SCRIPT_PATH || pathname === DEV_EVENTS_PATH) return this.routes.fetch(request)
      return this.withScript(await fetch(request, ...rest))
    }
  }

  /** Tells every open page about a change. */
  announce(change: DevChange, what: string): void {
    for (const stream of this.streams) void stream.writeSSE({ event: change, data: what }).catch(() => this.streams.delete(stream))
  }

  close(): void {
    for (const watcher of this.watchers) watcher.close()
    for (const timer of this.pending.values()) clearTimeout(timer)
    for (const stream of this.streams) void stream.close()
    this.streams.clear()
  }

  private async withScript(response: Response): Promise<Response> {
    if (!response.headers.get('content-type')?.startsWith('text/html')) return response
    const tag = `<script src="${DEV_SCRIPT_PATH}" data-boot="${this.boot}" defer></script>`
    const html = await response.text()
    const at = html.indexOf('</head>')
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    const body = at < 0 ? tag + html : html.slice(0, at) + tag + html.slice(at)
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
