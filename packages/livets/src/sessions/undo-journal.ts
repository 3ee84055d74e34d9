// What a step changed in a view's state, so that a failed step rolls back without a copy of the
// whole state made before it (docs/scaling.md, "Checkpoints"). While a step's code runs, the view's
// `this.state` and the arrays and objects holding objects read from it are proxies of this
// journal; the first write to one keeps a shallow copy of it. A flat object (its values all
// primitives, as a list's rows often are) is handed out as it is, with a shallow copy made when it
// is read: that copy is all there is to put back, and it costs less than a proxy and the entry
// that makes it the same proxy next time. A rollback puts the copies back in place. A step that
// changes one item of a 10,000-item list then costs a copy of the list's array and of that item,
// not the JSON of all 10,000 items.
//
// What the proxies keep out of the state and out of sight:
// - The state holds raw objects only: a value written through a proxy is stored raw, and at the
//   end of the step the new objects the step stored are searched for proxies it placed in them
//   (`[...items]` made from a proxy holds proxies), as are the view's own fields and the flat
//   objects it was handed.
// - Array methods that write (push, splice, sort…) run once on the raw array after one copy of
//   it, not element by element through the proxy; indexOf/includes/lastIndexOf find an item
//   whether they are given what the step read or the raw object; forEach/map/filter/find…,
//   slice and iteration loop over the raw array and hand out the items as a read would.
// - A step gets one proxy per object (the same object read twice is the same).
// - Maps, Sets and Dates are handed out raw, copied when first read (JSON, which checkpoints
//   use, does not carry them; a rollback still puts their contents back). Other objects (class
//   instances, frozen objects…) are handed out raw and not recorded: state must be plain data.
// A write through a reference kept outside the state (a view field set in mount()) bypasses the
// journal and is not rolled back.

/** Reading this key from a journal's proxy gives its raw object. */
const RAW = Symbol('livets.raw')

/** The raw object behind a proxy of any journal; anything else as it is. */
export function toRaw<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  return ((value as Record<symbol, unknown>)[RAW] as T | undefined) ?? value
}

/**
 * The array methods a journal runs itself on the raw array: writes (after one copy of the array),
 * searches (given an item's proxy or its object), loops (the callback gets the items' proxies),
 * copies (what they return holds the items' proxies), and reads of the array as a whole.
 */
type ArrayMethodKind = 'write' | 'search' | 'loop' | 'reduce' | 'copy' | 'iterate' | 'read'
const ARRAY_METHOD_KINDS = new Map<string | symbol, ArrayMethodKind>([
  ...['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin'].map((name) => [name, 'write'] as const),
  ...['indexOf', 'includes', 'lastIndexOf'].map((name) => [name, 'search'] as const),
  ...['forEach', 'map', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'flatMap'].map((name) => [name, 'loop'] as const),
  ...['reduce', 'reduceRight'].map((name) => [name, 'reduce'] as const),
  ...['slice', 'concat', 'toReversed', 'toSorted', 'toSpliced', 'with', 'at'].map((name) => [name, 'copy'] as const),
  ...[Symbol.iterator, 'values', 'entries'].map((name) => [name, 'iterate'] as const),
  ...['join', 'toString', 'keys'].map((name) => [name, 'read'] as const),
])

type Copy = unknown[] | Record<PropertyKey, unknown> | Map<unknown, unknown> | Set<unknown> | Date

/** The changes of the steps since a view's last checkpoint, and the proxies that record them. */
export class UndoJournal {
  /** Raw object → its copy from before its first write (or first read, for Maps, Sets and Dates). */
  private readonly copies = new Map<object, Copy>()
  /** Raw object → its proxy. */
  private readonly proxies = new Map<object, object>()
  /** New objects the steps stored in the state: searched for proxies when a step ends. */
  private fresh: object[] = []
  /**
   * Flat objects (plain objects whose values are all primitives) handed out as they are, each
   * followed by a shallow copy made then: it holds all there is to put back, and costs less than
   * a proxy and its entry in `proxies` (a step that loops over 10,000 items reads 10,000 of them).
   */
  private exposed: object[] = []
  /** Whether a step's code is running (writes are recorded); a proxy kept past its step writes through. */
  private recording = false
  private root!: object
  private rootProxy: object | undefined

  /** `view.state` as it was at the checkpoint. */
  constructor(private readonly view: { state: object }) {
    this.root = view.state
  }

  /** Whether this journal belongs to `view`. */
  of(view: object): boolean { return this.view === view }

  /** A step's code is about to run: its view's state becomes a proxy that records what it changes. */
  open(): void {
    this.recording = true
    this.rootProxy = this.wrap(this.view.state)
    this.view.state = this.rootProxy
  }

