// The wire protocol's numbers and codec, as the browser (and the Node test clients) speak it.
// Names and values are those of packages/engine/dotnet/LiveTs.Engine/Protocol/Opcodes.cs;
// protocol/test-vectors.json is checked against both. docs/protocol.md explains them.

export const PROTOCOL_VERSION = 3

// frames, client → server
export const FRAME_JOIN = 0x01
export const FRAME_EVENT = 0x02
export const FRAME_HEARTBEAT = 0x03
export const FRAME_ACK = 0x04
export const FRAME_UPLOAD = 0x05
export const FRAME_UPLOAD_CHUNK = 0x06
// frames, server → client
export const FRAME_REPLY = 0x81
export const FRAME_ERROR = 0x82
export const FRAME_HEARTBEAT_ACK = 0x83
export const FRAME_PUSH = 0x84
export const FRAME_SESSION = 0x85
export const FRAME_UPLOAD_ACK = 0x86
// live navigation, client commands and hooks (docs/navigation.md, docs/client.md)
export const FRAME_NAVIGATE = 0x07
export const FRAME_REPLY_DATA = 0x87
export const FRAME_LOCATION = 0x88
export const FRAME_TITLE = 0x89
export const FRAME_EXEC = 0x8a
export const FRAME_HOOK_EVENT = 0x8b

// what a NAVIGATE asks for: the same view with the URL's params (another view if the URL routes elsewhere), or a fresh mount
export const NAVIGATE_PATCH = 0
export const NAVIGATE_MOUNT = 1
// the history step a NAVIGATE asks for and a LOCATION frame tells the page to take
export const HISTORY_PUSH = 0
export const HISTORY_REPLACE = 1
export const HISTORY_KEEP = 2
// what a LOCATION frame says became of the page
export const LOCATION_PATCHED = 0
export const LOCATION_MOUNTED = 1
export const LOCATION_LOAD = 2

// what an UPLOAD_ACK tells the page to do with an entry
export const UPLOAD_CONTINUE = 0
export const UPLOAD_COMPLETE = 1
export const UPLOAD_STOPPED = 2
export const UPLOAD_UNKNOWN = 3

// what a SESSION frame says became of the client's session
export const SESSION_FRESH = 0
export const SESSION_RESUMED = 1
export const SESSION_RESTORED = 2
export const SESSION_RESYNCED = 3

// patch operations (in REPLY and PUSH frames)
export const PATCH_SET_TEXT = 0x01
export const PATCH_SET_HTML = 0x02
export const PATCH_SET_ATTR = 0x03
export const PATCH_REMOVE_ATTR = 0x04
export const PATCH_ENTER = 0x05
export const PATCH_LEAVE = 0x06
export const PATCH_ROOT_HTML = 0x07
export const PATCH_ENTER_ITEM = 0x08
export const PATCH_LIST_INSERT = 0x09
export const PATCH_LIST_REMOVE = 0x0a
export const PATCH_LIST_MOVE = 0x0b
export const PATCH_NODE_REPLACE = 0x10
export const PATCH_NODE_TEXT = 0x11
export const PATCH_NODE_SET_ATTR = 0x12
export const PATCH_NODE_REMOVE_ATTR = 0x13
export const PATCH_NODE_INSERT = 0x14
export const PATCH_NODE_REMOVE = 0x15
export const PATCH_NODE_MOVE = 0x16
// components and streams (docs/components.md)
export const PATCH_ENTER_COMPONENT = 0x17
export const PATCH_REPLACE_COMPONENT = 0x18
export const PATCH_STREAM_INSERT = 0x19
export const PATCH_STREAM_DELETE = 0x1a
export const PATCH_STREAM_RESET = 0x1b

// ERROR frame codes
export const ERROR_UNKNOWN_EVENT = 0x01
export const ERROR_HANDLER_FAILED = 0x02
export const ERROR_BAD_PAYLOAD = 0x03
export const ERROR_RATE_LIMITED = 0x04
export const ERROR_UNKNOWN_TARGET = 0x05

