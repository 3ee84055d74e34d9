// The buffer a template render is written into, char by char, in the format RenderTreeReader.cs
// reads; the engine reads it in place (docs/architecture.md, "Renders"). Grown as needed and kept:
// renders are encoded and handed to the engine synchronously, one at a time.

// The value tags of RenderTreeReader.cs, as char codes: T s r t f n l; L (a stamped list) and R (a run
// of the items of the list it is based on); C (a component), K (a component's render, after the root),
// S (a stream) and its operations x (reset), d (delete), i (insert).
export const TAG_TEMPLATE = 84, TAG_TEXT = 115, TAG_RAW = 114, TAG_TRUE = 116, TAG_FALSE = 102, TAG_NOTHING = 110, TAG_LIST = 108
export const TAG_STAMPED_LIST = 76, TAG_RUN = 82
export const TAG_COMPONENT = 67, TAG_COMPONENT_RENDER = 75, TAG_STREAM = 83, STREAM_RESET = 120, STREAM_DELETE = 100, STREAM_INSERT = 105

let buffer = new Uint16Array(16 * 1024)
let length = 0

/** Where the next char goes. */
export function position(): number { return length }

/** Starts a render at the beginning of the buffer; `written` is what it wrote. */
export function restart(): void { length = 0 }
export function written(): Uint16Array { return buffer.subarray(0, length) }

/** One char (a tag). */
export function writeTag(tag: number): void {
  reserve(1)
  buffer[length++] = tag
}

export function reserve(chars: number): void {
  if (length + chars <= buffer.length) return
  const grown = new Uint16Array(Math.max(buffer.length * 2, length + chars))
  grown.set(buffer.subarray(0, length))
  buffer = grown
}

export function writeU32(n: number): void {
  buffer[length] = n >>> 16
  buffer[length + 1] = n & 0xffff
  length += 2
}

/** tag, length, chars: a text ('s'), raw markup ('r'). */
export function writeChars(tag: number, s: string): void {
  const n = s.length
  reserve(n + 3)
  const b = buffer
  let at = length
  b[at] = tag
  b[at + 1] = n >>> 16
  b[at + 2] = n & 0xffff
  at += 3
  for (let i = 0; i < n; i++) b[at + i] = s.charCodeAt(i)
  length = at + n
}

/** A component where its parent places it: 'C', its number, its id. */
export function writeComponentRef(number: number, id: string): void {
  reserve(3)
  buffer[length++] = TAG_COMPONENT
  writeU32(number)
  reserve(id.length + 2)
  writeU32(id.length)
  for (let i = 0; i < id.length; i++) buffer[length + i] = id.charCodeAt(i)
  length += id.length
}

/** A whole number below 2^31 written as its decimal digits, as String(n) would, without making the string (ids of list items). */
export function writeInteger(n: number): void {
  let rest = n | 0
  const digits = rest < 10 ? 1 : rest < 100 ? 2 : rest < 1000 ? 3 : rest < 10000 ? 4 : rest < 100000 ? 5
    : rest < 1000000 ? 6 : rest < 10000000 ? 7 : rest < 100000000 ? 8 : rest < 1000000000 ? 9 : 10
  reserve(digits + 3)
  const b = buffer
  b[length] = TAG_TEXT
  b[length + 1] = 0
  b[length + 2] = digits
  for (let at = length + 2 + digits; at > length + 2; at--) {
    const quotient = (rest / 10) | 0
    b[at] = 48 + rest - quotient * 10
    rest = quotient
  }
  length += 3 + digits
}

/** Writes over a u32 written before (a stamped list's stamp, known once its items are). */
export function writeU32At(at: number, n: number): void {
  buffer[at] = n >>> 16
  buffer[at + 1] = n & 0xffff
}

/** Leaves room for the length of what follows; `endLength` fills it in. */
export function startLength(): number {
  length += 2
  return length
}

export function endLength(start: number): void {
  const n = length - start
  buffer[start - 2] = n >>> 16
  buffer[start - 1] = n & 0xffff
}