  /**
   * The step's code is done (or given up on): the view's state is raw again, as are the proxies it
   * placed in the state or in the view's own fields. A state the step replaced (`this.state = …`)
   * stays replaced, and a rollback brings back the one before.
   */
  close(): void {
    if (!this.recording) return
    this.recording = false
    const view = this.view as unknown as Record<string, unknown>
    const state = this.view.state
    if (state !== this.rootProxy) {
      const raw = toRaw(state)
      this.view.state = raw
      if (typeof raw === 'object' && raw !== null && !this.proxies.has(raw)) this.fresh.push(raw)
    } else this.view.state = toRaw(state)
    this.rootProxy = undefined
    // The view's own fields: a proxy kept there (`this.selected = this.state.items[3]`) is its object again.
    for (const key of Object.keys(view)) {
      const value = view[key]
      if (typeof value === 'object' && value !== null && value !== this.view.state) {
        const raw = toRaw(value)
        if (raw !== value) view[key] = raw
      }
    }
    const fresh = this.fresh
    this.fresh = []
    const seen = new Set<object>()
    for (const value of fresh) this.unwrapIn(value, seen)
    // A flat object handed out raw may have been given an object since (a proxy, or one holding proxies).
    const exposed = this.exposed
    for (let i = this.exposedChecked; i < exposed.length; i += 2) {
      const record = exposed[i] as Record<string, unknown>
      for (const key in record) {
        const value = record[key]
        if (typeof value === 'object' && value !== null) record[key] = this.unwrapped(value, seen)
      }
    }
    this.exposedChecked = exposed.length
  }

  /** Exposed objects before this index were checked for proxies by an earlier close(). */
  private exposedChecked = 0

  /** Puts every recorded object back as it was at the checkpoint, and the state object itself. */
  rollback(): void {
    this.close()
    for (const [target, copy] of this.copies) restore(target, copy)
    this.copies.clear()
    // Last to first: an object handed out twice gets the copy made the first time.
    const exposed = this.exposed
    for (let i = exposed.length - 2; i >= 0; i -= 2) restore(exposed[i], exposed[i + 1] as Copy)
    this.exposed = []
    this.exposedChecked = 0
    this.view.state = this.root
  }

  /**
   * The state as it was at the checkpoint, as JSON `stringify` would write it with this journal's
   * copies in place of what changed since: for a checkpoint asked for while changes are recorded.
   */
  stringify(checkpoint: { state: unknown }): string {
    const copies = new Map<object, Copy>(this.copies)
    const exposed = this.exposed
    for (let i = 0; i < exposed.length; i += 2) if (!copies.has(exposed[i])) copies.set(exposed[i], exposed[i + 1] as Copy)
    return JSON.stringify({ ...checkpoint, state: this.root }, function (this: Record<string, unknown>, key, value: unknown) {
      const own = this[key]
      if (typeof own !== 'object' || own === null) return value
      const copy = copies.get(own) as (Copy & { toJSON?: (key: string) => unknown }) | undefined
      if (copy === undefined) return value
      return typeof copy.toJSON === 'function' ? copy.toJSON(key) : copy instanceof Map || copy instanceof Set ? {} : copy
    })
  }

  // ── the proxies ──────────────────────────────────────────────────────────────────────────────

  /** The traps of objects' proxies and of arrays' (which also run array methods on the raw array). */
  private readonly objectTraps = new Traps(this, false)
  private readonly arrayTraps = new Traps(this, true)

  /** The proxy a step's code gets for `value`: plain objects and arrays; Maps, Sets and Dates raw after a copy; anything else raw. */
  /** @internal */ wrap(value: object): object {
    const proxy = this.proxies.get(value)
    if (proxy !== undefined) return proxy
    const proto = Object.getPrototypeOf(value)
    const array = proto === Array.prototype
    if ((array || proto === Object.prototype || proto === null) && Object.isExtensible(value)) {
      if (!array && isFlat(value)) {
        if (this.recording) this.exposed.push(value, { ...value })
        return value
      }
      const made = new Proxy(value, array ? this.arrayTraps : this.objectTraps)
      this.proxies.set(value, made)
      return made
    }
    if (value instanceof Map || value instanceof Set) {
      // Handed out raw: whatever the step puts in it is searched for proxies when the step ends.
      this.record(value)
      this.fresh.push(value)
    } else if (value instanceof Date) this.record(value)
    return value
  }

  /** What a write stores: the raw object, and a new object is searched for proxies when the step ends. */
  /** @internal */ stored(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value
    const raw = toRaw(value)
    if (raw === value && this.recording && !this.proxies.has(raw)) this.fresh.push(raw)
    return raw
  }

