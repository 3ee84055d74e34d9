// The live connection of one view: join with the page's signed token, send events in order,
// apply patches, send heartbeats, and reconnect with exponential backoff and jitter.
import {
  CLOSE_BAD_TOKEN, CLOSE_UNKNOWN_VIEW, CLOSE_VERSION_MISMATCH, FRAME_ERROR, FRAME_HEARTBEAT_ACK, FRAME_PUSH,
  FRAME_REPLY, FrameReader, HEARTBEAT_FRAME, encodeEvent, encodeJoin,
} from './protocol.ts'
import { applyPatch, scanRoot, type View } from './patch.ts'
import { Delegator } from './events.ts'
import { bindModels, modelAnswered, showFieldValues } from './model.ts'

export const SOCKET_PATH = '/_livets/ws'
const HEARTBEAT_MS = 30_000
const BACKOFF_BASE_MS = 100
const BACKOFF_MAX_MS = 5_000
const MAX_QUEUED_FRAMES = 1_000
const RELOAD_GUARD_KEY = 'livets:reloaded-at'

/** What a page (and its tests) can see of the connection. */
export interface ConnectionStatus {
  connected: boolean
  /** JOIN and EVENT frames sent and not yet answered. */
  pending: number
  joins: number
  lastError: string | null
}

export class LiveConnection {
  readonly status: ConnectionStatus = { connected: false, pending: 0, joins: 0, lastError: null }
  private socket: WebSocket | null = null
  private readonly view: View
  private readonly queue: Array<{ frame: Uint8Array; field: Element | null }> = []
  /** Per frame in flight, oldest first (replies come in order): the ts-model field it came from, if any. */
  private readonly answering: Array<Element | null> = []
  private attempt = 0
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private stopped = false

  constructor(root: Element, private readonly token: string, private readonly url: string) {
    this.view = { root, instance: scanRoot(root) }
    // Events are listened for from the start: those before the socket opens wait in the queue.
    new Delegator(root, (name, payload) => this.send(encodeEvent(name, payload), null))
    bindModels(root, (name, payload, field) => this.send(encodeEvent(name, payload), field))
    showFieldValues(root)
  }

  connect(): void {
    const socket = new WebSocket(this.url)
    socket.binaryType = 'arraybuffer'
    this.socket = socket
    socket.onopen = () => {
      this.status.connected = true
      this.status.joins++
      this.status.pending = 1
      this.answering.push(null)
      socket.send(encodeJoin(this.token))
      for (const { frame, field } of this.queue.splice(0)) { this.status.pending++; this.answering.push(field); socket.send(frame) }
      this.heartbeat = setInterval(() => socket.send(HEARTBEAT_FRAME), HEARTBEAT_MS)
    }
    socket.onmessage = (message) => this.onFrame(new Uint8Array(message.data as ArrayBuffer))
    socket.onclose = (close) => this.onClose(close.code, close.reason)
  }

  stop(): void {
    this.stopped = true
    this.socket?.close()
  }

  private send(frame: Uint8Array, field: Element | null): void {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.status.pending++
      this.answering.push(field)
      this.socket.send(frame)
    } else if (this.queue.length < MAX_QUEUED_FRAMES) {
      this.queue.push({ frame, field })
    } else if (field) modelAnswered(field) // dropped: it will never be answered
  }

  /** The oldest frame in flight got its REPLY or ERROR. */
  private answered(): void {
    this.status.pending--
    const field = this.answering.shift()
    if (field) modelAnswered(field)
  }

  private onFrame(frame: Uint8Array): void {
    switch (frame[0]) {
      case FRAME_REPLY:
        this.answered()
        this.attempt = 0
        applyPatch(this.view, frame)
        break
      case FRAME_PUSH:
        applyPatch(this.view, frame)
        break
      case FRAME_ERROR: {
        this.answered()
        const reader = new FrameReader(frame)
        reader.byte(); reader.byte()
        this.status.lastError = reader.string()
        console.error('LiveTS:', this.status.lastError)
        break
      }
      case FRAME_HEARTBEAT_ACK:
        break
    }
  }

  private onClose(code: number, reason: string): void {
    clearInterval(this.heartbeat)
    this.status.connected = false
    this.status.pending = 0
    // What was in flight is lost with the socket: the fields it came from wait for nothing now.
    for (const field of this.answering.splice(0)) if (field) modelAnswered(field)
    if (this.stopped) return
    if (code === CLOSE_BAD_TOKEN || code === CLOSE_VERSION_MISMATCH || code === CLOSE_UNKNOWN_VIEW) {
      // The page is stale (server restarted with another secret, or redeployed): a fresh load fixes it.
      // Reload at most once a minute so that a broken server does not loop the browser.
      const last = Number(sessionStorage.getItem(RELOAD_GUARD_KEY) ?? 0)
      if (Date.now() - last > 60_000) {
        sessionStorage.setItem(RELOAD_GUARD_KEY, String(Date.now()))
        location.reload()
        return
      }
      this.status.lastError = `connection refused (${code}): ${reason}`
      console.error('LiveTS:', this.status.lastError)
      return
    }
    // Exponential backoff with jitter, so a restarted server is not hit by every client at once.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt++)
    setTimeout(() => this.connect(), ceiling / 2 + Math.random() * ceiling / 2)
  }
}
