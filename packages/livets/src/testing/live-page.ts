// One page loaded the way a browser loads it, in-process: the HTML the app answered is put into a
// happy-dom window, and the real client (packages/client/src: LiveConnection, patches, event
// delegation, ts-model) joins over an in-process transport to a LiveRuntime of its own. This file
// keeps count of what went up and came down, so an action can wait until every frame it caused
// is answered and applied; rendered-view.ts is the API tests use.
import { Window } from 'happy-dom'
import { LiveConnection, type TransportEvents } from '@livets/client'
import { FRAME_ERROR, FRAME_EVENT, FRAME_PUSH, FrameReader } from '@livets/client/protocol'
import { LiveRuntime, upgradeHeaders, type RuntimeOptions } from '../runtime.ts'
import type { RoutableApp } from '../navigation/live-routes.ts'
import type { Logger } from '../session.ts'
import { inWindow } from './browser-globals.ts'
import { inProcessTransport } from './in-process-transport.ts'

export interface PageOptions {
  /** Where the server's log lines go as well; they are always collected in `logs`. */
  logger?: Logger
  /** Session settings for the page's runtime (retention, handler timeout, …). */
  runtime?: Omit<RuntimeOptions, 'logger' | 'sessionFile' | 'dataFile'>
}

/** How the page was loaded: the app (live navigation routes through it) and the request's headers (its cookies). */
export interface PageSource { app: RoutableApp; headers?: Record<string, string> }

/** A condition someone waits for, re-checked after every frame. */
interface Waiter { ready(): boolean; resolve(): void }

/** Where the page's root element is missing: the response was not a live() page. */
export class NotALivePage extends Error {}

export class LivePage {
  readonly window: Window
  readonly root: Element
  readonly connection: LiveConnection
  /** Server log lines, and what the page printed to its console (prefixed `browser:`). */
  readonly logs: string[]
  /** EVENT frames the client sent, PUSH frames applied, and ERROR answers and page errors, in order. */
  eventsSent = 0
  pushesApplied = 0
  readonly failures: string[] = []
  /** How often the server closed the connection, and how it did last. */
  closes = 0
  lastClose = ''
  /** A URL the page was told to load in full (a redirect, a URL no live route serves): the view loads it next (rendered-view.ts). */
  loadRequested: string | undefined
  private readonly runtime: LiveRuntime
  private waiters: Waiter[] = []
  private closed = false

  constructor(url: string, html: string, logs: string[], options: PageOptions, source: PageSource) {
    this.logs = logs
    this.window = new Window({
      url,
      settings: {
        // The page's own <script> (the client bundle) is not loaded: the client runs from its
        // modules below, against this window. No navigation: a test navigates with navigate().
        disableJavaScriptFileLoading: true,
        handleDisabledFileLoadingAsSuccess: true,
        navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
      },
    })
    this.window.happyDOM.virtualConsolePrinter.addEventListener('print', () => {
      for (const entry of this.window.happyDOM.virtualConsolePrinter.read())
        logs.push(`browser: ${entry.message.map((part) => (part instanceof Error ? part.message : String(part))).join(' ')}`)
    })
    // An exception in the page (a listener, a patch that does not fit) is what a browser would report.
    this.window.addEventListener('error', (event) => {
      const error = (event as unknown as { error?: Error }).error
      this.fail(`the page threw: ${error?.message ?? (event as unknown as { message: string }).message}`)
    })
    this.window.document.write(html)
    const root = this.window.document.querySelector('[data-ts-root]')
    const token = root?.getAttribute('data-ts-token')
    if (!root || !token) {
      void this.window.happyDOM.close()
      throw new NotALivePage(`the page at ${url} has no live view (no element with data-ts-root and data-ts-token): is its route live(View)?`)
    }
    this.root = root as unknown as Element
    const log = options.logger
    this.runtime = new LiveRuntime({
      ...options.runtime,
      sessionFile: null,
      dataFile: null,
      logger: {
        error: (message, error) => { logs.push(error === undefined ? message : `${message} ${error instanceof Error ? error.message : String(error)}`); log?.error(message, error) },
        warn: (message) => { logs.push(message); log?.warn(message) },
      },
    })
    this.runtime.app = source.app
    const transport = inProcessTransport(this.runtime, upgradeHeaders((name) => source.headers?.[name] ?? source.headers?.[name[0].toUpperCase() + name.slice(1)]))
    // A page load the server asks for (LOCATION_LOAD) is left to the view, which loads the URL through the app.
    const loader = { load: (to: string) => { this.loadRequested = new URL(to, this.url).href } }
    this.connection = this.run(() => new LiveConnection(this.root, token, (events) => {
      const link = transport(this.observe(events))
      return {
        send: (frame) => { if (frame[0] === FRAME_EVENT) this.eventsSent++; link.send(frame) },
        close: () => link.close(),
      }
    }, { loader }))
  }

