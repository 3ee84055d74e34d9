// Memory the C heap keeps after connections come and go, given back to the OS (docs/architecture.md,
// "Memory per connection"). A page load and a join pass large short-lived buffers through malloc
// (socket reads of 64 KiB, response bodies, frames); they are freed when V8 collects the objects
// that hold them, and glibc then keeps the free memory, trapped between small long-lived
// allocations. After a garbage collection that followed sockets opening or closing, the engine asks
// malloc to give its free pages back (NativeHeap.cs); where the C library has no way to, it stops asking.
import { PerformanceObserver } from 'node:perf_hooks'
import { getEngine } from './engine.ts'

/**
 * A release walks the whole C heap (25–50 ms with a thousand 1,000-row table pages open, on a pool
 * thread of the engine's, where it holds up only the mallocs that meet it): it waits until no socket
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
let changed = false
let unavailable = false
let lastChange = 0
let timer: ReturnType<typeof setTimeout> | undefined

/** Sockets opened or closed: their buffers are freed by a collection to come, after which the free pages go back. */
export function connectionsChanged(): void {
  changed = true
  lastChange = Date.now()
  if (observer !== undefined || unavailable) return
  // Node reports each collection; runtimes that do not (Deno) keep what malloc keeps.
  const supported = (PerformanceObserver as unknown as { supportedEntryTypes?: readonly string[] }).supportedEntryTypes
  if (!supported?.includes('gc')) { unavailable = true; return }
  observer = new PerformanceObserver(afterCollection)
  observer.observe({ entryTypes: ['gc'] })
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
  if (getEngine().returnFreeNativeMemory() === 1) return
  unavailable = true
  observer?.disconnect()
}
