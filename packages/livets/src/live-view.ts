// The base class of every view. State lives on the server; handlers named in ts-on:* attributes
// change it; a render follows every handled event (docs/design.md §4).
import type { Renderable } from './html.ts'
import { broadcast } from './pubsub.ts'
import { flashStore, type Flash } from './flash.ts'
import { Uploads, type Upload, type UploadEntry, type UploadOptions } from './uploads/uploads.ts'
import type { PresenceDiff } from './presence/presence.ts'
import { Streams, type StreamInsertOptions, type StreamOptions, type StreamView } from './streams.ts'

/** What mount() is told about the request that shows the view. */
export interface MountContext {
  /** Route parameters (`/users/:id` → { id }). */
  params: Record<string, string>
  /** The URL's query parameters, first value of each. */
  query: Record<string, string>
  /** false for the first, static HTTP render; true once the live connection has joined. */
  connected: boolean
  /**
   * true when the view is mounted again to continue a session this process did not hold (after a
   * restart, or on another node): once mount() returns, the state is replaced by the session's
   * last checkpoint. Subscribe and start timers as usual; skip work whose result the state holds.
   */
  restored: boolean
  /**
   * Who is asking, as your app decided at the page's GET (`live(View, { session: (c) => … })`),
   * signed into the page's token: on the live connection it comes from the token, never from
   * the client. Authorize in mount() and in handlers from it (docs/security.md).
   */
  session: Readonly<Record<string, unknown>>
}

/** An event's payload: ts-value-* for clicks, { value } for input/change, form fields for submit, { key, value } for keys. */
export type EventPayload = Record<string, string>

/** How a URL change goes into history: a new entry (the default), or in place of the current one. */
export interface NavigateOptions { replace?: boolean }

/** What the framework gives a connected view: renders outside events, its subscriptions, navigation and the page's client. */
export interface ViewConnection {
  requestRender(): void
  subscribe(topic: string): void
  unsubscribe(topic: string): void
  track(topic: string, key: string, meta: object): void
  untrack(topic: string, key: string): void
  goTo(url: string, how: 'patch' | 'navigate' | 'redirect', options: NavigateOptions): void
  exec(commands: string): void
  pushEvent(name: string, payload: unknown): void
}

/** Set by the framework once the live connection joined; absent during the static render. */
export const viewConnection = Symbol('livets.viewConnection')

/** The view's uploads (uploads/uploads.ts), made by its first allowUpload(). */
export const viewUploads = Symbol('livets.uploads')

/** The view's streams (streams.ts), made by its first stream(). */
export const viewStreams = Symbol('livets.streams')

/** Names a client event may never call, whatever the markup says. */
export const RESERVED_HANDLER_NAMES: ReadonlySet<string> = new Set([
  'constructor', 'mount', 'render', 'setState', 'handleEvent', 'handleInfo', 'updated', 'unmount', 'state',
  'subscribe', 'unsubscribe', 'broadcast', 'snapshot', 'restore', 'track', 'untrack', 'handlePresence',
  'flash', 'flashes', 'allowUpload', 'uploads', 'consumeUploads', 'cancelUpload',
  'stream', 'streamInsert', 'streamDelete', 'streams',
  'handleParams', 'pushPatch', 'navigate', 'redirect', 'exec', 'pushEvent',
])

/** LiveView's own methods that templates call as handlers: flashGroup()'s `ts-on:click="clearFlash"`. */
export const BUILT_IN_HANDLERS: ReadonlySet<string> = new Set(['clearFlash'])

export abstract class LiveView<State extends object = Record<string, unknown>> {
  /**
   * Whether sessions of this view are checkpointed after each event (docs/scaling.md): the state a
   * failed handler rolls back to, and what a restarted or another process restores. Set it to false
   * for state that cannot survive JSON; a failed handler then remounts the view.
   */
  static persist = true

  /** The view's state. Set it in mount(); mutate it in handlers. */
  state = {} as State

  /** @internal */
  [viewConnection]?: ViewConnection

  /** @internal The session's flash messages (flash.ts); the view only points at them. */
  [flashStore]: Flash = {};

  // Declared, not fields: a view without uploads or streams keeps no slot for them (an idle view is small).
  /** @internal */
  declare [viewUploads]?: Uploads

