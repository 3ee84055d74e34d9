// A full garbage collection on whichever runtime runs the server, before a memory reading:
// Node and Deno with V8's gc() (--expose-gc, or --v8-flags=--expose-gc), Bun with Bun.gc(true).
declare const Bun: { gc(force: boolean): void } | undefined

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) gc()
  else if (typeof Bun !== 'undefined') Bun.gc(true)
}