// WebSocket close codes
export const CLOSE_NORMAL = 1000
export const CLOSE_GOING_AWAY = 1001
export const CLOSE_ABNORMAL = 1006
export const CLOSE_FRAME_TOO_LARGE = 1009
export const CLOSE_SERVICE_RESTART = 1012
export const CLOSE_PROTOCOL_ERROR = 4400
export const CLOSE_BAD_TOKEN = 4401
export const CLOSE_UNKNOWN_VIEW = 4404
export const CLOSE_HEARTBEAT_TIMEOUT = 4408
export const CLOSE_NOT_JOINED = 4409
export const CLOSE_RESUME_REFUSED = 4410
export const CLOSE_VERSION_MISMATCH = 4426
export const CLOSE_RATE_LIMITED = 4429
export const CLOSE_TOO_SLOW = 4412
export const CLOSE_MOUNT_FAILED = 4500

// where the framework serves the live socket and the client script
export const SOCKET_PATH = '/_livets/ws'
export const CLIENT_PATH = '/_livets/client.js'
export const STYLESHEET_PATH = '/_livets/livets.css'
export const LONG_POLL_PATH = '/_livets/lp'

// comment markers around dynamic parts
export const MARKER_PART_OPEN = 'ts['
export const MARKER_PART_CLOSE = 'ts]'
export const MARKER_ITEM = 'ts,'
export const MARKER_ATTR = 'ts@'
// on a component's root element: its number (the EVENT target) and the id its parent gave it (what ts-target names)
export const ATTR_COMPONENT = 'data-ts-c'
export const ATTR_COMPONENT_ID = 'data-ts-id'

// a ts-model field's EVENT is named `ts-model[.modifiers]:path`
export const EVENT_MODEL_PREFIX = 'ts-model'
// a ts-form form's changes are an EVENT named `ts-form:name`; a ts-upload input declares `ts-upload:name`
export const EVENT_FORM_PREFIX = 'ts-form'
export const EVENT_UPLOAD_PREFIX = 'ts-upload'
// fields with a meaning of their own in a ts-form form's events: the field that changed, the fields used (recovery)
export const FIELD_TARGET = '_target'
export const FIELD_USED = '_used'
// an EVENT names its handler by index into its link's table of event names (docs/protocol.md, "Event names")
export const EVENT_NAMES_MAX = 256
export const EVENT_NAME_INDEXED_BYTES = 128
// a hook's pushEvent sends its payload as JSON in this one field, in an EVENT named `ts-hook:name`
export const FIELD_JSON = '_json'
export const EVENT_HOOK_PREFIX = 'ts-hook'
// flash messages ride to the next page load in this cookie, written from this attribute as the page unloads
export const FLASH_COOKIE = 'livets_flash'
export const ATTR_FLASH = 'data-ts-flash'

