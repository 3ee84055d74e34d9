// The browser client (packages/client/src) reads browser globals — `document`, `MutationObserver`,
// `FormData`, `HTMLInputElement`… — as a script in a page does. livets/testing runs that same code
// in Node against happy-dom windows, several at once (two views hearing one broadcast), so the
// globals must be those of the window whose code is running.
//
// Each such name is defined once on Node's globalThis as a getter that reads from the window in
// scope; `inWindow(window, fn)` puts a window in scope while the client's code runs for it (a frame
// arrives, a DOM event is dispatched). Outside, the getters give Node's own value (FormData, Event,
// console) or undefined, so server code in the same process does not see a browser.
//
// The client's timers (heartbeat, acknowledgements, debounce) are Node timers that do not keep
// the process alive: a test that forgets close() does not hang its test file.
import type { Window } from 'happy-dom'

/**
 * Names Node has too, whose browser version the client needs: FormData reads a happy-dom form,
 * DOM events are the window's, and console goes to the page's console (the test collects it).
 */
const SHARED_NAMES = ['FormData', 'Event', 'EventTarget', 'CustomEvent', 'console'] as const
/** Names never taken from a window: Node's own machinery, and the JavaScript built-ins. */
const NEVER = new Set(['globalThis', 'global', 'window', 'self', 'process', 'Buffer', 'setTimeout', 'clearTimeout',
  'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'constructor'])

let current: Window | null = null
let installed = false

/**
 * Node's timer functions for the page in scope: its timers do not keep the process alive, and their
 * callbacks run with that page's globals in scope again (a debounced send reads HTMLFormElement).
 */
const { setTimeout: nodeSetTimeout, setInterval: nodeSetInterval } = globalThis
const inPage = (callback: unknown): ((...args: unknown[]) => unknown) => {
  const page = current
  return typeof callback !== 'function' || !page ? callback as (...args: unknown[]) => unknown
    : (...args: unknown[]) => inWindow(page, () => (callback as (...a: unknown[]) => unknown)(...args))
}
const pageTimers: Record<string, unknown> = {
  setTimeout: (callback: unknown, ms?: number, ...args: unknown[]) => nodeSetTimeout(inPage(callback), ms, ...args).unref(),
  setInterval: (callback: unknown, ms?: number, ...args: unknown[]) => nodeSetInterval(inPage(callback), ms, ...args).unref(),
}

/** Every property name of `window` and its prototypes. */
function namesOf(window: Window): Set<string> {
  const names = new Set<string>()
  for (let object: object | null = window; object && object !== Object.prototype; object = Object.getPrototypeOf(object))
    for (const name of Object.getOwnPropertyNames(object)) names.add(name)
  return names
}

function install(window: Window): void {
  installed = true
  const node = globalThis as unknown as Record<string, unknown>
  const browserOnly = [...namesOf(window)].filter((name) => !(name in node) && !NEVER.has(name) && !name.startsWith('on'))
  // `window` itself is browser-only too, but NEVER holds it for the loop above: it is defined here.
  for (const name of [...browserOnly, 'window']) {
    Object.defineProperty(node, name, {
      configurable: true,
      get: () => (current ? (current as unknown as Record<string, unknown>)[name] : undefined),
    })
  }
  const scoped: Array<[string, (window: Window) => unknown]> = [
    ...SHARED_NAMES.map((name): [string, (window: Window) => unknown] => [name, (window) => (window as unknown as Record<string, unknown>)[name]]),
    ...Object.keys(pageTimers).map((name): [string, () => unknown] => [name, () => pageTimers[name]]),
  ]
  for (const [name, inScope] of scoped) {
    let own = node[name]
    Object.defineProperty(node, name, {
      configurable: true,
      get: () => (current ? inScope(current) : own),
      // Node's value may be replaced (a test framework's console): it stays Node's, outside pages.
      set: (value) => { own = value },
    })
  }
}

/** Runs `fn` with `window`'s globals in scope (nested calls put the outer window back). */
export function inWindow<T>(window: Window, fn: () => T): T {
  if (!installed) install(window)
  const outer = current
  current = window
  try {
    return fn()
  } finally {
    current = outer
  }
}
