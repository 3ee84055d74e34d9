// The idle page of S0 and S0-max, and the memory report every LiveTS bench server answers
// /_bench/gc with. livets-app.ts serves this page among every other scenario's; idle-app.ts serves
// it alone, for S0-max (see there why).
import { Hono } from 'hono'
import { LiveView, html, live } from 'livets'
import type { LiveServer, ServeOptions } from 'livets/node'
// The addon the app's livets loaded (and configured): importing livets' own engine.ts from its
// sources here would be a second copy of that module, which configures the addon again and drops
// every connection and template.
import { loadEngine } from '@livets/engine'
import { collectGarbage } from './gc.ts'

/** A page that shows one line and waits: what an idle connection holds. */
export class Idle extends LiveView<{ since: string }> {
  mount() { this.state = { since: 'connected' } }
  render() { return html`<p>${this.state.since}</p>` }
}

/** After a full collection: this process's connections and memory (JS heap, .NET heap, RSS). */
export async function memoryReport(): Promise<Record<string, number>> {
  await collectGarbage()
  const [connections, , managedHeap] = loadEngine().stats(1)
  const memory = process.memoryUsage()
  return { pid: process.pid, connections, managedHeap, jsHeap: memory.heapUsed, jsHeapCommitted: memory.heapTotal, jsHeapTotal: memory.heapTotal, external: memory.external, arrayBuffers: memory.arrayBuffers, rss: memory.rss }
}

/**
 * The load clients open thousands of sockets from one address: the per-address and per-process
 * limits are raised. No session or data file: one server's shutdown would leave its checkpoints for
 * the next one (another scenario, another runtime) to read at start, and Deno runs without write
 * access (durable sessions go through Redis in the scenarios that measure them).
 */
export const BENCH_SERVE_OPTIONS: ServeOptions = { maxConnections: 2_000_000, maxConnectionsPerAddress: 2_000_000, sessionFile: null, dataFile: null }

/** Serves the idle page and /_bench/gc on PORT (0: any), on Node. */
export async function serveIdlePage(): Promise<LiveServer> {
  const app = new Hono()
  app.get('/idle', live(Idle, { title: 'idle' }))
  app.get('/_bench/gc', async (c) => c.json(await memoryReport()))
  const { serve } = await import('livets/node')
  const server = await serve(app, { ...BENCH_SERVE_OPTIONS, port: Number(process.env.PORT ?? 0) })
  console.log(`listening on http://127.0.0.1:${server.port}`)
  return server
}
