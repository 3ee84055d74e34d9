// The soak app: one view that counts, hangs, throws and renders big pushes, served the way an app
// is (production mode, its own process, so its RSS is measured alone). /_soak/stats reads memory
// after a full collection and what the views counted; /_soak/publish pushes to the 'feed' topic.
// Run with --expose-gc. SOAK_* variables set the options a part needs (soak/app-process.ts).
import { Hono } from 'hono'
import { LiveView, broadcast, html, live, type MountContext } from 'livets'
import { serve } from 'livets/node'

const counted = { mounts: 0, unmounts: 0, errorLines: 0, warnLines: 0 }

class Soak extends LiveView<{ count: number; feed: string; broken: boolean }> {
  private live = false
  mount(ctx: MountContext) {
    if (ctx.connected && ctx.query.crash === 'mount') throw new Error('soak: a mount that fails')
    this.state = { count: 0, feed: '', broken: false }
    if (ctx.connected) { this.live = true; counted.mounts++ }
    if (ctx.query.feed) this.subscribe(ctx.query.feed)
  }
  // The static render of a GET is unmounted too: only live mounts are counted.
  unmount() { if (this.live) counted.unmounts++ }
  increment() { this.state.count++ }
  async hang() { await new Promise(() => {}) }
  crash() { throw new Error('soak: a handler that fails') }
  breakRender() { this.state.broken = true }
  handleInfo(text: string) { this.state.feed = text }
  render() {
    if (this.state.broken) throw new Error('soak: a render that fails')
    return html`<main><output>${this.state.count}</output>
<button ts-on:click="increment">+</button><button ts-on:click="hang">hang</button>
<button ts-on:click="crash">crash</button><button ts-on:click="breakRender">break</button>
<pre>${this.state.feed}</pre></main>`
  }
}

const app = new Hono()
app.get('/soak', live(Soak))
app.get('/_soak/stats', (c) => {
  ;(globalThis as { gc?: () => void }).gc?.()
  const memory = process.memoryUsage()
  return c.json({ rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, externalBytes: memory.external, ...counted })
})
app.post('/_soak/publish', (c) => {
  const bytes = Number(c.req.query('bytes') ?? 1000)
  const count = Number(c.req.query('count') ?? 1)
  const body = 'x'.repeat(bytes)
  let delivered = 0
  for (let i = 0; i < count; i++) delivered += broadcast(c.req.query('topic') ?? 'feed', `${i} ${body}`)
  return c.json({ delivered })
})

const number = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const server = await serve(app, {
  port: 0,
  sessionFile: null,
  // Every soak client comes from 127.0.0.1: the per-address cap would stop the idle part at 1,000.
  maxConnectionsPerAddress: 1_000_000,
  maxConnections: 1_000_000,
  retentionMs: number('SOAK_RETENTION_MS', 30_000),
  slowReaderTimeoutMs: number('SOAK_SLOW_READER_TIMEOUT_MS', 30_000),
  handlerTimeoutMs: number('SOAK_HANDLER_TIMEOUT_MS', 30_000),
  logger: { error: () => { counted.errorLines++ }, warn: () => { counted.warnLines++ } },
})
console.log(`listening on http://127.0.0.1:${server.port}`)
