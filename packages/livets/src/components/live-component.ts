// Stateful components (docs/components.md): a part of a page with its own state, handlers and
// render, placed by its parent with `${component(Card, { id: 'card-7', ...props })}`. An event inside
// it goes to it, and re-renders only it: bytes and server time for the component, not the page.
import type { TemplateResult } from '../html.ts'
import type { EventPayload } from '../live-view.ts'
import { Streams, type StreamInsertOptions, type StreamOptions, type StreamView } from '../streams.ts'

/** What the session gives a placed component: renders of its own, and its parent's ear. */
export interface ComponentConnection {
  componentChanged(component: LiveComponent<any, any>): void
  sendParent(component: LiveComponent<any, any>, message: unknown): void
}

/** Set by the session once the component is placed on a live page; absent during the static render. */
export const componentConnection = Symbol('livets.componentConnection')
/** The component's streams (streams.ts), made by its first stream(). */
export const componentStreams = Symbol('livets.componentStreams')

/** Names a client event may never call on a component, whatever the markup says. */
export const RESERVED_COMPONENT_NAMES: ReadonlySet<string> = new Set([
  'constructor', 'mount', 'update', 'render', 'setState', 'handleEvent', 'handleInfo', 'unmount', 'state', 'props', 'id',
  'sendParent', 'stream', 'streamInsert', 'streamDelete', 'streams',
])

export abstract class LiveComponent<Props extends object = Record<string, unknown>, State extends object = Record<string, unknown>> {
  /** The id its parent gave it: unique on the page, what `ts-target` names. */
  id = ''
  /** The props of the parent's last render. */
  props = {} as Props
  /** The component's state. Set it in mount(); mutate it in handlers. */
  state = {} as State

  /** @internal */
  [componentConnection]?: ComponentConnection
  /** @internal */
  [componentStreams]?: Streams

  /** Runs once, when the component first appears in its parent's render (synchronously: it runs inside that render). */
  mount?(props: Props): void

  /** Runs when the parent renders it with props that differ (shallowly) from the last ones; `this.props` already holds them. */
  update?(props: Props): void

  /** The component's markup: one root element (it carries the component's number and id). */
  abstract render(): TemplateResult

  /** Called for an event whose name has no method of that name on the component. */
  handleEvent?(name: string, payload: EventPayload): void | Promise<void>

  /** Called with what a component placed inside this one sent with sendParent(). */
  handleInfo?(message: any): void | Promise<void>

  /** Called when the component leaves its parent's render, or the page ends. */
  unmount?(): void

  /** Merges `partial` into the state; outside a handler it schedules a render of this component alone. */
  setState(partial: Partial<State>): void {
    Object.assign(this.state, partial)
    this[componentConnection]?.componentChanged(this)
  }

  /** Hands `message` to the parent (the view, or the component this one is placed in): its handleInfo(message) runs, then its render. */
  sendParent(message: unknown): void {
    this[componentConnection]?.sendParent(this, message)
  }

  /** Streams `items` into the stream `name` (docs/components.md, "Streams"). */
  stream(name: string, items: Iterable<unknown>, options?: StreamOptions): void {
    (this[componentStreams] ??= new Streams()).stream(this.label, name, items, options)
    this[componentConnection]?.componentChanged(this)
  }

  streamInsert(name: string, item: unknown, options?: StreamInsertOptions): void {
    (this[componentStreams] ??= new Streams()).insert(this.label, name, item, options)
    this[componentConnection]?.componentChanged(this)
  }

  streamDelete(name: string, itemOrKey: unknown): void {
    (this[componentStreams] ??= new Streams()).delete(this.label, name, itemOrKey)
    this[componentConnection]?.componentChanged(this)
  }

  /** The streams by name, for the render: `${this.streams.rows.map((row) => html`<li ts-key=${row.id}>…`)}`. */
  get streams(): Record<string, StreamView<any>> { return (this[componentStreams] ??= new Streams()).views(this.label) }

  private get label(): string { return `${this.constructor.name}#${this.id}` }
}

export type LiveComponentClass<Props extends object = any> = new () => LiveComponent<Props, any>

/** What `component(Card, { id, ...props })` puts in a template: the parent's render places it there. */
export class ComponentCall {
  constructor(readonly Class: LiveComponentClass, readonly id: string, readonly props: Record<string, unknown>) {}
}

/**
 * Places a stateful component in a template. `id` names it on the page (unique there, and what
 * `ts-target` names); the other props go to its mount(props) and, when they change, update(props).
 */
export function component<Props extends object>(Class: new () => LiveComponent<Props, any>, props: Props & { id: string }): ComponentCall {
  if (typeof Class !== 'function' || !(Class.prototype instanceof LiveComponent))
    throw new TypeError('component(Class, props): Class must extend LiveComponent')
  const { id, ...rest } = props as { id: unknown }
  if (typeof id !== 'string' && typeof id !== 'number') throw new TypeError(`component(${Class.name}, props): props.id must be a string, like 'card-7'`)
  return new ComponentCall(Class as LiveComponentClass, String(id), rest as Record<string, unknown>)
}
