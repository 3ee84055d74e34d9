// The long-poll fallback (docs/protocol.md, "Long-poll"): for a page whose WebSocket cannot
// connect (a proxy that strips upgrades), the same binary frames travel over plain HTTP. A link is
// opened with a POST, the page sends its frames with POSTs (one at a time, in order) and fetches
// the server's with GETs that wait until there is something to send. To the runtime a link is a
// socket like any other (RawSocket): the session, its limits and its resume rules are the same.
import { CLOSE_ABNORMAL, CLOSE_NORMAL, LONG_POLL_PATH, decodeFrameBatch, encodeFrameBatch } from '@livets/client/protocol'
import { randomBytes } from 'node:crypto'
import type { LiveRuntime, RawSocket, SocketConnection } from './runtime.ts'

/** A GET waits this long for frames before answering empty (proxies cut idle requests at 30–60 s). */
const POLL_WAIT_MS = 25_000
/** A link no GET has reached for this long is gone (the page left, or its network did). */
const LINK_TIMEOUT_MS = 35_000
/** Bytes of one POST of client frames; the engine's own limit (64 KiB) applies to each frame. */
const MAX_POST_BYTES = 1024 * 1024

/** One page's long-poll link. */
class Link implements RawSocket {
  readonly id = randomBytes(16).toString('hex')
  connection!: SocketConnection
  private frames: Uint8Array[] = []
  private pendingBytes = 0
  private poll: ((body: Response) => void) | undefined
  private pollTimer: ReturnType<typeof setTimeout> | undefined
  private ended: { code: number; reason: string } | undefined
  lastSeen = Date.now()
  gone = false

  constructor(private readonly links: LongPollServer) {}

  get bufferedAmount(): number { return this.pendingBytes }

  send(frame: Uint8Array): void {
    if (this.gone) return
    this.frames.push(frame)
    this.pendingBytes += frame.length
    this.answer()
  }

  close(code: number, reason: string): void {
    if (this.gone || this.ended) return
    this.ended = { code, reason }
    this.answer()
  }

  /** A GET: answered now if there is something to send, else when there is (or empty after the wait). */
  take(): Promise<Response> {
    this.lastSeen = Date.now()
    this.answer(empty()) // a page never has two polls waiting; the older one goes back empty
    return new Promise((resolve) => {
      this.poll = resolve
      this.pollTimer = setTimeout(() => this.answer(empty()), POLL_WAIT_MS)
      this.pollTimer.unref?.()
      this.answer()
    })
  }

  /** Gives the waiting GET what there is: the frames, length-prefixed; or, once they are out, how the link closed. */
  private answer(fallback?: Response): void {
    const poll = this.poll
    if (!poll) return
    let response: Response | undefined
    if (this.frames.length > 0) response = new Response(encodeFrameBatch(this.frames.splice(0)), { headers: binary() })
    else if (this.ended) {
      response = Response.json(this.ended, { status: 410 })
      this.finish(this.ended.code)
    } else response = fallback
    if (!response) return
    this.pendingBytes = 0
    this.poll = undefined
    clearTimeout(this.pollTimer)
    poll(response)
  }

  /** The link is over; the runtime hears it as a socket that closed with `code`. */
  finish(code: number): void {
    if (this.gone) return
    this.gone = true
    clearTimeout(this.pollTimer)
    this.links.forget(this)
    this.connection.closed(code)
  }
}

// A new object each time: @hono/node-server writes Content-Length into the headers object it is given.
const binary = (): Record<string, string> => ({ 'content-type': 'application/octet-stream', 'cache-control': 'no-store' })
const empty = (): Response => new Response(new Uint8Array(0), { headers: binary() })

const batchOrNull = (body: Uint8Array): Uint8Array[] | null => {
  try { return decodeFrameBatch(body) } catch { return null }
}

/** The long-poll links of one runtime, answering under LONG_POLL_PATH. */
export class LongPollServer {
  private readonly links = new Map<string, Link>()
  private readonly sweep: ReturnType<typeof setInterval>

  constructor(private readonly runtime: LiveRuntime) {
    this.sweep = setInterval(() => this.expire(), 5_000)
    this.sweep.unref?.()
  }

  /** Whether `path` is the long-poll endpoint's. */
  static serves(path: string): boolean { return path === LONG_POLL_PATH || path.startsWith(LONG_POLL_PATH + '/') }

  async handle(request: Request, address: string): Promise<Response> {
    const path = new URL(request.url).pathname
    if (path === LONG_POLL_PATH) {
      if (request.method !== 'POST') return new Response(null, { status: 405 })
      // Opening a link is an upgrade by other means: the same Origin check and socket limits.
      const refused = this.runtime.refuseUpgrade(request.headers.get('origin'), request.headers.get('host'), address)
      if (refused) return new Response(null, { status: refused.status })
      const link = new Link(this)
      link.connection = this.runtime.connect(link, address)
      this.links.set(link.id, link)
      return new Response(link.id, { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } })
    }
    const link = this.links.get(path.slice(LONG_POLL_PATH.length + 1))
    if (!link) return Response.json({ code: CLOSE_ABNORMAL, reason: 'no such long-poll link; connect again' }, { status: 410 })
    if (request.method === 'GET') return link.take()
    if (request.method !== 'POST') return new Response(null, { status: 405 })
    link.lastSeen = Date.now()
    const body = new Uint8Array(await request.arrayBuffer())
    if (body.length === 0) { // the page said goodbye
      link.finish(CLOSE_NORMAL)
      return new Response(null, { status: 204 })
    }
    const received = body.length <= MAX_POST_BYTES ? batchOrNull(body) : null
    if (!received) {
      link.connection.message('not LiveTS frames') // a text "frame": the runtime closes the link as a protocol error
      return new Response(null, { status: 400 })
    }
    for (const frame of received) if (!link.gone) link.connection.message(frame)
    return new Response(null, { status: 204 })
  }

  forget(link: Link): void { this.links.delete(link.id) }

  /** Links no page has polled for a while: dropped connections, resumed later like a dropped socket. */
  private expire(): void {
    const cutoff = Date.now() - LINK_TIMEOUT_MS
    for (const link of [...this.links.values()]) if (link.lastSeen < cutoff) link.finish(CLOSE_ABNORMAL)
  }

  close(): void {
    clearInterval(this.sweep)
    for (const link of [...this.links.values()]) link.finish(CLOSE_ABNORMAL)
  }
}
