// A full garbage collection on whichever runtime runs the server, before a memory reading:
// Node and Deno with V8's gc() (--expose-gc, or --v8-flags=--expose-gc), Bun with Bun.gc(true).
// One V8 collection moves the objects of only a few MB of fragmented pages (its evacuation limit), so
// pages that held a burst of joins' short-lived objects stay committed; V8's memory reducer compacts
// them over its next collections once a server is idle. The reading repeats gc() until the committed
// heap stops shrinking (at most 5 times), as Blazor's reading is after one compacting collection.
import { memoryUsage } from 'node:process'

declare const Bun: { gc(force: boolean): void } | undefined

const MAX_COLLECTIONS = 5

/** Between collections: V8 sweeps and releases the pages a collection freed on background threads. */
const PAUSE_MS = 100

export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    let committed = Infinity
    for (let i = 0; i < MAX_COLLECTIONS; i++) {
      gc()
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
      const now = memoryUsage().heapTotal
      if (now >= committed) break
      committed = now
    }
  } else if (typeof Bun !== 'undefined') Bun.gc(true)
}