// the ts-* attribute vocabulary (docs/events.md, docs/directives.md); ts-model is EVENT_MODEL_PREFIX.
// The engine refuses templates with other ts-* names or modifiers (Protocol/Vocabulary.cs).
export const DIRECTIVE_ON = 'ts-on:'
export const DIRECTIVE_VALUE = 'ts-value-'
export const DIRECTIVE_KEY = 'ts-key'
export const DIRECTIVE_TEXT = 'ts-text'
export const DIRECTIVE_SHOW = 'ts-show'
export const DIRECTIVE_CLASS = 'ts-class'
export const DIRECTIVE_IF = 'ts-if'
export const DIRECTIVE_DISABLE_WITH = 'ts-disable-with'
export const DIRECTIVE_AUTO_RECOVER = 'ts-auto-recover'
export const AUTO_RECOVER_IGNORE = 'ignore'
export const LOADING_CLASS = 'ts-loading'
/** ts-target="card-7": the element's events go to that component; TARGET_VIEW sends them to the view. */
export const DIRECTIVE_TARGET = 'ts-target'
export const TARGET_VIEW = '@view'
/** ts-viewport-bottom="loadMore": sent when the element's last child scrolls into view (infinite scroll). */
export const DIRECTIVE_VIEWPORT_BOTTOM = 'ts-viewport-bottom'
export const DIRECTIVE_PATCH = 'ts-patch'
export const DIRECTIVE_NAVIGATE = 'ts-navigate'
export const DIRECTIVE_JS = 'ts-js'
export const DIRECTIVE_HOOK_EVENTS = 'ts-hook-events'
export const DIRECTIVE_UPDATE = 'ts-update'
export const UPDATE_IGNORE = 'ignore'
/** ts-on modifiers other than keys; debounce and throttle may be followed by a wait (`.300`, `.300ms`). */
export const EVENT_MODIFIERS = ['prevent', 'stop', 'self', 'once', 'window', 'document', 'debounce', 'throttle'] as const
/** Keys that must be held: `.ctrl` passes when ctrlKey is true. */
export const SYSTEM_MODIFIERS = ['ctrl', 'shift', 'alt', 'meta'] as const
/** Key filter names and the KeyboardEvent.key each stands for; a single letter or digit is a filter too. */
export const KEY_FILTERS: Readonly<Record<string, string>> = {
  enter: 'Enter', escape: 'Escape', tab: 'Tab', space: ' ', backspace: 'Backspace', delete: 'Delete',
  'arrow-up': 'ArrowUp', 'arrow-down': 'ArrowDown', 'arrow-left': 'ArrowLeft', 'arrow-right': 'ArrowRight',
  home: 'Home', end: 'End', 'page-up': 'PageUp', 'page-down': 'PageDown',
}
/** ts-model modifiers; debounce may be followed by a wait. */
export const MODEL_MODIFIERS = ['lazy', 'number', 'trim', 'debounce'] as const
/** ts-patch and ts-navigate modifiers. */
export const LINK_MODIFIERS = ['replace'] as const
/** The commands of the ts-js grammar (js-commands.ts). */
export const JS_COMMANDS = ['show', 'hide', 'toggle', 'addClass', 'removeClass', 'toggleClass', 'setAttr', 'removeAttr', 'focus', 'dispatch', 'transition', 'push'] as const

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

/** Builds a client frame: one growable byte list, written once. */
class FrameBuilder {
  bytes: number[] = []
  byte(b: number): this { this.bytes.push(b); return this }
  varUint(n: number): this {
    while (n >= 0x80) { this.bytes.push((n & 0x7f) | 0x80); n >>>= 7 }
    this.bytes.push(n)
    return this
  }
  string(s: string): this { return this.utf8(utf8.encode(s)) }
  /** A string already encoded as UTF-8, with its length first. */
  utf8(encoded: Uint8Array): this {
    this.varUint(encoded.length)
    for (const b of encoded) this.bytes.push(b)
    return this
  }
  done(): Uint8Array { return Uint8Array.from(this.bytes) }
}

/** What a JOIN says: the page's token, and to resume a session, its credential and the client's counts. */
export interface JoinFrame {
  token: string
  /** The credential of the session to resume ('' on a first join). */
  credential?: string
  /** Numbered server frames applied in that session. */
  applied?: number
  /** The number of the first EVENT that follows on this socket. */
  next?: number
}

export function encodeJoin({ token, credential = '', applied = 0, next = 1 }: JoinFrame): Uint8Array {
  return new FrameBuilder().byte(FRAME_JOIN).byte(PROTOCOL_VERSION).string(token).string(credential).varUint(applied).varUint(next).done()
}

/** Whether an event name sent in full takes the next index of its link's table: there is room, and the name is short. */
function takesIndex(defined: number, utf8Bytes: number): boolean {
  return defined < EVENT_NAMES_MAX && utf8Bytes <= EVENT_NAME_INDEXED_BYTES
}

/**
 * The event names one link has defined (docs/protocol.md, "Event names"): an EVENT sends a name in
 * full once, and by its index after that. The server builds the same table from the same frames;
 * both start empty at every JOIN, so make one per link.
 */
export class EventNames {
  private readonly indexes = new Map<string, number>()

  /** The name's index on this link, or 0: it goes in full (and takes the next index if it may). */
  reference(name: string, utf8Bytes: number): number {
    const index = this.indexes.get(name)
    if (index !== undefined) return index
    if (takesIndex(this.indexes.size, utf8Bytes)) this.indexes.set(name, this.indexes.size + 1)
    return 0
  }
}

/** Reads the name field of a link's EVENTs as the server does (for code that watches a page's frames, as tests do). */
export class EventNameReader {
  private readonly names: string[] = []

