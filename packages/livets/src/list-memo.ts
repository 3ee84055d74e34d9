// Long lists re-rendered with few changes: what a view's last render wrote for each of its long
// lists, so that the next render sends the runs of items whose template and values are the same
// (===) as a reference to them — a run of the list the last render stamped — instead of their
// chars. The engine takes those items as they are, without reading or fingerprinting them.
// Appending, removing or editing one item of a 10,000-item list then costs comparisons here and
// the changed item there (docs/architecture.md, "Renders"; the format: RenderTreeReader.cs).
// Items are matched by place from the front and, after the first difference, by place from the
// end. Only items whose encoding depends on their statics and primitive values alone are referred
// to; anything else is encoded as usual.
//
// A stamp names one list's items (the same stamp is the same items). A render refers to a stamp
// only while the engine keeps that list (`stampedItems`): the render that wrote it may have failed
// before the engine read it. A view's first render has no memo and writes its lists plainly, so
// the first renders of pages alike stay alike and the engine shares them.
//
// Memory is bounded: the lists of the few views rendered last are kept (their items, no chars),
// not one copy per connection.
import type { EngineAddon } from '@livets/engine'
import type { TemplateResult } from './html.ts'
import { TAG_LIST, TAG_RUN, TAG_STAMPED_LIST, endLength, position, reserve, startLength, writeTag, writeU32, writeU32At } from './tree-buffer.ts'

/**
 * Lists shorter than this are encoded whole: referring to runs does not pay for its bookkeeping
 * there. Measured with `npm run bench -- --only S2` (2026-11-30): at 64, appending to or removing
 * from a 100-item list cost ~300 µs of server CPU per event against ~200 µs encoded whole; at 256
 * the 100-item events are back to ~165–210 µs and the 10,000-item ones keep their gain.
 */
export const MEMO_MIN_ITEMS = 256
/** How many views' lists are kept. */
const MEMO_VIEWS = 4
/** Stamps are whole numbers in [1, 2^31): the engine reads them as positive int32. */
const MAX_STAMP = 2 ** 31 - 1

/**
 * One long list as a render wrote it: per item, its statics (undefined when no later render may
 * refer to it) and its values, flat. Not the items themselves: holding a render's TemplateResults
 * until the next render made V8's young-generation collections copy and promote all of them.
 * The arrays of the render before are written over by the next one (`spare`).
 */
interface ListMemo {
  count: number
  statics: Array<TemplateStringsArray | undefined>
  /** Item i's values are values[valueStarts[i] .. valueStarts[i + 1]]; the array is longer when it held more before. */
  values: unknown[]
  valueStarts: Int32Array
  /** The stamp it was written with; 0 when it was written plainly (no later render may refer to it). */
  stamp: number
  spare?: ListMemo
}

/** What an encoder offers the memo. */
export interface ItemEncoder {
  value(item: unknown): void
  reusable(item: unknown): item is TemplateResult
}

/** Views' lists, by the view's state object, least recently rendered first. */
const kept = new Map<object, ListMemo[]>()

// Started at random so that stamps of an earlier process (or another realm using the same engine) are unlikely to meet.
let nextStamp = 1 + Math.floor(Math.random() * 2 ** 30)
function freshStamp(): number {
  const stamp = nextStamp
  nextStamp = nextStamp >= MAX_STAMP ? 1 : nextStamp + 1
  return stamp
}

/** One render's use of a view's memo: the lists the last render kept, and the ones this render writes. */
export class ViewMemos {
  private readonly previous: ListMemo[] | undefined
  private readonly next: ListMemo[] = []

  constructor(private readonly view: object, private readonly engine: EngineAddon) {
    this.previous = kept.get(view)
    kept.delete(view)
  }

