// A protocol-level LiveTS client for Node: loads a page, joins its live connection and sends events
// without a browser. Tests and benchmarks use it; it speaks exactly what the browser client speaks,
// numbered frames and resume included (docs/protocol.md).
import WebSocket from 'ws'
import {
  FRAME_ERROR, FRAME_HEARTBEAT_ACK, SOCKET_PATH, FRAME_PUSH, FRAME_REPLY, FRAME_REPLY_DATA, FRAME_SESSION, FRAME_UPLOAD_ACK, FrameReader, HISTORY_PUSH,
  NAVIGATE_MOUNT, SESSION_RESUMED, EventNames, answersEvent, decodePatch, encodeAck, encodeEvent, encodeHeartbeat, encodeJoin, encodeNavigate, encodeUpload,
  encodeUploadChunk, readSessionHead, readUploadAck, type AnnouncedFile, type PatchOpDecoded, type SessionHead, type UploadAck,
} from '@livets/client/protocol'

export interface LiveReply {
  /** The frame as received. */
  frame: Uint8Array
  /** REPLY/PUSH/SESSION: the patch operations; ERROR: none. */
  ops: PatchOpDecoded[]
  /** ERROR frames: the code and message. */
  error?: { code: number; message: string }
  /** SESSION frames: mode, last frame number and credential. */
  session?: SessionHead
  /** REPLY_DATA frames: the handler's data, as JSON. */
  data?: string
}

export interface Closed { code: number; reason: string }

/** Where a client is in its session: what it needs to resume it on a new socket. */
export interface SessionPosition {
  credential: string
  /** Numbered frames applied. */
  applied: number
  /** The number of the next event to send. */
  nextEvent: number
}

/** Reads the signed token from a page's HTML. */
export function pageToken(html: string): string {
  const match = /data-ts-token="([^"]+)"/.exec(html)
  if (!match) throw new Error('the page has no data-ts-token: is it a live() route?')
  return match[1]
}

export class LiveClient {
  /** Every patch (SESSION, REPLY, REPLY_DATA and PUSH) received, in order. */
  readonly frames: Uint8Array[] = []
  /** The other numbered frames (LOCATION, TITLE, EXEC, HOOK_EVENT: docs/navigation.md), in order. */
  readonly notices: Uint8Array[] = []
  bytesUp = 0
  bytesDown = 0
  /** The session credential and counts, kept up to date; pass it to join() to resume. */
  readonly position: SessionPosition
  private acknowledged: number
  /** The event names this link defined (one client is one socket, so one JOIN: docs/protocol.md, "Event names"). */
  private readonly names = new EventNames()
  /** Who waits for the answer to the JOIN (a SESSION frame). */
  private joinWaiter: ((reply: LiveReply) => void) | undefined
  /** Who waits for the answer to each event sent, oldest first (`seq` 0: a raw frame, answered by whatever comes next). */
  private readonly waiting: Array<{ seq: number; resolve: (reply: LiveReply) => void }> = []
  private readonly pushWaiting: Array<(push: LiveReply) => void> = []
  /** PUSH frames that came before anyone asked for them (a resume replays several at once). */
  private readonly pushes: LiveReply[] = []
  private readonly closedPromise: Promise<Closed>
  /** UPLOAD_ACK frames (not numbered) that came before anyone asked for them. */
  private readonly uploadAcks: UploadAck[] = []
  private readonly uploadAckWaiting: Array<(ack: UploadAck) => void> = []

  private constructor(readonly socket: WebSocket, readonly html: string, readonly token: string, position: SessionPosition) {
    this.position = { ...position }
    this.acknowledged = position.applied
    socket.binaryType = 'nodebuffer'
    socket.on('message', (data: Buffer) => this.onFrame(new Uint8Array(data)))
    this.closedPromise = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  }

  private onFrame(frame: Uint8Array): void {
    this.bytesDown += frame.length
    const kind = frame[0]
    if (kind === FRAME_HEARTBEAT_ACK) return
    if (kind === FRAME_UPLOAD_ACK) {
      const reader = new FrameReader(frame)
      reader.byte()
      const ack = readUploadAck(reader)
      const waiter = this.uploadAckWaiting.shift()
      if (waiter) waiter(ack)
      else this.uploadAcks.push(ack)
      return
    }
    const reply: LiveReply = { frame, ops: [] }
    if (kind === FRAME_SESSION) {
      const reader = new FrameReader(frame)
      reader.byte()
      reply.session = readSessionHead(reader)
      reply.ops = decodePatch(frame)
      this.frames.push(frame)
      // '' when the page has it already (a re-render of a page that fell behind, docs/protocol.md).
      if (reply.session.credential !== '') this.position.credential = reply.session.credential
      if (reply.session.mode !== SESSION_RESUMED) this.position.applied = this.acknowledged = reply.session.lastFrame
      const joined = this.joinWaiter
      this.joinWaiter = undefined
      joined?.(reply)
      // Events answered by frames this SESSION stands for: it is their answer.
      while (this.waiting.length > 0 && this.waiting[0].seq > 0 && this.waiting[0].seq <= reply.session.answered) this.waiting.shift()!.resolve(reply)
      return
    }
    this.position.applied++
    if (kind === FRAME_PUSH) {
      this.frames.push(frame)
      const push = { frame, ops: decodePatch(frame) }
      const waiter = this.pushWaiting.shift()
      if (waiter) waiter(push)
      else this.pushes.push(push)
      return
    }
    if (!answersEvent(kind)) { this.notices.push(frame); return }
    if (kind === FRAME_REPLY || kind === FRAME_REPLY_DATA) {
      this.frames.push(frame)
      reply.ops = decodePatch(frame)
      if (kind === FRAME_REPLY_DATA) { const r = new FrameReader(frame); r.byte(); reply.data = r.string() }
    } else if (kind === FRAME_ERROR) {
      const r = new FrameReader(frame)
      r.byte()
      reply.error = { code: r.byte(), message: r.string() }
    }
    this.waiting.shift()?.resolve(reply)
  }