  read(reader: FrameReader): string {
    const index = reader.varUint()
    if (index === 0) {
      const name = reader.string()
      if (takesIndex(this.names.length, utf8.encode(name).length)) this.names.push(name)
      return name
    }
    const name = this.names[index - 1]
    if (name === undefined) throw new Error(`EVENT names index ${index}, but the link defined ${this.names.length} event names`)
    return name
  }
}

/**
 * An EVENT: `ack` server frames applied since the last acknowledgement, the handler's name (by its
 * index in the link's `names` once it has one), the component it is for (0: the view) and the fields.
 */
export function encodeEvent(ack: number, name: string, target: number, fields: Record<string, string> | ReadonlyArray<readonly [string, string]>, names: EventNames): Uint8Array {
  // Pairs keep repeated names (a checkbox group, a multiple select): forms need every one.
  const entries = Array.isArray(fields) ? fields as ReadonlyArray<readonly [string, string]> : Object.entries(fields)
  const encodedName = utf8.encode(name)
  const index = names.reference(name, encodedName.length)
  const frame = new FrameBuilder().byte(FRAME_EVENT).varUint(ack).varUint(index)
  if (index === 0) frame.utf8(encodedName)
  frame.varUint(target).varUint(entries.length)
  for (const [key, value] of entries) frame.string(key).string(value)
  return frame.done()
}

/** One file an UPLOAD announces: the page's reference for it, its name, size in bytes and MIME type. */
export interface AnnouncedFile { ref: string; name: string; size: number; type: string }

export function encodeUpload(ack: number, name: string, files: readonly AnnouncedFile[]): Uint8Array {
  const frame = new FrameBuilder().byte(FRAME_UPLOAD).varUint(ack).string(name).varUint(files.length)
  for (const file of files) frame.string(file.ref).string(file.name).varUint(file.size).string(file.type)
  return frame.done()
}

/** An UPLOAD_CHUNK: the bytes of entry `ref` from `offset`. Written straight into one array (no per-byte list). */
export function encodeUploadChunk(ack: number, ref: string, offset: number, data: Uint8Array): Uint8Array {
  const head = new FrameBuilder().byte(FRAME_UPLOAD_CHUNK).varUint(ack).string(ref).varUint(offset).done()
  const frame = new Uint8Array(head.length + data.length)
  frame.set(head)
  frame.set(data, head.length)
  return frame
}

/** An UPLOAD_ACK, after its opcode. */
export interface UploadAck { ref: string; status: number; received: number; next: number }

export function readUploadAck(reader: FrameReader): UploadAck {
  return { ref: reader.string(), status: reader.byte(), received: reader.varUint(), next: reader.varUint() }
}

/** A NAVIGATE: go to `url` (a path of this app, with its query) as `mode` asks (NAVIGATE_*), with history step `history` (HISTORY_*). */
export function encodeNavigate(ack: number, mode: number, history: number, url: string): Uint8Array {
  return new FrameBuilder().byte(FRAME_NAVIGATE).varUint(ack).byte(mode).byte(history).string(url).done()
}

export function encodeHeartbeat(ack: number): Uint8Array {
  return new FrameBuilder().byte(FRAME_HEARTBEAT).varUint(ack).done()
}

export function encodeAck(ack: number): Uint8Array {
  return new FrameBuilder().byte(FRAME_ACK).varUint(ack).done()
}

/**
 * The head of a SESSION frame; its patch operations follow from `reader`'s offset. `answered`: the
 * client's events answered by the frames up to `lastFrame` (the ones after it answer the rest).
 */
export interface SessionHead { mode: number; lastFrame: number; answered: number; credential: string }

export function readSessionHead(reader: FrameReader): SessionHead {
  return { mode: reader.byte(), lastFrame: reader.varUint(), answered: reader.varUint(), credential: reader.string() }
}

/**
 * Several frames as one HTTP body, for the long-poll fallback (docs/protocol.md, "Long-poll"):
 * each a varuint length, then its bytes.
 */
