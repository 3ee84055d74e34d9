// The uploads of one view (docs/forms.md, "Uploads"). allowUpload() in mount sets an upload up;
// the page announces the files picked in its `ts-upload` input (an UPLOAD frame), each is checked
// against the limits before a byte is sent, and accepted ones stream in chunk by chunk — one chunk
// in flight per entry, each written to a temporary file before it is acknowledged — so a large
// file never sits in memory. Entries are plain data the template renders (name, size, progress,
// errors). Temporary files go when consumed, cancelled, or when the view's session ends.
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UPLOAD_COMPLETE, UPLOAD_CONTINUE, UPLOAD_STOPPED, UPLOAD_UNKNOWN } from '@livets/client/protocol'
import { BadPayload } from '../bad-payload.ts'
import { acceptList, accepts } from './accept.ts'

/** The largest chunk that fits a 64 KiB frame with its header (opcode, ack, ref, offset). */
export const MAX_CHUNK_SIZE = 65_536 - 128
const DEFAULT_CHUNK_SIZE = 64_000
const DEFAULT_MAX_FILE_SIZE = 8_000_000
/** Entries one UPLOAD frame may announce, whatever maxEntries says (a page has no business sending more). */
const MAX_ANNOUNCED = 100
const REF = /^[\w-]{1,64}$/

export interface UploadOptions {
  /** MIME types, `type/*` wildcards and `.ext` extensions, as <input accept>: `'image/*'`, `['.pdf', 'image/png']`. Default: anything. */
  accept?: string | readonly string[]
  /** Files at most (default 1). */
  maxEntries?: number
  /** Bytes per file at most (default 8 MB). */
  maxFileSize?: number
  /** Bytes per chunk (default 64,000; at most MAX_CHUNK_SIZE, so a chunk fits one frame). */
  chunkSize?: number
}

/** One file of an upload, as the template renders it. */
export interface UploadEntry {
  /** The page's reference for the file: pass it to cancelUpload. */
  ref: string
  name: string
  /** Bytes, as announced. */
  size: number
  /** MIME type, as announced ('' when the browser does not know). */
  type: string
  /** Percent received, 0–100. */
  progress: number
  /** Every byte arrived: consumeUploads hands it over. */
  done: boolean
  /** Why the file is refused ('Too large…'); a refused entry sends nothing. */
  errors: string[]
  valid: boolean
}

/** One upload as the template renders it: `this.uploads.avatar`. */
export interface Upload {
  name: string
  /** The accept list, for <input accept=${…}>. */
  accept: string
  maxEntries: number
  maxFileSize: number
  entries: UploadEntry[]
  /** Errors of the upload as a whole (too many files). */
  errors: string[]
}

/** What to tell the page about one entry: an UPLOAD_ACK's status, bytes received, bytes to send next. */
export interface ChunkAnswer {
  status: number
  received: number
  next: number
  /** Why the entry was stopped, for the log (the page broke the protocol). */
  refused?: string
  /** What the template shows of the entry changed (its whole-percent progress, done, errors): render. */
  changed?: boolean
}

interface Config { upload: Upload; chunkSize: number; acceptList: string[] }

/** An accepted entry's file while its bytes arrive. */
interface Incoming { config: Config; entry: UploadEntry; path: string; handle: FileHandle | null; received: number; busy: boolean }

const megabytes = (bytes: number): string => `${Math.round(bytes / 100_000) / 10} MB`

export class Uploads {
  private readonly configs = new Map<string, Config>()
  private readonly incoming = new Map<string, Incoming>()
  /** Refs cancelled or refused: a chunk still on its way is told to stop rather than "unknown". */
  private readonly stopped = new Set<string>()
  private dir: Promise<string> | undefined
  private disposed = false

