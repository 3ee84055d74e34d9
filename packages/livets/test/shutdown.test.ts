// Graceful shutdown's order (docs/scaling.md, "Graceful shutdown"): a page is told to reconnect
// (1012) only once its last checkpoint is durable, so that the process it reconnects to finds it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { LiveView, html, live } from 'livets'
import { serve } from 'livets/node'
import { LiveClient } from 'livets/testing'
import { CLOSE_SERVICE_RESTART } from '@livets/client/protocol'
import type { SessionStore } from '../src/sessions/session-store.ts'
import { MemoryAppData } from '../src/storage/app-data-store.ts'

class Count extends LiveView<{ n: number }> {
  mount() { this.state = { n: 0 } }
  increment() { this.state.n++ }
  render() { return html`<b>${this.state.n}</b><button ts-on:click="increment">+</button>` }
}

/** A store whose flush takes a while, as a write to Redis does; it notes when it is done. */
class SlowStore extends MemoryAppData implements SessionStore {
  saved = new Map<string, string>()
  flushedAt = 0
  constructor() { super(null, console) }
  save(session: string, data: string): void { this.saved.set(session, data) }
  async load(session: string): Promise<string | undefined> { return this.saved.get(session) }
  release(): void {}
  override async flush(): Promise<void> {
    await new Promise((r) => setTimeout(r, 100))
    this.flushedAt = performance.now()
  }
}

test('the sockets are closed with 1012 only after the session store flushed', async () => {
  const app = new Hono()
  app.get('/', live(Count))
  const store = new SlowStore()
  const server = await serve(app, { port: 0, sessionStore: store, handleSignals: false, logger: { error() {}, warn() {} } })
  const { client } = await LiveClient.connect(`http://127.0.0.1:${server.port}/`)
  await client.event('increment')
  const closed = client.closed().then((c) => ({ ...c, at: performance.now() }))
  await server.close()
  const { code, at } = await closed
  assert.equal(code, CLOSE_SERVICE_RESTART)
  assert.ok(store.flushedAt > 0 && at >= store.flushedAt, `closed ${(at - store.flushedAt).toFixed(1)} ms after the flush`)
})