export function encodeFrameBatch(frames: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = 0
  for (const frame of frames) size += frame.length + 5
  const body = new Uint8Array(size)
  let at = 0
  for (const frame of frames) {
    for (let n = frame.length; ; n >>>= 7) {
      if (n < 0x80) { body[at++] = n; break }
      body[at++] = (n & 0x7f) | 0x80
    }
    body.set(frame, at)
    at += frame.length
  }
  return body.slice(0, at)
}

/** The frames of a long-poll body; throws when it is not one. */
export function decodeFrameBatch(body: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = []
  const reader = new FrameReader(body)
  while (!reader.done) {
    const length = reader.varUint()
    if (reader.offset + length > body.length) throw new Error('LiveTS: a batched frame runs past the body')
    frames.push(body.subarray(reader.offset, reader.offset + length))
    reader.offset += length
  }
  return frames
}

/** A LOCATION frame, after its opcode: the history step, what happened (LOCATION_*), the URL, and for a page load the signed flash. */
export interface LocationFrame { history: number; location: number; url: string; flash: string }

export function readLocation(reader: FrameReader): LocationFrame {
  return { history: reader.byte(), location: reader.byte(), url: reader.string(), flash: reader.string() }
}

/**
 * The server frames the host (packages/livets) writes around the engine's renders: REPLY_DATA wraps
 * a REPLY's patch with the handler's data; the others stand alone. All are numbered.
 */
export function encodeReplyData(json: string, reply: Uint8Array): Uint8Array {
  const head = new FrameBuilder().byte(FRAME_REPLY_DATA).string(json).done()
  const frame = new Uint8Array(head.length + reply.length - 1)
  frame.set(head)
  frame.set(reply.subarray(1), head.length)
  return frame
}

export function encodeLocation({ history, location, url, flash }: LocationFrame): Uint8Array {
  return new FrameBuilder().byte(FRAME_LOCATION).byte(history).byte(location).string(url).string(flash).done()
}

export function encodeTitle(title: string): Uint8Array {
  return new FrameBuilder().byte(FRAME_TITLE).string(title).done()
}

export function encodeExec(commands: string): Uint8Array {
  return new FrameBuilder().byte(FRAME_EXEC).string(commands).done()
}

export function encodeHookEvent(event: string, payloadJson: string): Uint8Array {
  return new FrameBuilder().byte(FRAME_HOOK_EVENT).string(event).string(payloadJson).done()
}

/** Whether a server frame of this kind is numbered (kept until acknowledged, counted by both ends). */
export function isNumbered(kind: number): boolean {
  return kind === FRAME_REPLY || kind === FRAME_ERROR || kind === FRAME_PUSH || (kind >= FRAME_REPLY_DATA && kind <= FRAME_HOOK_EVENT)
}

/** Whether a server frame answers the oldest unanswered event (a REPLY, a REPLY_DATA or an ERROR). */
export function answersEvent(kind: number): boolean {
  return kind === FRAME_REPLY || kind === FRAME_REPLY_DATA || kind === FRAME_ERROR
}

/** Reads a server frame from front to back. */
export class FrameReader {
  offset = 0
  constructor(readonly bytes: Uint8Array) {}
  get done(): boolean { return this.offset >= this.bytes.length }
  byte(): number {
    if (this.offset >= this.bytes.length) throw new Error('LiveTS: frame ended early')
    return this.bytes[this.offset++]
  }
  varUint(): number {
    let value = 0
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte()
      value += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return value
    }
    throw new Error('LiveTS: varint too long')
  }
  string(): string {
    const length = this.varUint()
    const end = this.offset + length
    if (end > this.bytes.length) throw new Error('LiveTS: string runs past the frame')
    const text = utf8Decoder.decode(this.bytes.subarray(this.offset, end))
    this.offset = end
    return text
  }
  path(): number[] {
    const depth = this.varUint()
    const path: number[] = []
    for (let i = 0; i < depth; i++) path.push(this.varUint())
    return path
  }
}