  /** Keeps a copy of `target` before its first change since the checkpoint. */
  /** @internal */ record(target: object): void {
    if (!this.recording || this.copies.has(target)) return
    this.copies.set(target, copyOf(target))
  }

  /** What a step's code gets for a value read from the state. */
  /** @internal */ out(value: unknown): unknown {
    return typeof value === 'object' && value !== null ? this.wrap(value) : value
  }

  /** Replaces the proxies in `value` (a new object the step stored) by their objects, searching the new objects it holds. */
  private unwrapIn(value: object, seen: Set<object>): void {
    if (seen.has(value)) return
    seen.add(value)
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i]
        if (typeof item === 'object' && item !== null) {
          const raw = this.unwrapped(item, seen)
          if (raw !== item) value[i] = raw
        }
      }
    } else if (value instanceof Map) {
      for (const [key, item] of value) {
        if (typeof item === 'object' && item !== null) {
          const raw = this.unwrapped(item, seen)
          if (raw !== item) value.set(key, raw)
        }
      }
    } else if (value instanceof Set) {
      for (const item of [...value]) {
        if (typeof item === 'object' && item !== null) {
          const raw = this.unwrapped(item, seen)
          if (raw !== item) { value.delete(item); value.add(raw) }
        }
      }
    } else {
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) return
      const record = value as Record<string, unknown>
      for (const key in record) {
        const item = record[key]
        if (typeof item === 'object' && item !== null) {
          const raw = this.unwrapped(item, seen)
          if (raw !== item) record[key] = raw
        }
      }
    }
  }

  /** `item`'s raw object; a new object (not one the state had, read through a proxy) is searched too. */
  private unwrapped(item: object, seen: Set<object>): object {
    const raw = toRaw(item)
    // A flat object holds no proxy: most items of a list are (the search keeps no note of them).
    if (raw === item && !this.proxies.has(raw) && !(Object.getPrototypeOf(raw) === Object.prototype && isFlat(raw))) this.unwrapIn(raw, seen)
    return raw
  }
}

/** Reading this key from a journal's proxy gives its journal (the array methods below find theirs so). */
const JOURNAL = Symbol('livets.journal')

/** A journal's traps, one object for its objects' proxies and one for its arrays'. */
class Traps implements ProxyHandler<object> {
  constructor(private readonly journal: UndoJournal, private readonly array: boolean) {}

  get(target: object, key: PropertyKey): unknown {
    if (key === RAW) return target
    if (key === JOURNAL) return this.journal
    // Indexes (digits first) are the reads an array gets most: they skip the methods' lookup.
    if (this.array && (typeof key === 'symbol' || (key as string).charCodeAt(0) > 57)) {
      const method = ARRAY_METHODS.get(key as string | symbol)
      if (method !== undefined) return method
    }
    const value = (target as Record<PropertyKey, unknown>)[key]
    if (typeof value !== 'object' || value === null) return value
    // A frozen object's properties must read as they are (a proxy's invariant).
    return Object.isExtensible(target) ? this.journal.wrap(value) : value
  }

  set(target: object, key: PropertyKey, value: unknown): boolean {
    this.journal.record(target)
    return Reflect.set(target, key, this.journal.stored(value))
  }

  deleteProperty(target: object, key: PropertyKey): boolean {
    this.journal.record(target)
    return Reflect.deleteProperty(target, key)
  }

  defineProperty(target: object, key: PropertyKey, descriptor: PropertyDescriptor): boolean {
    this.journal.record(target)
    if ('value' in descriptor) descriptor = { ...descriptor, value: this.journal.stored(descriptor.value) }
    return Reflect.defineProperty(target, key, descriptor)
  }
}

type ArrayMethod = (this: unknown[], ...args: any[]) => unknown
type Methods = Record<string | symbol, (...args: unknown[]) => any>

/**
 * An array method as a journal runs it on the raw array, called on an array's proxy. Called on
 * anything else (`Array.prototype.push` taken off a proxy and called on another array), the
 * array's own method runs.
 */
function arrayMethod(key: string | symbol, kind: ArrayMethodKind): ArrayMethod {
  const native = (Array.prototype as unknown as Methods)[key]
  const run = methodOf(key, kind)
  return function (this: unknown[], ...args: unknown[]) {
    const journal = (this as unknown as Record<symbol, UndoJournal | undefined>)[JOURNAL]
    return journal === undefined ? native.apply(this, args) : run(journal, this, args)
  }
}

