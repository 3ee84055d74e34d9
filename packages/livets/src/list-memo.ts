// Long lists re-rendered with few changes: what a view's last render wrote for each of its long
// lists (items, and their encoded chars), so the next render copies the runs of items whose
// template and values are the same (===) instead of encoding them again. Appending, removing or
// editing one item of a 10,000-item list then costs comparisons, not encoding (docs/architecture.md,
// "Renders"). Items are matched by place from the front and, after the first difference, by place
// from the end, as the engine matches them. Only items whose encoding depends on their statics and
// primitive values alone are copied; anything else is encoded as usual.
//
// Memory is bounded: the lists of the few views rendered last are kept (one render's chars each),
// not one copy per connection.
import type { TemplateResult } from './html.ts'
import { copyOf, position, writeEncoded } from './tree-buffer.ts'

/** Lists shorter than this are encoded whole: copying would not pay for the bookkeeping. */
export const MEMO_MIN_ITEMS = 64
/** How many views' lists are kept. */
const MEMO_VIEWS = 4

/**
 * One long list as a render wrote it. Item i is chars[starts[i] .. starts[i + 1]]. The arrays of the
 * render before are kept as spares and written over by the next render: allocating half a megabyte
 * of typed arrays per render of a 10,000-item list made V8 run full collections for the external
 * memory alone.
 */
interface ListMemo {
  /** Per item: its TemplateResult when it may be copied next time, else undefined. */
  items: Array<TemplateResult | undefined>
  starts: Int32Array
  chars: Uint16Array
  spareStarts?: Int32Array
  spareChars?: Uint16Array
}

/** What an encoder offers the memo. */
export interface ItemEncoder {
  value(item: unknown): void
  reusable(item: unknown): item is TemplateResult
}

/** Views' lists, by the view's state object, least recently rendered first. */
const kept = new Map<object, ListMemo[]>()

/** One render's use of a view's memo: the lists the last render kept, and the ones this render writes. */
export class ViewMemos {
  private readonly previous: ListMemo[] | undefined
  private readonly next: ListMemo[] = []

  constructor(private readonly view: object) {
    this.previous = kept.get(view)
    kept.delete(view)
  }

  /** Writes a long list's items (its head is written); the list is this render's next long list. */
  list(items: unknown[], start: number, encoder: ItemEncoder): void {
    const previous = this.previous?.[this.next.length]
    const memo: ListMemo = {
      items: new Array(items.length),
      starts: reuse(previous?.spareStarts, items.length + 1, Int32Array),
      chars: new Uint16Array(0),
      spareStarts: previous?.starts,
      spareChars: previous?.chars,
    }
    this.next.push(memo)
    const shift = previous ? previous.items.length - items.length : 0
    let fromFront = true
    // A run of the previous render's items [runFrom, runTo) not copied yet.
    let runFrom = 0, runTo = 0
    const flush = () => {
      if (runTo > runFrom) writeEncoded(previous!.chars.subarray(previous!.starts[runFrom], previous!.starts[runTo]))
      runFrom = runTo = 0
    }
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      memo.starts[i] = position() - start + (runTo > runFrom ? previous!.starts[runTo] - previous!.starts[runFrom] : 0)
      let from = -1
      if (previous !== undefined) {
        from = fromFront ? i : i + shift
        if (!same(previous, from, item)) {
          from = -1
          if (fromFront) {
            fromFront = false
            if (same(previous, i + shift, item)) from = i + shift
          }
        }
      }
      if (from >= 0) {
        if (runTo === from && runTo > runFrom) runTo++
        else { flush(); runFrom = from; runTo = from + 1 }
        memo.items[i] = item as TemplateResult
        continue
      }
      flush()
      encoder.value(item)
      if (encoder.reusable(item)) memo.items[i] = item
    }
    flush()
    memo.starts[items.length] = position() - start
    memo.chars = copyOf(start, position(), previous?.spareChars)
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

/** `spare` when it has room for `length` elements, else a new array with some room to grow. */
function reuse<T extends Int32Array>(spare: T | undefined, length: number, make: new (length: number) => T): T {
  return spare !== undefined && spare.length >= length ? spare : new make(length + (length >> 3))
}

/** Whether `item` encodes exactly as the previous render's item `at` did: same statics, same values. */
function same(previous: ListMemo, at: number, item: unknown): boolean {
  if (at < 0 || at >= previous.items.length) return false
  const before = previous.items[at]
  if (before === undefined || typeof item !== 'object' || item === null || (item as TemplateResult).statics !== before.statics) return false
  const values = (item as TemplateResult).values, beforeValues = before.values
  if (values.length !== beforeValues.length) return false
  for (let i = 0; i < values.length; i++) if (values[i] !== beforeValues[i]) return false
  return true
}
