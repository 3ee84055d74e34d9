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

/**
 * What a page with components keeps: made when its first component is placed, so that a page that
 * never places one (most pages, every idle counter) keeps none of these maps, sets and lists — about
 * a kilobyte per connection (docs/architecture.md, "Memory per connection").
 */
class Placed {
  readonly byId = new Map<string, ComponentEntry>()
  readonly byNumber = new Map<number, ComponentEntry>()
  /** The view's own children (parent 0). */
  viewChildren = new Set<string>()
  /** The pass under way: each parent it renders, with the ids placed in it so far. */
  readonly pass = new Map<number, Set<string>>()
  rendered: ComponentEntry[] = []
  /** Components the pass mounted: a pass that fails unmounts them again (the page never showed them). */
  mounted: ComponentEntry[] = []
  /**
   * Components another class took the id of during the pass. The page shows them until the engine
   * takes the pass's tree, so they stay reachable by number (their events still reach them) and are
   * unmounted at commit; a pass that fails gives them their id back.
   */
  replaced: ComponentEntry[] = []
}

const NONE_GONE: readonly number[] = Object.freeze([])
const NO_ENTRIES: readonly ComponentEntry[] = Object.freeze([])

export class ComponentRegistry {
  private next = 1
  private placed: Placed | undefined
  /** The parent the pass under way renders (0: the view; -1: no pass). */
  private passParent = -1
  /** Render every component (the engine forgot them all: a resync, a restore). */
  renderAll = false
  /** States from a checkpoint for the components the next render mounts (a restore). */
  restored: Record<string, ComponentCheckpoint> | undefined

  constructor(private readonly viewName: string, private readonly connection: ComponentConnection | undefined, private readonly log: Logger) {}

  get size(): number { return this.placed?.byNumber.size ?? 0 }
  /** It never placed a component and holds nothing for the next render: a session need not keep it between renders. */
  get unused(): boolean { return this.next === 1 && this.passParent === -1 && !this.renderAll && this.restored === undefined }
  get(number: number): ComponentEntry | undefined { return this.placed?.byNumber.get(number) }
  entries(): Iterable<ComponentEntry> { return this.placed?.byNumber.values() ?? NO_ENTRIES }

  /** Starts a pass that renders `parent` (0: the view). */
  begin(parent: number): void {
    this.passParent = parent
    const placed = this.placed
    if (!placed) return
    placed.pass.clear()
    placed.rendered = []
    const own = placed.byNumber.get(parent)
    if (own) placed.rendered.push(own)
    placed.pass.set(parent, new Set())
  }

  /** The pass's first component on a page that had none: from now on the page keeps its components' maps. */
  private firstPlaced(): Placed {
    const placed = new Placed()
    if (this.passParent >= 0) placed.pass.set(this.passParent, new Set())
    return this.placed = placed
  }

  /** `${component(…)}` in the render of `parent`: the entry, and whether its render goes with this tree. */
  place(call: ComponentCall, parent: number): { entry: ComponentEntry; render: boolean } {
    const placed = this.placed ?? this.firstPlaced()
    const ids = placed.pass.get(parent)!
    if (call.id === '' || call.id.startsWith(TARGET_VIEW[0]))
      throw new Error(`component(${call.Class.name}, { id: '${call.id}' }): an id must be non-empty and not start with '${TARGET_VIEW[0]}'`)
    for (const other of placed.pass.values()) if (other.has(call.id))
      throw new Error(`two components with id '${call.id}' on the page of ${this.viewName}; give each its own id`)
    ids.add(call.id)
    let entry = placed.byId.get(call.id)
    if (entry && entry.Class !== call.Class) {
      placed.replaced.push(entry)
      placed.byId.delete(entry.id)
      entry = undefined
    }
    if (!entry) {
      entry = this.mount(placed, call, parent)
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
      placed.rendered.push(entry)
      placed.pass.set(entry.number, new Set())
    }
    return { entry, render }
  }

