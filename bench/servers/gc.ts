// A full garbage collection on whichever runtime runs the server, before a memory reading:
// Node and Deno with V8's gc() (--expose-gc, or --v8-flags=--expose-gc), Bun with Bun.gc(true).
// One V8 collection moves the objects of only a few MB of fragmented pages (its evacuation limit), so
// pages that held a burst of joins' short-lived objects stay committed; V8's memory reducer compacts
// them over its next collections once a server is idle. The reading repeats gc() until the committed
// heap stops shrinking (at most 5 times), as Blazor's reading is after one compacting collection.
import { memoryUsage } from 'node:process'
import { getHeapSpaceStatistics } from 'node:v8'

declare const Bun: { gc(force: boolean): void } | undefined

const MAX_COLLECTIONS = 5

/** Between collections: V8 sweeps and releases the pages a collection freed on background threads. */
const PAUSE_MS = 100

export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    touchNursery()
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

/**
 * V8's nursery (new space, two semi-spaces) is a fixed cost of the process, not of its connections:
 * full collections never shrink it, and how much of it RSS holds depends on how many scavenges the
 * process has seen. Filling it with garbage a few times before every reading makes every page of it
 * resident in the reading before the connections as in the one after, so that it cancels out of the
 * per-connection figure. (S0 runs the Node servers it compares with a nursery of fixed size, so that
 * it cannot grow between the two readings either.)
 */
function touchNursery(): void {
  const nursery = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0
  // 64 KB arrays, each dead once the next is made; 4× the new space's size passes through both semi-spaces twice.
  for (let filled = 0; filled < 4 * nursery; filled += 64 * 1024) lastFill = new Array<number>(8 * 1024).fill(filled)
  lastFill = undefined
}

/** Where the filling goes, so that the compiler cannot leave the arrays out. */
let lastFill: number[] | undefined