  allow(name: string, options: UploadOptions = {}): void {
    const maxEntries = options.maxEntries ?? 1
    const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`allowUpload('${name}'): maxEntries must be a whole number ≥ 1`)
    if (!Number.isInteger(maxFileSize) || maxFileSize < 1 || maxFileSize > 0xffff_ffff) throw new Error(`allowUpload('${name}'): maxFileSize must be a whole number of bytes from 1 to 4 GiB`)
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new Error(`allowUpload('${name}'): chunkSize must be from 1 to ${MAX_CHUNK_SIZE} bytes, so that a chunk fits a frame`)
    const list = acceptList(options.accept)
    const previous = this.configs.get(name)
    this.configs.set(name, {
      upload: { name, accept: list.join(','), maxEntries, maxFileSize, entries: previous?.upload.entries ?? [], errors: [] },
      chunkSize,
      acceptList: list,
    })
  }

  /** Every upload, as the template renders it. */
  view(): Record<string, Upload> {
    const all: Record<string, Upload> = {}
    for (const [name, config] of this.configs) all[name] = config.upload
    return all
  }

  /**
   * The page announced files for upload `name`. Each is checked (type, size, count) before a byte is
   * sent; returns the first answer for each accepted entry (send from 0), after which the page sends chunks.
   */
  announce(name: string, files: ReadonlyArray<{ ref: string; name: string; size: number; type: string }>): Array<[string, ChunkAnswer]> {
    const config = this.configs.get(name)
    if (!config) throw new BadPayload(`upload '${name}' is not allowed: call this.allowUpload('${name}', …) in mount()`)
    if (files.length > MAX_ANNOUNCED) throw new BadPayload(`an upload may announce at most ${MAX_ANNOUNCED} files at once; this one had ${files.length}`)
    const { upload } = config
    const starts: Array<[string, ChunkAnswer]> = []
    upload.errors = []
    for (const file of files) {
      if (!REF.test(file.ref)) throw new BadPayload(`upload ref '${file.ref.slice(0, 80)}' must be 1–64 letters, digits, _ or -`)
      if (this.incoming.has(file.ref) || this.stopped.has(file.ref) || this.find(file.ref)) throw new BadPayload(`upload ref '${file.ref}' was announced before`)
      const errors: string[] = []
      if (!accepts(config.acceptList, file.name, file.type)) errors.push(`${file.name}: this type of file is not accepted (${upload.accept})`)
      if (file.size > upload.maxFileSize) errors.push(`${file.name} is too large (${megabytes(file.size)}; at most ${megabytes(upload.maxFileSize)})`)
      if (upload.entries.filter((entry) => entry.valid).length >= upload.maxEntries) {
        errors.push(`too many files: at most ${upload.maxEntries}`)
        upload.errors = [`Too many files: at most ${upload.maxEntries}`]
      }
      const entry: UploadEntry = { ref: file.ref, name: file.name, size: file.size, type: file.type, progress: 0, done: false, errors, valid: errors.length === 0 }
      upload.entries.push(entry)
      if (!entry.valid) { this.stopped.add(file.ref); continue }
      if (file.size === 0) { entry.done = true; entry.progress = 100; starts.push([file.ref, { status: UPLOAD_COMPLETE, received: 0, next: 0 }]); continue }
      this.incoming.set(file.ref, { config, entry, path: '', handle: null, received: 0, busy: false })
      starts.push([file.ref, { status: UPLOAD_CONTINUE, received: 0, next: Math.min(config.chunkSize, file.size) }])
    }
    return starts
  }

  /**
   * A chunk of entry `ref` starting at `offset`. It is written to the entry's temporary file before
   * the answer: the page sends the next one only then, so one chunk per entry is ever in memory.
   */
  async chunk(ref: string, offset: number, data: Uint8Array): Promise<ChunkAnswer> {
    const file = this.incoming.get(ref)
    if (!file) return { status: this.stopped.has(ref) ? UPLOAD_STOPPED : UPLOAD_UNKNOWN, received: 0, next: 0 }
    if (offset < file.received && !file.busy) return this.continueFrom(file) // sent again after a reconnect: already written
    const problem = file.busy ? 'sent a chunk before the previous one was acknowledged'
      : offset !== file.received ? `sent bytes from ${offset} while ${file.received} had arrived`
        : data.length > file.config.chunkSize ? `sent a chunk of ${data.length} bytes; at most ${file.config.chunkSize}`
          : file.received + data.length > file.entry.size ? `sent more than the ${file.entry.size} bytes it announced`
            : undefined
    if (problem) {
      await this.refuse(file, `${file.entry.name}: upload failed`)
      return { status: UPLOAD_STOPPED, received: file.received, next: 0, refused: `upload entry ${ref} ${problem}`, changed: true }
    }
    file.busy = true
    try {
      if (!file.handle) {
        file.path = join(await this.directory(), `${ref}.part`)
        file.handle = await open(file.path, 'w')
      }
      if (this.disposed || this.incoming.get(ref) !== file) return { status: UPLOAD_STOPPED, received: file.received, next: 0 }
      await file.handle.write(data, 0, data.length, offset)
      file.received += data.length
    } finally {
      file.busy = false
    }
    if (this.incoming.get(ref) !== file) { await this.discard(file); return { status: UPLOAD_STOPPED, received: file.received, next: 0 } } // cancelled meanwhile
    const progress = Math.floor((file.received * 100) / file.entry.size)
    const changed = progress !== file.entry.progress
    file.entry.progress = progress
    if (file.received < file.entry.size) return { ...this.continueFrom(file), changed }
    await file.handle.close()
    file.handle = null
    file.entry.done = true
    return { status: UPLOAD_COMPLETE, received: file.received, next: 0, changed: true }
  }

  private continueFrom(file: Incoming): ChunkAnswer {
    return { status: UPLOAD_CONTINUE, received: file.received, next: Math.min(file.config.chunkSize, file.entry.size - file.received) }
  }

  /** Removes entry `ref` of upload `name`, stopping its transfer and deleting what arrived of it. */
  async cancel(name: string, ref: string): Promise<void> {
    const config = this.configs.get(name)
    if (!config) throw new Error(`cancelUpload('${name}', …): no upload of that name; call this.allowUpload('${name}', …) in mount()`)
    config.upload.entries = config.upload.entries.filter((entry) => entry.ref !== ref)
    if (config.upload.entries.filter((entry) => entry.valid).length <= config.upload.maxEntries) config.upload.errors = []
    this.stopped.add(ref)
    const file = this.incoming.get(ref)
    this.incoming.delete(ref)
    if (file && !file.busy) await this.discard(file)
  }

  /**
   * Hands every completed entry of upload `name` to `consume` with the path of its file, then
   * removes the entry and deletes the file (move or copy it inside `consume` to keep it). Entries
   * still uploading or refused stay. Returns what `consume` returned, in order.
   */
  async consume<T>(name: string, consume: (entry: UploadEntry, path: string) => T | Promise<T>): Promise<T[]> {
    const config = this.configs.get(name)
    if (!config) throw new Error(`consumeUploads('${name}', …): no upload of that name; call this.allowUpload('${name}', …) in mount()`)
    const results: T[] = []
    for (const entry of config.upload.entries.filter((e) => e.done)) {
      const file = this.incoming.get(entry.ref) // absent for an empty file: nothing was written
      const path = file?.path ?? join(await this.directory(), `${entry.ref}.part`)
      if (!file) await (await open(path, 'w')).close()
      try {
        results.push(await consume({ ...entry, errors: [...entry.errors] }, path))
      } finally {
        config.upload.entries = config.upload.entries.filter((e) => e !== entry)
        this.incoming.delete(entry.ref)
        this.stopped.add(entry.ref)
        await rm(path, { force: true })
      }
    }
    return results
  }

  /** The session ended (or the view was mounted again): every temporary file goes. */
  async dispose(): Promise<void> {
    this.disposed = true
    const files = [...this.incoming.values()]
    this.incoming.clear()
    for (const file of files) await file.handle?.close().catch(() => {})
    if (this.dir) await rm(await this.dir, { recursive: true, force: true })
  }

  private find(ref: string): UploadEntry | undefined {
    for (const config of this.configs.values()) {
      const entry = config.upload.entries.find((e) => e.ref === ref)
      if (entry) return entry
    }
    return undefined
  }

  private async refuse(file: Incoming, error: string): Promise<void> {
    file.entry.errors.push(error)
    file.entry.valid = false
    this.incoming.delete(file.entry.ref)
    this.stopped.add(file.entry.ref)
    if (!file.busy) await this.discard(file)
  }

  private async discard(file: Incoming): Promise<void> {
    await file.handle?.close().catch(() => {})
    file.handle = null
    if (file.path) await rm(file.path, { force: true })
  }

  private directory(): Promise<string> {
    return this.dir ??= mkdtemp(join(tmpdir(), 'livets-upload-'))
  }
}