  /** @internal */
  declare [viewStreams]?: Streams

  /** Sets up state. Runs twice per page: for the static render, then once the live connection joins. */
  mount?(ctx: MountContext): void | Promise<void>

  abstract render(): Renderable

  /**
   * Called with the URL's route params, query and the URL itself: after mount() on every render of
   * the page (the static one and the live one), and again for each live patch to another URL of
   * the same view (`ts-patch`, pushPatch, back and forward). Read the URL here so that a deep link
   * and a live patch render the same thing (docs/navigation.md).
   */
  handleParams?(params: Record<string, string>, query: Record<string, string>, url: URL): void | Promise<void>

  /** Called for an event whose name has no method of that name on the view. */
  handleEvent?(name: string, payload: EventPayload): void | Promise<void>

  /** Called with each message broadcast on a topic this view subscribed to; a render follows. */
  handleInfo?(message: any): void | Promise<void>

  /**
   * Called with who joined and who left a topic this view subscribed to (docs/scaling.md,
   * "Presence"); a render follows. `syncPresence(list, diff)` applies it to a list kept in the state.
   */
  handlePresence?(diff: PresenceDiff<any>): void | Promise<void>

  /** Called after each live render was sent. */
  updated?(): void

  /** Called when the live connection ends. Release timers and subscriptions here. */
  unmount?(): void

  /**
   * What to checkpoint instead of the whole state (docs/scaling.md). Must survive JSON. Set
   * `static persist = false` on the class to keep no checkpoint at all.
   */
  snapshot?(): unknown

  /** Puts back what snapshot() returned, after mount() ran with ctx.restored (and when a failed handler rolls back). */
  restore?(data: unknown): void

  /**
   * Merges `partial` into the state. Inside a handler the render after the handler shows it;
   * outside one (a timer, a callback) it schedules a render of its own.
   */
  setState(partial: Partial<State>): void {
    Object.assign(this.state, partial)
    this[viewConnection]?.requestRender()
  }

  /**
   * Hears every message broadcast on `topic` (in handleInfo) until unsubscribe() or the connection
   * ends. Call it from mount(): during the static render there is no connection, so it does nothing.
   */
  subscribe(topic: string): void {
    this[viewConnection]?.subscribe(topic)
  }

  unsubscribe(topic: string): void {
    this[viewConnection]?.unsubscribe(topic)
  }

  /**
   * Shows a flash message of `kind` ('info', 'error', or any other word) until the user clicks it
   * away (clearFlash) — also on the next view of the session and after a reload (docs/forms.md).
   */
  flash(kind: string, message: string): void {
    this[flashStore][kind] = message
    this[viewConnection]?.requestRender()
  }

  /** The flash messages by kind, for the render (or use flashGroup(this)). */
  get flashes(): Readonly<Flash> { return this[flashStore] }

  /** Clears the flash of `kind` (all of them without one). Also the handler of `ts-on:click="clearFlash" ts-value-kind="info"`. */
  clearFlash(kind?: string | { kind?: string }): void {
    const which = typeof kind === 'object' ? kind.kind : kind
    for (const key of Object.keys(this[flashStore])) if (which === undefined || which === '' || key === which) delete this[flashStore][key]
    this[viewConnection]?.requestRender()
  }

  /**
   * Lets the page upload files under `name` (`<input type="file" ts-upload="name">`). Call it in
   * mount(). Files are checked against the options before a byte is sent (docs/forms.md, "Uploads").
   */
  allowUpload(name: string, options: UploadOptions = {}): void {
    (this[viewUploads] ??= new Uploads()).allow(name, options)
  }

  /** The uploads allowed, by name, with their entries (name, size, progress, errors): `this.uploads.avatar.entries`. */
  get uploads(): Readonly<Record<string, Upload>> { return this[viewUploads]?.view() ?? {} }

  /**
   * Hands each completed file of upload `name` to `consume` with the path of its temporary file,
   * then removes the entry and deletes the file (move or copy it in `consume` to keep it).
   */
  consumeUploads<T>(name: string, consume: (entry: UploadEntry, path: string) => T | Promise<T>): Promise<T[]> {
    if (!this[viewUploads]) throw new Error(`consumeUploads('${name}', …): no upload of that name; call this.allowUpload('${name}', …) in mount()`)
    return this[viewUploads].consume(name, consume)
  }

