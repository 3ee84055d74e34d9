// The components of one page (docs/components.md): which are placed where, by number (what the
// engine and the client call them) and by id (what the app and ts-target call them). A render is a
// pass over a view or one component: the components it places are kept, updated or mounted, the
// ones it no longer places are unmounted, and only those that are new or got new props are rendered
// again (the others are sent as references the engine already has). The pass is committed once the
// engine took its tree; a pass that failed leaves every component it touched to be rendered next time.
import type { Logger } from '../session.ts'
import { TARGET_VIEW } from '@livets/client/protocol'
import { componentConnection, type ComponentCall, type ComponentConnection, type LiveComponent, type LiveComponentClass } from './live-component.ts'

/** One placed component. */
export interface ComponentEntry {
  readonly number: number
  readonly id: string
  readonly Class: LiveComponentClass
  readonly instance: LiveComponent<any, any>
  /** The number of the view (0) or component whose render places it. */
  parent: number
  /** The ids its last committed render placed. */
  children: Set<string>
  /** The engine has a render of it (a committed pass rendered it). */
  committed: boolean
  /** Its props changed since its last committed render. */
  stale: boolean
  /** Its state as its checkpoint holds it (JSON), refreshed each time it renders. */
  json: string
}

/** What a checkpoint keeps of each component, by id: its class's name and its state. */
export interface ComponentCheckpoint { c: string; s: unknown }

export class ComponentRegistry {
  private next = 1
  private readonly byId = new Map<string, ComponentEntry>()
  private readonly byNumber = new Map<number, ComponentEntry>()
  /** The view's own children (parent 0). */
  private viewChildren = new Set<string>()
  /** The pass under way: each parent it renders, with the ids placed in it so far. */
  private pass = new Map<number, Set<string>>()
  private rendered: ComponentEntry[] = []
  /** Components another class took the id of during the pass (unmounted at once). */
  private replaced: number[] = []
  /** Render every component (the engine forgot them all: a resync, a restore). */
  renderAll = false
  /** States from a checkpoint for the components the next render mounts (a restore). */
  restored: Record<string, ComponentCheckpoint> | undefined

  constructor(private readonly viewName: string, private readonly connection: ComponentConnection | undefined, private readonly log: Logger) {}

  get size(): number { return this.byNumber.size }
  get(number: number): ComponentEntry | undefined { return this.byNumber.get(number) }
  entries(): IterableIterator<ComponentEntry> { return this.byNumber.values() }

  /** Starts a pass that renders `parent` (0: the view). */
  begin(parent: number): void {
    this.pass.clear()
    this.rendered = []
    const own = this.byNumber.get(parent)
    if (own) this.rendered.push(own)
    this.enter(parent)
  }

  /** The pass now encodes the render of `parent`. */
  enter(parent: number): void { this.pass.set(parent, new Set()) }

  /** `${component(…)}` in the render of `parent`: the entry, and whether its render goes with this tree. */
  place(call: ComponentCall, parent: number): { entry: ComponentEntry; render: boolean } {
    const placed = this.pass.get(parent)!
    if (call.id === '' || call.id.startsWith(TARGET_VIEW[0]))
      throw new Error(`component(${call.Class.name}, { id: '${call.id}' }): an id must be non-empty and not start with '${TARGET_VIEW[0]}'`)
    for (const ids of this.pass.values()) if (ids.has(call.id))
      throw new Error(`two components with id '${call.id}' on the page of ${this.viewName}; give each its own id`)
    placed.add(call.id)
    let entry = this.byId.get(call.id)
    if (entry && entry.Class !== call.Class) {
      this.unmount(entry, this.replaced)
      entry = undefined
    }
    if (!entry) {
      entry = this.mount(call, parent)
    } else {
      entry.parent = parent
      if (!shallowEqual(entry.instance.props, call.props)) {
        entry.instance.props = call.props
        entry.instance.update?.(call.props)
        entry.stale = true
      }
    }
    const render = this.renderAll || !entry.committed || entry.stale
    if (render) {
      this.rendered.push(entry)
      this.enter(entry.number)
    }
    return { entry, render }
  }