  /** The page's URL now (live navigation changes it). */
  get url(): string { return this.window.location.href }

  /** Runs client code (or code that dispatches DOM events to it) with this window's globals. */
  run<T>(fn: () => T): T {
    return inWindow(this.window, fn)
  }

  /** The transport's reports to the client, run in this window, with the page's bookkeeping around them. */
  private observe(events: TransportEvents): TransportEvents {
    return {
      opened: () => this.run(() => events.opened()),
      received: (frame) => {
        if (frame[0] === FRAME_ERROR) {
          const reader = new FrameReader(frame)
          reader.byte()
          reader.byte()
          this.fail(`the server answered with an error: ${reader.string()}`)
        }
        try {
          this.run(() => events.received(frame))
        } catch (error) {
          this.fail(`the client could not apply a frame: ${(error as Error).message}`)
        }
        if (frame[0] === FRAME_PUSH) this.pushesApplied++
        this.check()
      },
      closed: (code, reason) => {
        if (!this.closed) {
          this.closes++
          this.lastClose = `the server closed the connection with ${code}${reason ? `: ${reason}` : ''}`
          this.logs.push(this.lastClose)
        }
        this.run(() => events.closed(code, reason))
        this.check()
      },
    }
  }

  private fail(message: string): void {
    this.failures.push(message)
  }

  /** True when the client is joined and every JOIN and EVENT it sent has its answer, applied. */
  get settled(): boolean {
    const { connected, pending } = this.connection.status
    return connected && pending === 0
  }

  /**
   * Resolves once `ready()` holds (checked now and after every frame); rejects after `timeoutMs`
   * with `what` and the last log lines, so a test that waits in vain says for what.
   */
  waitFor(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (ready()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry)
        reject(new Error(`${what}: nothing within ${timeoutMs} ms${this.recentLogs()}`))
      }, timeoutMs)
      const entry: Waiter = { ready, resolve: () => { clearTimeout(timer); resolve() } }
      this.waiters.push(entry)
    })
  }

  private check(): void {
    const ready = this.waiters.filter((waiter) => waiter.ready())
    if (ready.length === 0) return
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter))
    for (const waiter of ready) waiter.resolve()
  }

  /** The last few log lines, for an error message. */
  recentLogs(): string {
    const lines = this.logs.slice(-5)
    return lines.length === 0 ? '' : `\n  the log says:\n    ${lines.join('\n    ')}`
  }

  /** Joins, and resolves once the join is answered and applied. */
  async join(timeoutMs: number): Promise<void> {
    // The runtime joins the process's hub first: broadcasts between rendered views go through it.
    await this.runtime.start()
    this.run(() => this.connection.connect())
    const what = `joining the live view at ${this.url}`
    await this.waitFor(() => this.settled || this.closes > 0, timeoutMs, what)
    const problems = [...this.failures, ...(this.closes > 0 ? [this.lastClose] : [])]
    if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}${this.recentLogs()}`)
  }

  /** Closes the connection the way a closed tab does, then the runtime and the window. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.run(() => this.connection.stop())
    // The goodbye reaches the server (a microtask), which ends the session and unmounts the view.
    await new Promise((resolve) => setImmediate(resolve))
    await this.runtime.shutdown(0)
    // The window tears itself down in the background: nothing waits on it (about 1 ms a test).
    this.window.happyDOM.close().catch(() => {})
  }
}
