// A protocol-level LiveTS client for Node: loads a page, joins its live connection and sends events
// without a browser. Tests and benchmarks use it; it speaks exactly what the browser client speaks.
import WebSocket from 'ws'
import {
  FRAME_ERROR, FRAME_HEARTBEAT_ACK, FRAME_PUSH, FRAME_REPLY, FrameReader, decodePatch, encodeEvent, encodeJoin,
  type PatchOpDecoded,
} from '@livets/client/protocol'

export interface LiveReply {
  /** The frame as received. */
  frame: Uint8Array
  /** REPLY/PUSH: the patch operations; ERROR: none. */
  ops: PatchOpDecoded[]
  /** ERROR frames: the code and message. */
  error?: { code: number; message: string }
}

export interface Closed { code: number; reason: string }

/** Reads the signed token from a page's HTML. */
export function pageToken(html: string): string {
  const match = /data-ts-token="([^"]+)"/.exec(html)
  if (!match) throw new Error('the page has no data-ts-token: is it a live() route?')
  return match[1]
}

export class LiveClient {
  /** Every patch (REPLY and PUSH) received, in order. */
  readonly frames: Uint8Array[] = []
  bytesUp = 0
  bytesDown = 0
  private readonly waiting: Array<(reply: LiveReply) => void> = []
  private readonly pushWaiting: Array<(push: LiveReply) => void> = []
  private readonly closedPromise: Promise<Closed>

  private constructor(readonly socket: WebSocket, readonly html: string) {
    socket.binaryType = 'nodebuffer'
    socket.on('message', (data: Buffer) => {
      const frame = new Uint8Array(data)
      this.bytesDown += frame.length
      if (frame[0] === FRAME_HEARTBEAT_ACK) return
      if (frame[0] === FRAME_PUSH) {
        this.frames.push(frame)
        this.pushWaiting.shift()?.({ frame, ops: decodePatch(frame) })
        return
      }
      const reply: LiveReply = { frame, ops: [] }
      if (frame[0] === FRAME_REPLY) { this.frames.push(frame); reply.ops = decodePatch(frame) }
      else if (frame[0] === FRAME_ERROR) {
        const r = new FrameReader(frame)
        r.byte()
        reply.error = { code: r.byte(), message: r.string() }
      }
      this.waiting.shift()?.(reply)
    })
    this.closedPromise = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  }

  /** GETs `url`, opens the live socket and joins; resolves with the join's reply. */
  static async connect(url: string): Promise<{ client: LiveClient; joinReply: LiveReply }> {
    const html = await (await fetch(url)).text()
    return LiveClient.join(url, pageToken(html), html)
  }

  /** Opens the live socket of the server at `url` and joins with `token`; resolves with the reply. */
  static async join(url: string, token: string, html = ''): Promise<{ client: LiveClient; joinReply: LiveReply }> {
    const socketUrl = new URL('/_livets/ws', url)
    socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:'
    const socket = new WebSocket(socketUrl)
    await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject) })
    const client = new LiveClient(socket, html)
    const joinReply = client.sendFrame(encodeJoin(token))
    // A refused join closes the socket instead of replying.
    const outcome = await Promise.race([joinReply, client.closed()])
    if ('code' in outcome) throw Object.assign(new Error(`join refused with ${outcome.code}: ${outcome.reason}`), outcome)
    return { client, joinReply: outcome }
  }

  /** Sends an EVENT and resolves with its REPLY (or ERROR). */
  event(name: string, payload: Record<string, string> = {}): Promise<LiveReply> {
    return this.sendFrame(encodeEvent(name, payload))
  }

  /** Resolves with the next PUSH frame: a render no event of this client asked for (setState, broadcast). */
  nextPush(): Promise<LiveReply> {
    return new Promise((resolve) => this.pushWaiting.push(resolve))
  }

  /** Sends raw bytes and resolves with the next reply. */
  sendFrame(frame: Uint8Array): Promise<LiveReply> {
    const reply = new Promise<LiveReply>((resolve) => this.waiting.push(resolve))
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
}
