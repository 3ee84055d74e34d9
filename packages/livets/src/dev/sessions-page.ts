// /_livets/dev: the live sessions of this development server, updating every second — bytes up and
// down, the last event's and render's time, queue depth, and the engine's memory — built with
// LiveTS itself. Served only when serve() runs in development (docs/dev-loop.md).
import { Hono } from 'hono'
import { LiveView, type MountContext } from '../live-view.ts'
import { html } from '../html.ts'
import { live } from '../live.ts'
import type { SessionStats } from './session-stats.ts'

export const DEV_PATH = '/_livets/dev'

interface Row { connection: string; view: string; address: string; age: string; up: number; down: number; events: number; errors: number; event: string; render: string; queued: number }
interface State { rows: Row[]; sessions: number; engineBytes: number; perSession: number }

/** The stats and engine reading this page shows; set when the dev server starts. */
let source: { stats: SessionStats; engineHeap(): number } | undefined

const ms = (value: number): string => `${value.toFixed(2)} ms`

class DevSessions extends LiveView<State> {
  private timer: ReturnType<typeof setInterval> | undefined

  mount(ctx: MountContext) {
    this.state = this.read()
    if (ctx.connected) this.timer = setInterval(() => this.setState(this.read()), 1_000)
  }

  unmount() { clearInterval(this.timer) }

  private read(): State {
    const rows = [...source?.stats.connections.values() ?? []].map((s): Row => ({
      connection: s.connection.slice(0, 8), view: s.view || '(joining)', address: s.address, age: `${Math.round((Date.now() - s.since) / 1000)} s`,
      up: s.bytesUp, down: s.bytesDown, events: s.events, errors: s.errors, event: ms(s.lastEventMs), render: ms(s.lastRenderMs), queued: s.queued,
    }))
    const engineBytes = source?.engineHeap() ?? 0
    return { rows, sessions: rows.length, engineBytes, perSession: rows.length > 0 ? Math.round(engineBytes / rows.length) : 0 }
  }

  render() {
    const { rows, sessions, engineBytes, perSession } = this.state
    return html`<main class="livets-dev">
  <h1>LiveTS sessions</h1>
  <p><output id="sessions">${sessions}</output> live sessions · engine heap <output id="engine">${Math.round(engineBytes / 1024)} KiB</output>, about ${Math.round(perSession / 1024)} KiB per session</p>
  <table>
    <thead><tr><th>connection</th><th>view</th><th>address</th><th>age</th><th>bytes up</th><th>bytes down</th><th>events</th><th>errors</th><th>last event</th><th>last render</th><th>queued</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr ts-key="${r.connection}"><td>${r.connection}</td><td>${r.view}</td><td>${r.address}</td><td>${r.age}</td><td>${r.up}</td><td>${r.down}</td><td>${r.events}</td><td>${r.errors}</td><td>${r.event}</td><td>${r.render}</td><td>${r.queued}</td></tr>`)}</tbody>
  </table>
</main>`
  }
}

const STYLE = `<style>
.livets-dev { font: 14px system-ui, sans-serif; margin: 24px; color: #1f2937 }
.livets-dev table { border-collapse: collapse; width: 100% }
.livets-dev th, .livets-dev td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e5e7eb; font-variant-numeric: tabular-nums }
.livets-dev th { color: #6b7280; font-weight: 600 }
</style>`

/** The dev tools' own app, mounted in front of the user's by the runtime in development. */
export function devApp(stats: SessionStats, engineHeap: () => number): Hono {
  source = { stats, engineHeap }
  const app = new Hono()
  app.get(DEV_PATH, live(DevSessions, { title: 'LiveTS sessions', head: STYLE }))
  return app
}
