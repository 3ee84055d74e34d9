// Memory outside the JS heap kept after connections come and go, given back to the OS
// (docs/architecture.md, "Memory per connection"). A page load and a join pass large short-lived
// buffers through malloc (socket reads of 64 KiB, response bodies, frames), freed when V8 collects
// the objects that hold them, and glibc then keeps the free memory, trapped between small long-lived
// allocations; the engine's joins leave its GC regions committed the same way. After a garbage
// collection that followed sockets opening or closing (Node), or a quiet spell after them (Deno,
// Bun), the engine gives both back (NativeHeap.cs).
import { PerformanceObserver } from 'node:perf_hooks'
import { getEngine } from './engine.ts'

/**
 * A release walks the whole C heap (25–50 ms with a thousand 1,000-row table pages open, on a pool
 * thread of the engine's, where it holds up only the mallocs that meet it) and collects the engine's
 * heap aggressively (a pause of the engine's calls as long as compacting it takes): it waits until no socket
 * has opened or closed for this long, so that it comes once after a burst of connections.
 */
const QUIET_MS = 2_000
/**
 * Backing stores of the buffers a collection found dead are freed by V8 on a background thread just
 * after it, and collections come in series (V8's memory reducer runs a few): the release waits this
 * long after the last one.
 */
const AFTER_GC_MS = 300

let observer: PerformanceObserver | undefined
/** Whether the runtime reports its collections (Node does; Deno and Bun do not). Undefined: not asked yet. */
let collectionsReported: boolean | undefined
let changed = false
let lastChange = 0
let timer: ReturnType<typeof setTimeout> | undefined

/** Sockets opened or closed: their buffers are freed by a collection to come, after which the free pages go back. */
export function connectionsChanged(): void {
  changed = true
  lastChange = Date.now()
  if (collectionsReported === undefined) {
    const supported = (PerformanceObserver as unknown as { supportedEntryTypes?: readonly string[] }).supportedEntryTypes
    collectionsReported = supported?.includes('gc') === true
    if (collectionsReported) {
      observer = new PerformanceObserver(afterCollection)
      observer.observe({ entryTypes: ['gc'] })
    }
  }
  if (!collectionsReported) releaseWhenQuiet()
}

/**
 * Where collections are not reported, the release comes after a quiet spell alone: the engine's GC
 * regions need no collection of the runtime's, and what malloc got back by then goes back too.
 */
function releaseWhenQuiet(): void {
  if (timer !== undefined) return
  timer = setTimeout(() => {
    timer = undefined
    if (Date.now() - lastChange < QUIET_MS) releaseWhenQuiet()
    else release()
  }, Math.max(0, lastChange + QUIET_MS - Date.now()))
  timer.unref?.()
}

function afterCollection(): void {
  if (!changed || Date.now() - lastChange < QUIET_MS) return
  if (timer !== undefined) clearTimeout(timer)
  timer = setTimeout(release, AFTER_GC_MS)
  timer.unref?.()
}

function release(): void {
  timer = undefined
  // Sockets that came meanwhile wait for the next collection after a quiet spell.
  if (Date.now() - lastChange < QUIET_MS) return
  changed = false
  getEngine().returnFreeNativeMemory()
}