  /** Writes a long list, head and items; it is this render's next long list. */
  list(items: unknown[], encoder: ItemEncoder): void {
    const previous = this.previous?.[this.next.length]
    const memo = memoFor(items.length, previous?.spare)
    this.next.push(memo)
    if (previous === undefined) return plainList(items, memo, encoder)
    previous.spare = undefined
    memo.spare = previous
    // The list referred to, when the engine still keeps it as this memo knows it.
    const base = previous.stamp !== 0 && this.engine.stampedItems(previous.stamp) === previous.count ? previous : undefined
    writeTag(TAG_STAMPED_LIST)
    reserve(6)
    const stampAt = position()
    writeU32(0)
    writeU32(base?.stamp ?? 0)
    writeU32(items.length)
    const start = startLength()
    const shift = base ? base.count - items.length : 0
    let fromFront = true
    // A run of the base's items [runFrom, runTo) not written yet. Locals, not a closure's: V8 keeps
    // variables a closure writes in a heap context, and this loop runs once per item.
    let runFrom = 0, runTo = 0
    let runs = 0
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      let from = -1
      if (base !== undefined) {
        from = fromFront ? i : i + shift
        if (!same(base, from, item)) {
          from = -1
          if (fromFront) {
            fromFront = false
            if (same(base, i + shift, item)) from = i + shift
          }
        }
      }
      if (from >= 0) {
        if (runTo === from && runTo > runFrom) runTo++
        else {
          if (runTo > runFrom) { writeRun(runFrom, runTo); runs++ }
          runFrom = from
          runTo = from + 1
        }
        remember(memo, i, item as TemplateResult)
        continue
      }
      if (runTo > runFrom) { writeRun(runFrom, runTo); runs++; runFrom = runTo = 0 }
      encoder.value(item)
      remember(memo, i, encoder.reusable(item) ? item : undefined)
    }
    // The same items as the base, all of them: the list keeps its stamp (the engine then takes the list it shows).
    const unchanged = base !== undefined && runs === 0 && runFrom === 0 && runTo === items.length && items.length === base.count
    if (runTo > runFrom) writeRun(runFrom, runTo)
    endLength(start)
    memo.stamp = unchanged ? base.stamp : freshStamp()
    writeU32At(stampAt, memo.stamp)
  }

  /** The render is written: keep its lists, and forget the views rendered longest ago. */
  done(): void {
    if (this.next.length === 0) return
    kept.set(this.view, this.next)
    for (const view of kept.keys()) {
      if (kept.size <= MEMO_VIEWS) break
      kept.delete(view)
    }
  }
}

/** A run of the items [from, to) of the list referred to. */
function writeRun(from: number, to: number): void {
  reserve(5)
  writeTag(TAG_RUN)
  writeU32(from)
  writeU32(to - from)
}

/** A list with nothing to refer to, written as any list is: a first render of pages alike stays alike. */
function plainList(items: unknown[], memo: ListMemo, encoder: ItemEncoder): void {
  writeTag(TAG_LIST)
  reserve(4)
  writeU32(items.length)
  const start = startLength()
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    encoder.value(item)
    remember(memo, i, encoder.reusable(item) ? item : undefined)
  }
  endLength(start)
}

/** A memo for `count` items, in the arrays of `spare` when it has them. */
function memoFor(count: number, spare: ListMemo | undefined): ListMemo {
  if (spare === undefined) return { count, statics: new Array(count), values: [], valueStarts: new Int32Array(count + 1 + (count >> 3)), stamp: 0 }
  spare.count = count
  spare.stamp = 0
  spare.statics.length = count
  if (spare.valueStarts.length < count + 1) spare.valueStarts = new Int32Array(count + 1 + (count >> 3))
  return spare
}

/** Item `at` of the list as this render wrote it (undefined: not to be referred to). */
function remember(memo: ListMemo, at: number, item: TemplateResult | undefined): void {
  // Written in place, never truncated: the array keeps its backing store from render to render.
  const values = memo.values, starts = memo.valueStarts
  let end = at === 0 ? 0 : starts[at]
  starts[at] = end
  if (item === undefined) memo.statics[at] = undefined
  else {
    memo.statics[at] = item.statics
    const itemValues = item.values
    for (let i = 0; i < itemValues.length; i++) values[end++] = itemValues[i]
  }
  starts[at + 1] = end
}

/** Whether `item` encodes exactly as the previous render's item `at` did: same statics, same values. */
function same(previous: ListMemo, at: number, item: unknown): boolean {
  if (at < 0 || at >= previous.count) return false
  const statics = previous.statics[at]
  if (statics === undefined || typeof item !== 'object' || item === null || (item as TemplateResult).statics !== statics) return false
  const values = (item as TemplateResult).values
  const from = previous.valueStarts[at]
  if (values.length !== previous.valueStarts[at + 1] - from) return false
  const beforeValues = previous.values
  for (let i = 0; i < values.length; i++) if (values[i] !== beforeValues[from + i]) return false
  return true
}
