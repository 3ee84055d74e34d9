// Streams (docs/components.md, "Streams"): items a view (or a component) hands to the page once and
// then forgets. `this.stream(name, items, …)`, `streamInsert` and `streamDelete` queue operations;
// the next render writes them (`${this.streams.name.map((item) => html`<li ts-key=${item.id}>…`)}`)
// and drops them, in the view and in the engine alike. The page keeps the items: a chat of 100,000
// messages costs the server nothing per message.
import type { TemplateResult } from './html.ts'

/** Where an insert puts its item: -1 (the default) at the end, 0 at the start, n before the item at n. */
export interface StreamInsertOptions {
  at?: number
  /** Keep at most this many items on the page, trimming from the other end. */
  limit?: number
}

export interface StreamOptions extends StreamInsertOptions {
  /** Empty the stream on the page first (a new search, a reload of the list). */
  reset?: boolean
}

/** A stream item: identified by its `id`, which its template's ts-key must show. */
export type StreamItem = { id: string | number } | Record<string, unknown>

export type StreamOp =
  | { kind: 'reset' }
  | { kind: 'delete'; key: string }
  | { kind: 'insert'; item: unknown; at: number; limit: number }

/** A stream's operations with their items rendered: what a template interpolates. */
export class StreamResult {
  constructor(readonly ops: ReadonlyArray<StreamOp & { rendered?: TemplateResult }>, private readonly written: () => void) {}
  /** The render was sent: the operations (and their items) are forgotten. */
  done(): void { this.written() }
}

/** What a template reads as `this.streams.name`. */
export interface StreamView<T> {
  /** Renders the items this render sends (each with a ts-key: its identity in the stream). */
  map(render: (item: T) => TemplateResult): StreamResult
}

/** The streams of one view or component: the names it declared and the operations not yet rendered. */
export class Streams {
  private readonly pending = new Map<string, StreamOp[]>()
  private readonly names = new Set<string>()
  private proxy: Record<string, StreamView<any>> | undefined

  get any(): boolean { return this.names.size > 0 }

  stream(owner: string, name: string, items: Iterable<unknown>, options: StreamOptions = {}): void {
    if (typeof name !== 'string' || name === '') throw new Error(`${owner}.stream(name, …): name a stream with a non-empty string`)
    this.names.add(name)
    const ops = this.ops(name)
    if (options.reset) ops.push({ kind: 'reset' })
    const { at, limit } = checkedPlace(`${owner}.stream('${name}', …)`, options)
    for (const item of items) ops.push({ kind: 'insert', item, at, limit })
  }

  insert(owner: string, name: string, item: unknown, options: StreamInsertOptions = {}): void {
    this.known(`${owner}.streamInsert`, name)
    const { at, limit } = checkedPlace(`${owner}.streamInsert('${name}', …)`, options)
    this.ops(name).push({ kind: 'insert', item, at, limit })
  }

  delete(owner: string, name: string, itemOrKey: unknown): void {
    this.known(`${owner}.streamDelete`, name)
    this.ops(name).push({ kind: 'delete', key: streamKey(`${owner}.streamDelete('${name}', …)`, itemOrKey) })
  }

  /** `this.streams`: the declared streams by name; any other name is a clear error. */
  views(owner: string): Record<string, StreamView<any>> {
    return this.proxy ??= new Proxy({}, {
      get: (_, name) => {
        if (typeof name !== 'string' || !this.names.has(name)) {
          if (typeof name !== 'string' || name === 'then' || name === 'toJSON') return undefined
          throw new Error(`${owner}: this.streams.${name} is not a stream; call this.stream('${name}', items) in mount() first`)
        }
        return { map: (render: (item: unknown) => TemplateResult) => this.rendered(name, render) }
      },
      has: (_, name) => typeof name === 'string' && this.names.has(name),
      ownKeys: () => [...this.names],
      getOwnPropertyDescriptor: (_, name) => typeof name === 'string' && this.names.has(name) ? { enumerable: true, configurable: true } : undefined,
    })
  }

  private rendered(name: string, render: (item: unknown) => TemplateResult): StreamResult {
    const ops = this.pending.get(name) ?? []
    return new StreamResult(ops.map((op) => op.kind === 'insert' ? { ...op, rendered: render(op.item) } : op), () => {
      // Only what this render wrote goes: operations queued since (by a later step) stay.
      const now = this.pending.get(name)
      if (now === ops) this.pending.delete(name)
      else if (now) now.splice(0, ops.length)
    })
  }

  private ops(name: string): StreamOp[] {
    let ops = this.pending.get(name)
    if (!ops) this.pending.set(name, (ops = []))
    return ops
  }

  private known(what: string, name: string): void {
    if (!this.names.has(name)) throw new Error(`${what}('${name}', …): no stream of that name; call this.stream('${name}', items) in mount() first`)
  }
}

/** An item's key in its stream: its `id` (what its template's ts-key shows), or the key itself. */
export function streamKey(what: string, itemOrKey: unknown): string {
  if (typeof itemOrKey === 'string' || typeof itemOrKey === 'number') return String(itemOrKey)
  const id = (itemOrKey as { id?: unknown } | null)?.id
  if (typeof id === 'string' || typeof id === 'number') return String(id)
  throw new Error(`${what}: pass the item (with an id) or its key`)
}

function checkedPlace(what: string, { at = -1, limit }: StreamInsertOptions): { at: number; limit: number } {
  if (!Number.isInteger(at) || at < -1) throw new Error(`${what}: at must be -1 (the end), 0 (the start) or an index, not ${at}`)
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`${what}: limit must be a whole number of items, 1 or more, not ${limit}`)
  return { at, limit: limit ?? 0 }
}