function methodOf(key: string | symbol, kind: ArrayMethodKind): (journal: UndoJournal, self: unknown[], args: unknown[]) => unknown {
  switch (kind) {
    case 'write':
      return (journal, self, args) => {
        const raw = toRaw(self)
        journal.record(raw)
        if (key === 'sort') {
          const compare = args[0]
          if (typeof compare === 'function') args[0] = (a: unknown, b: unknown) => compare(journal.out(a), journal.out(b))
        } else for (let i = 0; i < args.length; i++) args[i] = journal.stored(args[i])
        const result = (raw as unknown as Methods)[key](...args)
        if (result === raw) return self
        return key === 'splice' ? journal.wrap(result as unknown[]) : journal.out(result)
      }
    case 'search':
      return (journal, self, args) => {
        const raw = toRaw(self) as unknown as Methods
        const found = raw[key](...args)
        if (found !== -1 && found !== false) return found
        const item = toRaw(args[0])
        if (item === args[0]) return found
        args[0] = item
        return raw[key](...args)
      }
    case 'loop':
      return (journal, self, [callback, thisArg]) => {
        const raw = toRaw(self) as unknown as Methods
        // Not a function: the array's own method says so, as it would.
        if (typeof callback !== 'function') return raw[key](callback, thisArg)
        const result = raw[key]((item: unknown, index: number) => callback.call(thisArg, journal.out(item), index, self))
        // What the step gets back from find or filter is what it would read from the array.
        if (key === 'find' || key === 'findLast') return journal.out(result)
        return key === 'filter' ? journal.wrap(result as unknown[]) : result
      }
    case 'reduce':
      return (journal, self, [callback, ...initial]) => {
        const raw = toRaw(self) as unknown as Methods
        if (typeof callback !== 'function') return raw[key](callback, ...initial)
        return raw[key]((total: unknown, item: unknown, index: number) => callback(total, journal.out(item), index, self), ...initial)
      }
    case 'copy':
      return (journal, self, args) => {
        const raw = toRaw(self) as unknown as Methods
        if (key === 'toSorted' && typeof args[0] === 'function') {
          const compare = args[0]
          args[0] = (a: unknown, b: unknown) => compare(journal.out(a), journal.out(b))
        } else for (let i = 0; i < args.length; i++) args[i] = toRaw(args[i])
        const result = raw[key](...args)
        // The new array's proxy: its items are the state's, handed out as they are read.
        return key === 'at' ? journal.out(result) : journal.wrap(result as unknown[])
      }
    case 'iterate':
      return (journal, self) => {
        const raw = toRaw(self)
        let i = 0
        const entries = key === 'entries'
        return {
          next: () => i < raw.length ? { value: entries ? [i, journal.out(raw[i++])] : journal.out(raw[i++]), done: false } : { value: undefined, done: true },
          [Symbol.iterator]() { return this },
        }
      }
    case 'read':
      return (_journal, self, args) => (toRaw(self) as unknown as Methods)[key](...args)
  }
}

const ARRAY_METHODS = new Map<string | symbol, ArrayMethod>([...ARRAY_METHOD_KINDS].map(([key, kind]) => [key, arrayMethod(key, kind)]))

/** Whether every value of `value` is a primitive. */
function isFlat(value: object): boolean {
  const record = value as Record<string, unknown>
  for (const key in record) {
    const item = record[key]
    if (typeof item === 'object' && item !== null) return false
  }
  return true
}

/** A shallow copy of `target` as it is now. */
function copyOf(target: object): Copy {
  if (Array.isArray(target)) return target.slice()
  if (target instanceof Map) return new Map(target)
  if (target instanceof Set) return new Set(target)
  if (target instanceof Date) return new Date(target.getTime())
  return Object.assign(Object.create(Object.getPrototypeOf(target)), target) as Record<PropertyKey, unknown>
}

/** Puts `copy` back into `target`, in place (whoever holds `target` sees it as it was). */
function restore(target: object, copy: Copy): void {
  // Frozen by the step itself: it can be changed no more (and is no longer the same data).
  if (Object.isFrozen(target)) return
  if (Array.isArray(target)) {
    const before = copy as unknown[]
    target.length = before.length
    for (let i = 0; i < before.length; i++) target[i] = before[i]
  } else if (target instanceof Map) {
    target.clear()
    for (const [key, value] of copy as Map<unknown, unknown>) target.set(key, value)
  } else if (target instanceof Set) {
    target.clear()
    for (const value of copy as Set<unknown>) target.add(value)
  } else if (target instanceof Date) target.setTime((copy as Date).getTime())
  else {
    const now = target as Record<PropertyKey, unknown>, before = copy as Record<PropertyKey, unknown>
    // Enumerable keys, as the copy has them (JSON's too).
    const keys = Object.keys(now), beforeKeys = Object.keys(before)
    // The same keys in the same order: values only (deleting keys would turn the object into a slow dictionary).
    if (keys.length !== beforeKeys.length || keys.some((key, i) => key !== beforeKeys[i])) {
      for (const key of keys) delete now[key]
    }
    for (const key of beforeKeys) now[key] = before[key]
  }
}