/** A patch operation, decoded; used by tests and tools (the browser applies ops as it reads them). */
export type PatchOpDecoded =
  | ['SET_TEXT' | 'SET_HTML' | 'SET_ATTR', number, string]
  | ['REMOVE_ATTR' | 'ENTER', number]
  | ['LEAVE']
  | ['ROOT_HTML', string]
  | ['ENTER_ITEM' | 'LIST_REMOVE', number, number]
  | ['LIST_INSERT', number, number, string]
  | ['LIST_MOVE', number, number, number]
  | ['NODE_REPLACE' | 'NODE_TEXT' | 'NODE_REMOVE_ATTR', number[], string]
  | ['NODE_SET_ATTR', number[], string, string]
  | ['NODE_INSERT', number[], number, string]
  | ['NODE_REMOVE', number[]]
  | ['NODE_MOVE', number[], number, number]
  | ['ENTER_COMPONENT', number]
  | ['REPLACE_COMPONENT', number, string]
  /** part, key, at (-1: the end), limit (0: none), html */
  | ['STREAM_INSERT', number, string, number, number, string]
  | ['STREAM_DELETE', number, string]
  | ['STREAM_RESET', number]

export function readPatchOp(r: FrameReader): PatchOpDecoded {
  const op = r.byte()
  switch (op) {
    case PATCH_SET_TEXT: return ['SET_TEXT', r.varUint(), r.string()]
    case PATCH_SET_HTML: return ['SET_HTML', r.varUint(), r.string()]
    case PATCH_SET_ATTR: return ['SET_ATTR', r.varUint(), r.string()]
    case PATCH_REMOVE_ATTR: return ['REMOVE_ATTR', r.varUint()]
    case PATCH_ENTER: return ['ENTER', r.varUint()]
    case PATCH_LEAVE: return ['LEAVE']
    case PATCH_ROOT_HTML: return ['ROOT_HTML', r.string()]
    case PATCH_ENTER_ITEM: return ['ENTER_ITEM', r.varUint(), r.varUint()]
    case PATCH_LIST_INSERT: return ['LIST_INSERT', r.varUint(), r.varUint(), r.string()]
    case PATCH_LIST_REMOVE: return ['LIST_REMOVE', r.varUint(), r.varUint()]
    case PATCH_LIST_MOVE: return ['LIST_MOVE', r.varUint(), r.varUint(), r.varUint()]
    case PATCH_NODE_REPLACE: return ['NODE_REPLACE', r.path(), r.string()]
    case PATCH_NODE_TEXT: return ['NODE_TEXT', r.path(), r.string()]
    case PATCH_NODE_SET_ATTR: return ['NODE_SET_ATTR', r.path(), r.string(), r.string()]
    case PATCH_NODE_REMOVE_ATTR: return ['NODE_REMOVE_ATTR', r.path(), r.string()]
    case PATCH_NODE_INSERT: return ['NODE_INSERT', r.path(), r.varUint(), r.string()]
    case PATCH_NODE_REMOVE: return ['NODE_REMOVE', r.path()]
    case PATCH_NODE_MOVE: return ['NODE_MOVE', r.path(), r.varUint(), r.varUint()]
    case PATCH_ENTER_COMPONENT: return ['ENTER_COMPONENT', r.varUint()]
    case PATCH_REPLACE_COMPONENT: return ['REPLACE_COMPONENT', r.varUint(), r.string()]
    case PATCH_STREAM_INSERT: return ['STREAM_INSERT', r.varUint(), r.string(), r.varUint() - 1, r.varUint(), r.string()]
    case PATCH_STREAM_DELETE: return ['STREAM_DELETE', r.varUint(), r.string()]
    case PATCH_STREAM_RESET: return ['STREAM_RESET', r.varUint()]
    default: throw new Error(`LiveTS: unknown patch op 0x${op.toString(16)}`)
  }
}

/** The patch operations of a REPLY, REPLY_DATA, PUSH or SESSION frame. */
export function decodePatch(frame: Uint8Array): PatchOpDecoded[] {
  const r = new FrameReader(frame)
  const kind = r.byte()
  if (kind === FRAME_SESSION) readSessionHead(r)
  else if (kind === FRAME_REPLY_DATA) r.string()
  else if (kind !== FRAME_REPLY && kind !== FRAME_PUSH) throw new Error(`LiveTS: not a patch frame (0x${kind.toString(16)})`)
  const ops: PatchOpDecoded[] = []
  while (!r.done) ops.push(readPatchOp(r))
  return ops
}