  /** GETs `url`, opens the live socket and joins; resolves with the join's SESSION frame. */
  static async connect(url: string): Promise<{ client: LiveClient; joinReply: LiveReply }> {
    const html = await (await fetch(url)).text()
    return LiveClient.join(url, pageToken(html), html)
  }

  /**
   * Opens the live socket of the server at `url` and joins with `token` — resuming the session at
   * `position` when given. Resolves with the SESSION frame; a refused join rejects with its close code.
   * `resend`: events sent right after the JOIN, numbered from `position.nextEvent` — what a page
   * sends again for its unanswered events (the server drops the ones it already has).
   */
  static async join(url: string, token: string, html = '', position: SessionPosition = { credential: '', applied: 0, nextEvent: 1 },
    resend: Array<[string, Record<string, string>]> = []): Promise<{ client: LiveClient; joinReply: LiveReply }> {
    const socketUrl = new URL(SOCKET_PATH, url)
    socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:'
    const socket = new WebSocket(socketUrl)
    await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject) })
    const client = new LiveClient(socket, html, token, position)
    const { credential, applied, nextEvent } = position
    const joinReply = new Promise<LiveReply>((resolve) => { client.joinWaiter = resolve })
    client.sendRaw(encodeJoin({ token, credential, applied, next: nextEvent }))
    for (const [name, payload] of resend) client.eventNoWait(name, payload)
    // A refused join closes the socket instead of replying.
    const outcome = await Promise.race([joinReply, client.closed()])
    if ('code' in outcome) throw Object.assign(new Error(`join refused with ${outcome.code}: ${outcome.reason}`), outcome)
    return { client, joinReply: outcome }
  }

  /** Sends an EVENT (to component `target`, 0 for the view) and resolves with its REPLY (or ERROR). */
  event(name: string, payload: Record<string, string> = {}, target = 0): Promise<LiveReply> {
    const seq = this.position.nextEvent++
    const reply = new Promise<LiveReply>((resolve) => this.waiting.push({ seq, resolve }))
    this.sendRaw(encodeEvent(this.takeAck(), name, target, payload, this.names))
    return reply
  }

  /** Sends an EVENT without waiting for its answer (as a page does while its link is down). */
  eventNoWait(name: string, payload: Record<string, string> = {}, target = 0): void {
    void this.event(name, payload, target)
  }

  /** Sends a NAVIGATE to `url` (a path of the app) and resolves with its answer; the LOCATION before it is in `notices`. */
  navigate(url: string, mode = NAVIGATE_MOUNT, history = HISTORY_PUSH): Promise<LiveReply> {
    this.position.nextEvent++
    return this.sendFrame(encodeNavigate(this.takeAck(), mode, history, url))
  }

  /** Announces files for upload `name` (answered like an event) and resolves with its REPLY (or ERROR). */
  upload(name: string, files: AnnouncedFile[]): Promise<LiveReply> {
    this.position.nextEvent++
    return this.sendFrame(encodeUpload(this.takeAck(), name, files))
  }

  /** Sends bytes of entry `ref` from `offset`; its UPLOAD_ACK comes through nextUploadAck(). */
  chunk(ref: string, offset: number, data: Uint8Array): void {
    this.sendRaw(encodeUploadChunk(this.takeAck(), ref, offset, data))
  }

  /** Resolves with the next UPLOAD_ACK frame. */
  nextUploadAck(): Promise<UploadAck> {
    const ready = this.uploadAcks.shift()
    if (ready) return Promise.resolve(ready)
    return new Promise((resolve) => this.uploadAckWaiting.push(resolve))
  }

  /** A HEARTBEAT, carrying the acknowledgement the browser client would send with it. */
  heartbeat(): void { this.sendRaw(encodeHeartbeat(this.takeAck())) }

  /** An ACK of every frame applied so far. */
  acknowledge(): void { this.sendRaw(encodeAck(this.takeAck())) }

  private takeAck(): number {
    const ack = this.position.applied - this.acknowledged
    this.acknowledged = this.position.applied
    return ack
  }

  /** Resolves with the next PUSH frame: a render no event of this client asked for (setState, broadcast). */
  nextPush(): Promise<LiveReply> {
    const ready = this.pushes.shift()
    if (ready) return Promise.resolve(ready)
    return new Promise((resolve) => this.pushWaiting.push(resolve))
  }

  /** Sends raw bytes and resolves with the next reply. */
  sendFrame(frame: Uint8Array): Promise<LiveReply> {
    const reply = new Promise<LiveReply>((resolve) => this.waiting.push({ seq: 0, resolve }))
    this.sendRaw(frame)
    return reply
  }

  /** Sends bytes without waiting for anything (for frames the server should refuse). */
  sendRaw(frame: Uint8Array | string): void {
    this.bytesUp += typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length
    this.socket.send(frame)
  }

  /** Resolves when the server (or we) closed the socket. */
  closed(): Promise<Closed> { return this.closedPromise }

  close(): Promise<Closed> {
    this.socket.close()
    return this.closedPromise
  }

  /** Drops the link without a closing handshake, as a network failure would. */
  drop(): Promise<Closed> {
    this.socket.terminate()
    return this.closedPromise
  }
}