  private mount(call: ComponentCall, parent: number): ComponentEntry {
    const instance = new call.Class()
    instance.id = call.id
    instance.props = call.props
    instance[componentConnection] = this.connection
    const result = instance.mount?.(call.props) as unknown
    if (result instanceof Promise) throw new Error(`${call.Class.name}.mount() returned a promise: a component mounts inside its parent's render, so mount(props) must be synchronous (load data in the parent, or in a handler)`)
    const saved = this.restored?.[call.id]
    if (saved && saved.c === call.Class.name) instance.state = saved.s as object
    const entry: ComponentEntry = { number: this.next++, id: call.id, Class: call.Class, instance, parent, children: new Set(), committed: false, stale: false, json: '' }
    this.byId.set(entry.id, entry)
    this.byNumber.set(entry.number, entry)
    return entry
  }

  /**
   * The engine took the pass's tree: what it rendered is shown, what its parents no longer place
   * is unmounted. Returns the numbers of the unmounted components (the engine forgets them).
   */
  commit(): number[] {
    for (const entry of this.rendered) {
      entry.committed = true
      entry.stale = false
      entry.json = JSON.stringify({ c: entry.Class.name, s: entry.instance.state } satisfies ComponentCheckpoint)
    }
    const gone = this.replaced
    this.replaced = []
    for (const [parent, placed] of this.pass) {
      const owner = parent === 0 ? undefined : this.byNumber.get(parent)
      if (parent !== 0 && !owner) continue
      const before = owner ? owner.children : this.viewChildren
      for (const id of before) {
        const child = this.byId.get(id)
        if (child && child.parent === parent && !placed.has(id)) this.unmount(child, gone)
      }
      if (owner) owner.children = placed
      else this.viewChildren = placed
    }
    if (this.pass.has(0)) { this.renderAll = false; this.restored = undefined }
    this.pass.clear()
    this.rendered = []
    return gone
  }

  /** The pass failed before the engine took its tree: what it placed is rendered again next time. */
  abort(): void {
    this.pass.clear()
    this.rendered = []
  }

  /** The components' states, for the session's checkpoint: `"id":{"c":…,"s":…}` pairs joined. */
  checkpointJson(): string {
    let json = ''
    for (const entry of this.byNumber.values()) {
      if (!entry.committed) continue
      json += (json === '' ? '' : ',') + JSON.stringify(entry.id) + ':' + entry.json
    }
    return '{' + json + '}'
  }

  /** A failed step: the states go back to the checkpoint's. */
  rollback(saved: Record<string, ComponentCheckpoint> | undefined): void {
    for (const entry of this.byNumber.values()) {
      const state = saved?.[entry.id]
      if (state && state.c === entry.Class.name) entry.instance.state = state.s as object
    }
  }

  /** The component of `instance`, while it is placed. */
  entryOf(instance: LiveComponent<any, any>): ComponentEntry | undefined {
    const entry = this.byId.get(instance.id)
    return entry?.instance === instance ? entry : undefined
  }

  /** The page ends (or is mounted anew): every component is unmounted. */
  unmountAll(): void {
    for (const entry of [...this.byNumber.values()]) this.unmount(entry)
    this.viewChildren = new Set()
  }

  private unmount(entry: ComponentEntry, gone?: number[]): void {
    if (this.byNumber.get(entry.number) !== entry) return
    for (const id of entry.children) {
      const child = this.byId.get(id)
      if (child && child.parent === entry.number) this.unmount(child, gone)
    }
    this.byNumber.delete(entry.number)
    if (this.byId.get(entry.id) === entry) this.byId.delete(entry.id)
    gone?.push(entry.number)
    entry.instance[componentConnection] = undefined
    try { entry.instance.unmount?.() } catch (error) { this.log.error(`[livets] ${entry.Class.name}#${entry.id}.unmount() threw`, error) }
  }
}

/** Props changed when a key was added, removed, or holds another value (===). */
function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) if (a[key] !== b[key] || !(key in b)) return false
  return true
}