  /** Removes the entry `ref` of upload `name`: its transfer stops and what arrived of it is deleted. */
  cancelUpload(name: string, ref: string): Promise<void> {
    if (!this[viewUploads]) throw new Error(`cancelUpload('${name}', …): no upload of that name; call this.allowUpload('${name}', …) in mount()`)
    return this[viewUploads].cancel(name, ref)
  }

  /**
   * Streams `items` into the stream `name` (docs/components.md, "Streams"): the next render sends
   * them, then the server forgets them; the page keeps them. Items are identified by their `id`
   * (the ts-key of their template). `at` -1 (the end, the default), 0 (the start) or an index;
   * `limit` keeps at most that many on the page, trimming from the other end; `reset` empties it first.
   */
  stream(name: string, items: Iterable<unknown>, options?: StreamOptions): void {
    (this[viewStreams] ??= new Streams()).stream(this.constructor.name, name, items, options)
    this[viewConnection]?.requestRender()
  }

  /** Inserts (or, when its key is on the page, replaces) one item of the stream `name`. */
  streamInsert(name: string, item: unknown, options?: StreamInsertOptions): void {
    (this[viewStreams] ??= new Streams()).insert(this.constructor.name, name, item, options)
    this[viewConnection]?.requestRender()
  }

  /** Removes an item (or the item with that key) from the stream `name` on the page. */
  streamDelete(name: string, itemOrKey: unknown): void {
    (this[viewStreams] ??= new Streams()).delete(this.constructor.name, name, itemOrKey)
    this[viewConnection]?.requestRender()
  }

  /** The streams by name, for the render: `${this.streams.messages.map((m) => html`<li ts-key=${m.id}>…`)}`. */
  get streams(): Record<string, StreamView<any>> { return (this[viewStreams] ??= new Streams()).views(this.constructor.name) }

  /**
   * Sends `message` to every view subscribed to `topic`, this one included: in this process and,
   * with Redis, in every other. Returns how many it reached in this process.
   */
  broadcast(topic: string, message: unknown): number {
    return broadcast(topic, message)
  }

  /**
   * This session is on `topic` as `key` (a user id) with `meta` (plain data, e.g. { name }), until
   * untrack() or the session ends; the topic's subscribers hear it in handlePresence. Tracking the
   * same key again replaces the meta; one user in two tabs is one key with two metas. Call it from
   * mount(): during the static render there is no session, so it does nothing.
   */
  track(topic: string, key: string, meta: object = {}): void {
    this[viewConnection]?.track(topic, key, meta)
  }

  untrack(topic: string, key: string): void {
    this[viewConnection]?.untrack(topic, key)
  }

  /**
   * Changes the page's URL to `url` (a path of this app) and, when the same view serves it, runs
   * handleParams for it — no new mount, only the difference is sent. A URL another live view
   * serves mounts that view; one no live route serves is loaded in full (docs/navigation.md).
   * Inside a handler it happens before the handler's render.
   */
  pushPatch(url: string, options: NavigateOptions = {}): void {
    this[viewConnection]?.goTo(url, 'patch', options)
  }

  /** Mounts the view the app routes `url` to, over the same connection (no page load); this view is unmounted. */
  navigate(url: string, options: NavigateOptions = {}): void {
    this[viewConnection]?.goTo(url, 'navigate', options)
  }

  /** A full page load of `url` (any route, or an http(s) URL elsewhere); the session's flash messages go along. */
  redirect(url: string): void {
    this[viewConnection]?.goTo(url, 'redirect', {})
  }

  /**
   * Runs client commands in the page (the ts-js grammar: `this.exec("show('#menu')")`, docs/client.md),
   * after this handler's render. A command without a target acts on the view's root element.
   */
  exec(commands: string): void {
    this[viewConnection]?.exec(commands)
  }

  /** Sends `payload` (JSON data) to the page's hooks that listen for `name` with this.handleEvent(name, fn), after the render. */
  pushEvent(name: string, payload: unknown = {}): void {
    this[viewConnection]?.pushEvent(name, payload)
  }
}

export type LiveViewClass = new () => LiveView<any>