  private mount(placed: Placed, call: ComponentCall, parent: number): ComponentEntry {
    const instance = new call.Class()
    instance.id = call.id
    instance.props = call.props
    instance[componentConnection] = this.connection
    const result = instance.mount?.(call.props) as unknown
    if (result instanceof Promise) throw new Error(`${call.Class.name}.mount() returned a promise: a component mounts inside its parent's render, so mount(props) must be synchronous (load data in the parent, or in a handler)`)
    const saved = this.restored?.[call.id]
    if (saved && saved.c === call.Class.name) instance.state = saved.s as object
    const entry: ComponentEntry = { number: this.next++, id: call.id, Class: call.Class, instance, parent, children: new Set(), committed: false, stale: false, json: '' }
    placed.byId.set(entry.id, entry)
    placed.byNumber.set(entry.number, entry)
    placed.mounted.push(entry)
    return entry
  }

  /**
   * The engine took the pass's tree: what it rendered is shown, what its parents no longer place
   * is unmounted. Returns the numbers of the unmounted components (the engine forgets them).
   */
  commit(): readonly number[] {
    if (this.passParent === 0) { this.renderAll = false; this.restored = undefined }
    this.passParent = -1
    const placed = this.placed
    if (!placed) return NONE_GONE
    for (const entry of placed.rendered) {
      entry.committed = true
      entry.stale = false
      entry.json = JSON.stringify({ c: entry.Class.name, s: entry.instance.state } satisfies ComponentCheckpoint)
    }
    const gone: number[] = []
    for (const entry of placed.replaced) this.unmount(placed, entry, gone)
    placed.replaced = []
    placed.mounted = []
    for (const [parent, ids] of placed.pass) {
      const owner = parent === 0 ? undefined : placed.byNumber.get(parent)
      if (parent !== 0 && !owner) continue
      const before = owner ? owner.children : placed.viewChildren
      for (const id of before) {
        const child = placed.byId.get(id)
        if (child && child.parent === parent && !ids.has(id)) this.unmount(placed, child, gone)
      }
      if (owner) owner.children = ids
      else placed.viewChildren = ids
    }
    placed.pass.clear()
    placed.rendered = []
    return gone
  }

  /**
   * The pass failed before the engine took its tree: the page still shows what it showed. What the
   * pass mounted is unmounted, the components another class replaced get their ids back, and what it
   * placed is rendered again next time.
   */
  abort(): void {
    this.passParent = -1
    const placed = this.placed
    if (!placed) return
    for (const entry of placed.mounted) this.unmount(placed, entry)
    for (const entry of placed.replaced) placed.byId.set(entry.id, entry)
    placed.mounted = []
    placed.replaced = []
    placed.pass.clear()
    placed.rendered = []
  }

  /** The components' states, for the session's checkpoint: `"id":{"c":…,"s":…}` pairs joined. */
  checkpointJson(): string {
    let json = ''
    for (const entry of this.entries()) {
      if (!entry.committed) continue
      json += (json === '' ? '' : ',') + JSON.stringify(entry.id) + ':' + entry.json
    }
    return '{' + json + '}'
  }

  /**
   * A failed step that a journal recorded (the view's state): each component's state goes back to
   * the one its last render committed, which is what the page's checkpoint would have held.
   */
  rollbackToRendered(): void {
    this.rollback(JSON.parse(this.checkpointJson()) as Record<string, ComponentCheckpoint>)
  }

  /** A failed step: the states go back to the checkpoint's. */
  rollback(saved: Record<string, ComponentCheckpoint> | undefined): void {
    for (const entry of this.entries()) {
      const state = saved?.[entry.id]
      if (state && state.c === entry.Class.name) entry.instance.state = state.s as object
    }
  }

  /** The component of `instance`, while it is placed. */
  entryOf(instance: LiveComponent<any, any>): ComponentEntry | undefined {
    const entry = this.placed?.byId.get(instance.id)
    return entry?.instance === instance ? entry : undefined
  }

  /** The page ends (or is mounted anew): every component is unmounted. */
  unmountAll(): void {
    const placed = this.placed
    if (!placed) return
    for (const entry of [...placed.byNumber.values()]) this.unmount(placed, entry)
    placed.viewChildren = new Set()
  }

  private unmount(placed: Placed, entry: ComponentEntry, gone?: number[]): void {
    if (placed.byNumber.get(entry.number) !== entry) return
    for (const id of entry.children) {
      const child = placed.byId.get(id)
      if (child && child.parent === entry.number) this.unmount(placed, child, gone)
    }
    placed.byNumber.delete(entry.number)
    if (placed.byId.get(entry.id) === entry) placed.byId.delete(entry.id)
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
