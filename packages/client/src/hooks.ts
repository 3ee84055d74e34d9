// Hooks for JavaScript libraries (docs/client.md): `ts-hook="Chart"` on an element runs the page's
// `LiveTS.hooks.Chart` for it — mounted once the element is live, beforeUpdate/updated around each
// patch that changes it (or what is inside it), destroyed when it leaves, disconnected/reconnected
// with the live connection. Inside a hook, `this.el` is the element, `this.pushEvent(name, payload)`
// calls a handler its element declares in ts-hook-events and resolves with what the handler
// returned, and `this.handleEvent(name, fn)` hears the view's `this.pushEvent(name, payload)`.
//
// Hooks are looked up by name when their element mounts, from `LiveTS.hooks` on the page's window:
// a script may define `window.LiveTS = { hooks: { … } }` before the client runs, or add
// `LiveTS.hooks.Chart = { … }` after it started, as long as it runs before the page joins.
import { EVENT_HOOK_PREFIX } from './protocol.ts'
import type { PatchObserver } from './patch.ts'
import { takeHookMarkup } from './parts.ts'

/** What a page defines per hook; every callback is optional and runs with the hook as `this`. */
export interface HookDefinition {
  mounted?(this: Hook): void
  beforeUpdate?(this: Hook): void
  updated?(this: Hook): void
  destroyed?(this: Hook): void
  disconnected?(this: Hook): void
  reconnected?(this: Hook): void
  [more: string]: unknown
}

/** A running hook: the definition's callbacks and fields, and what LiveTS gives it. */
export interface Hook extends HookDefinition {
  el: Element
  /** Sends `name` (declared in the element's ts-hook-events) with `payload`; resolves with the handler's return value, rejects with the server's error. */
  pushEvent(name: string, payload?: unknown): Promise<unknown>
  /** Calls `fn` with the payload of each `this.pushEvent(name, payload)` of the view; returns what stops it. */
  handleEvent(name: string, fn: (payload: unknown) => void): () => void
}

/** How hooks reach the server: an EVENT named `ts-hook:<name>` whose answer (REPLY_DATA, REPLY or ERROR) settles the promise. */
export type PushHookEvent = (name: string, payload: unknown) => Promise<unknown>

const HOOK_SELECTOR = `[${EVENT_HOOK_PREFIX}]`

export class Hooks implements PatchObserver {
  private readonly live = new Map<Element, Hook>()
  private readonly listeners = new Map<string, Set<{ hook: Hook; fn: (payload: unknown) => void }>>()
  /** Hooks a patch is changing (beforeUpdate called), for their updated() once it is in. */
  private readonly updating = new Set<Hook>()
  private connected = false
  private readonly warned = new Set<string>()

  constructor(private readonly root: Element, private readonly push: PushHookEvent) {}

  /** The live connection joined (or came back): hooks start, or hear they are reconnected. */
  joined(): void {
    const again = !this.connected && this.live.size > 0
    this.connected = true
    takeHookMarkup()
    this.reconcile(true)
    if (again) for (const hook of this.live.values()) this.call(hook, 'reconnected')
  }

  /** The live connection dropped. */
  disconnected(): void {
    if (!this.connected) return
    this.connected = false
    for (const hook of this.live.values()) this.call(hook, 'disconnected')
  }

  // PatchObserver: a patch is about to change `node` (or what is inside it).
  touching(node: Node): void {
    if (this.live.size === 0) return
    for (let at: Node | null = node; at && at !== this.root.parentNode; at = at.parentNode) {
      const hook = this.live.get(at as Element)
      if (hook && !this.updating.has(hook)) {
        this.updating.add(hook)
        this.call(hook, 'beforeUpdate')
      }
    }
  }

  patched(): void {
    for (const hook of this.updating) if (hook.el.isConnected) this.call(hook, 'updated')
    this.updating.clear()
    const arrived = takeHookMarkup()
    if (this.connected && (arrived || this.live.size > 0)) this.reconcile(arrived)
  }

  /** The view's `this.pushEvent(name, payload)`: every hook listening for `name` hears it. */
  hookEvent(name: string, payload: unknown): void {
    for (const { hook, fn } of this.listeners.get(name) ?? []) {
      try { fn.call(hook, payload) } catch (error) { console.error(`LiveTS: a handleEvent('${name}') of hook ${this.nameOf(hook)} threw`, error) }
    }
  }

  /** Elements that left (or lost their ts-hook) are destroyed; new ones are mounted (looked for when `look`: markup with hooks arrived). */
  private reconcile(look: boolean): void {
    for (const [element, hook] of this.live) {
      if (element.isConnected && this.root.contains(element) && element.getAttribute(EVENT_HOOK_PREFIX) === this.nameOf(hook)) continue
      this.live.delete(element)
      for (const set of this.listeners.values()) for (const entry of set) if (entry.hook === hook) set.delete(entry)
      this.call(hook, 'destroyed')
    }
    if (!look) return
    const found = Array.from(this.root.querySelectorAll(HOOK_SELECTOR))
    if (this.root.matches(HOOK_SELECTOR)) found.unshift(this.root)
    for (const element of found) if (!this.live.has(element)) this.mount(element)
  }

  private mount(element: Element): void {
    const name = element.getAttribute(EVENT_HOOK_PREFIX) ?? ''
    const definition = registry()[name]
    if (!definition) {
      if (!this.warned.has(name)) {
        this.warned.add(name)
        console.error(`LiveTS: no hook '${name}' (ts-hook="${name}"): define LiveTS.hooks.${name} = { mounted() { … } } in a script that runs before the page joins`)
      }
      return
    }
    const hook: Hook = Object.assign(Object.create(definition) as Hook, {
      el: element,
      pushEvent: (event: string, payload?: unknown) => this.push(event, payload ?? {}),
      handleEvent: (event: string, fn: (payload: unknown) => void) => {
        const set = this.listeners.get(event) ?? new Set()
        this.listeners.set(event, set)
        const entry = { hook, fn }
        set.add(entry)
        return () => { set.delete(entry) }
      },
    })
    names.set(hook, name)
    this.live.set(element, hook)
    this.call(hook, 'mounted')
  }

  private nameOf(hook: Hook): string { return names.get(hook) ?? '' }

  private call(hook: Hook, callback: 'mounted' | 'beforeUpdate' | 'updated' | 'destroyed' | 'disconnected' | 'reconnected'): void {
    const fn = hook[callback]
    if (typeof fn !== 'function') return
    // One hook's mistake is reported and does not stop the page or the other hooks.
    try { fn.call(hook) } catch (error) { console.error(`LiveTS: hook ${this.nameOf(hook)}.${callback}() threw`, error) }
  }
}

/** The name each hook was mounted under (what its element's ts-hook must still say). */
const names = new WeakMap<Hook, string>()

/** The page's hooks: `LiveTS.hooks` on the window of the document the client runs in. */
function registry(): Record<string, HookDefinition | undefined> {
  const window = (typeof document !== 'undefined' ? document.defaultView : undefined) as { LiveTS?: { hooks?: Record<string, HookDefinition> } } | null | undefined
  return window?.LiveTS?.hooks ?? {}
}
