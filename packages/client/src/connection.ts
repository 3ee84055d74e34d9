// The live connection of one page: join with the page's signed token, send events in order, apply
// patches, acknowledge them, send heartbeats, and when the link drops, come back and resume the
// same session: the server replays the frames this page missed, and the events it sent meanwhile
// are delivered exactly once (docs/protocol.md, "Sessions and resume").
import {
  CLOSE_BAD_TOKEN, CLOSE_RESUME_REFUSED, CLOSE_SERVICE_RESTART, CLOSE_UNKNOWN_VIEW, CLOSE_VERSION_MISMATCH, DIRECTIVE_TARGET, EVENT_HOOK_PREFIX, FIELD_JSON, FRAME_ERROR,
  FRAME_EXEC, FRAME_HEARTBEAT_ACK, FRAME_HOOK_EVENT, FRAME_LOCATION, FRAME_PUSH, FRAME_REPLY, FRAME_REPLY_DATA, FRAME_SESSION, FRAME_TITLE,
  FRAME_UPLOAD_ACK, EventNames, FrameReader, SESSION_RESUMED, encodeAck, encodeEvent, encodeHeartbeat, encodeJoin, encodeNavigate, readLocation,
  readSessionHead, readUploadAck, type UploadAck,
} from './protocol.ts'
import { applyPatch, newView, type View } from './patch.ts'
import { targetOf } from './targets.ts'
import { ViewportBindings } from './viewport.ts'
import { Delegator } from './events.ts'
import { commandsOf } from './js-commands.ts'
import { runCommands } from './js-exec.ts'
import { Navigation, type PageLoader } from './navigation.ts'
import { Hooks } from './hooks.ts'
import { bindModels, modelAnswered, showFieldValues } from './model.ts'
import { startLoading } from './loading.ts'
import { bindForms, formRecovery, type SendForm } from './forms.ts'
import { UploadClient } from './uploads.ts'
import type { Payload } from './modifiers.ts'
import type { Transport, TransportFactory } from './transport.ts'

const HEARTBEAT_MS = 30_000
const BACKOFF_BASE_MS = 100
const BACKOFF_MAX_MS = 5_000
/** Events kept while they wait for their answer; past it new ones are dropped (a page offline for long). */
const MAX_UNANSWERED_EVENTS = 1_000
/** Pushes applied before an ACK frame goes up on its own (events and heartbeats carry acks anyway). */
const ACK_EVERY_FRAMES = 32
const ACK_AFTER_MS = 1_000
const RELOAD_GUARD_KEY = 'livets:reloaded-at'

/** What a page (and its tests) can see of the connection. */
export interface ConnectionStatus {
  connected: boolean
  /** JOIN and EVENT frames sent and not yet answered. */
  pending: number
  joins: number
  /** The SESSION mode of the last join (SESSION_FRESH, SESSION_RESUMED, …), -1 before the first. */
  session: number
  lastError: string | null
}

/** One event on its way: numbered once, resent after a reconnect until it is answered. */
interface OutgoingEvent {
  seq: number
  /** The frame, with the acknowledgement it carries when it goes and the link's event names (an EVENT, or an UPLOAD). */
  encode(ack: number, names: EventNames): Uint8Array
  field: Element | null
  /** Undoes its loading state (loading.ts) once answered. */
  loaded: () => void
  /** A hook's pushEvent waits for the answer: the handler's data, or the error. */
  settle?: { resolve(data: unknown): void; reject(error: Error): void }
}

/** What a page may change about its connection (livets/testing loads pages its own way). */
export interface ConnectionOptions { loader?: PageLoader }

/** Where an event comes from: the element and the DOM event type, for its loading state. */
export interface EventSource { element: Element | null; type: string }

/** Told about each join's outcome, before (`mode`, nothing applied yet) and after its patch is applied. */
export interface SessionListener { before?(mode: number): void; after?(mode: number): void }

export class LiveConnection {
  readonly status: ConnectionStatus = { connected: false, pending: 0, joins: 0, session: -1, lastError: null }
  private transport: Transport | null = null
  private open = false
  /** The JOIN on this link is not answered yet (a SESSION frame can also come unasked: a re-render of a lagging page). */
  private joining = false
  private readonly view: View
  /** Events sent or waiting to be, oldest first; each REPLY or ERROR answers the first. */
  private readonly unanswered: OutgoingEvent[] = []
  private nextEvent = 1
  /** The event names this link defined; a new one at every JOIN, as on the server (docs/protocol.md, "Event names"). */
  private names = new EventNames()
  /** The session to resume after a drop, and how far this page got in it. */
  private credential = ''
  private applied = 0
  private acknowledged = 0
  private ackTimer: ReturnType<typeof setTimeout> | undefined
  private attempt = 0
  private heartbeat: ReturnType<typeof setInterval> | undefined
  /** The reconnect waiting for its backoff to pass, if the link is down. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private stopped = false
  private readonly sessionListeners: SessionListener[] = []
  /** Hears UPLOAD_ACK frames (uploads.ts). */
  uploadAcked: ((ack: UploadAck) => void) | undefined
  readonly navigation: Navigation
  readonly hooks: Hooks

  constructor(root: Element, private readonly token: string, private readonly openTransport: TransportFactory, options: ConnectionOptions = {}) {
    this.hooks = new Hooks(root, (name, payload) => this.pushHookEvent(name, payload))
    this.view = newView(root, this.hooks)
    // Events are listened for from the start: those before the socket opens wait their turn. Each
    // goes to the component it happened in, or the one its ts-target names (docs/components.md);
    // so do the events a ts-js push sends.
    new Delegator(root, (name, payload, element, type) => this.sendFrom(element, name, payload, null, { element, type }), (text, payload, element, type) => {
      const commands = commandsOf(text)
      if (commands) runCommands(commands, { element, push: (name) => this.sendFrom(element, name, payload, null, { element, type }) })
    })
    bindModels(root, (name, payload, field, type) => this.sendFrom(field, name, payload, field, { element: field, type }))
    new ViewportBindings(root, (name, element) => this.sendFrom(element, name, {}, null, { element, type: 'viewport' }))
    // A join that started over leaves nothing in flight: every loading state ends (those resent start again as they are answered).
    this.addSessionListener({ before: () => this.endLoading() })
    const sendForm: SendForm = (name, pairs, source, field) => source.element ? this.sendFrom(source.element, name, pairs, field ?? null, source) : this.send(name, pairs, field ?? null, 0, source)
    bindForms(root, sendForm)
    this.addSessionListener(formRecovery(root, sendForm))
    this.addSessionListener(new UploadClient(root, this).sessionListener())
    this.navigation = new Navigation(root, (url, mode, history) => this.sendAnswered((ack) => encodeNavigate(ack, mode, history, url)), options.loader)
    this.addSessionListener(this.navigation)
    this.addSessionListener({ after: () => this.hooks.joined() })
    showFieldValues(root)
  }

  /** Hears every join's outcome (form recovery, hooks). */
  addSessionListener(listener: SessionListener): void { this.sessionListeners.push(listener) }

  connect(): void {
    this.transport = this.openTransport({
      opened: () => this.opened(),
      received: (frame) => this.onFrame(frame),
      closed: (code, reason) => this.onClose(code, reason),
    })
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.retryTimer)
    this.transport?.close()
  }

  /**
   * Reconnects now instead of when the backoff ends, if the link is down and waiting: for whoever
   * knows the server is back (in development, the dev script hears the restarted server; docs/dev-loop.md).
   */
  retryNow(): void {
    if (this.retryTimer === undefined || this.stopped) return
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    this.connect()
  }

  /** Sends an EVENT from `element`: to the component it is in (or its ts-target names); nothing when ts-target names none. */
  private sendFrom(element: Element, name: string, fields: Payload, field: Element | null, source: EventSource): void {
    const target = targetOf(this.view.root, element)
    if (target === null) {
      this.status.lastError = `ts-target="${element.getAttribute(DIRECTIVE_TARGET)}" names no component on the page; the '${name}' event was not sent`
      console.error('LiveTS:', this.status.lastError)
      if (field) modelAnswered(field)
      return
    }
    this.send(name, fields, field, target, source)
  }

  /** Sends an EVENT for `name` (to component `target`, 0 for the view), now or once the link is up. */
  send(name: string, fields: Payload, field: Element | null, target = 0, source?: EventSource): void {
    this.sendAnswered((ack, names) => encodeEvent(ack, name, target, fields, names), field, source)
  }

  /** A hook's pushEvent: an EVENT named `ts-hook:<name>` carrying the payload as JSON, settled by its answer. */
  private pushHookEvent(name: string, payload: unknown): Promise<unknown> {
    let json: string
    try { json = JSON.stringify(payload) } catch (error) { return Promise.reject(error) }
    return new Promise((resolve, reject) => {
      const sent = this.sendAnswered((ack, names) => encodeEvent(ack, `${EVENT_HOOK_PREFIX}:${name}`, 0, [[FIELD_JSON, json]], names), null, undefined, { resolve, reject })
      if (!sent) reject(new Error('LiveTS: too many events waiting for the server; pushEvent dropped'))
    })
  }

  /**
   * Sends a frame that is answered like an EVENT (numbered, resent after a reconnect until its REPLY
   * or ERROR): an EVENT, an UPLOAD announcing files, or a NAVIGATE. Returns false if it was dropped.
   */
  sendAnswered(encode: (ack: number, names: EventNames) => Uint8Array, field: Element | null = null, source?: EventSource, settle?: OutgoingEvent['settle']): boolean {
    if (this.unanswered.length >= MAX_UNANSWERED_EVENTS) {
      if (field) modelAnswered(field) // dropped: it will never be answered
      return false
    }
    const loaded = source ? startLoading(source.element, source.type) : () => {}
    const event: OutgoingEvent = { seq: this.nextEvent++, encode, field, loaded, settle }
    this.unanswered.push(event)
    if (this.open) this.transmit(event)
    this.recount()
    return true
  }

  /** Sends a frame that is not answered as an event (an UPLOAD_CHUNK) if the link is up; returns whether it went. */
  sendNow(encode: (ack: number) => Uint8Array): boolean {
    if (!this.open || !this.transport) return false
    this.transport.send(encode(this.takeAck()))
    return true
  }

  private endLoading(): void {
    for (const event of this.unanswered) event.loaded()
  }

  private opened(): void {
    this.open = true
    this.joining = true
    this.status.connected = true
    this.status.joins++
    const next = this.unanswered[0]?.seq ?? this.nextEvent
    this.names = new EventNames()
    this.transport!.send(encodeJoin({ token: this.token, credential: this.credential, applied: this.applied, next }))
    this.acknowledged = this.applied
    // What was sent on the old link and not answered goes again: the server drops what it already has.
    for (const event of this.unanswered) this.transmit(event)
    this.recount()
    this.heartbeat = setInterval(() => this.transport?.send(encodeHeartbeat(this.takeAck())), HEARTBEAT_MS)
  }

  private transmit(event: OutgoingEvent): void {
    this.transport!.send(event.encode(this.takeAck(), this.names))
  }

  /** Frames applied since the last acknowledgement; every frame up carries it. */
  private takeAck(): number {
    const ack = this.applied - this.acknowledged
    this.acknowledged = this.applied
    clearTimeout(this.ackTimer)
    this.ackTimer = undefined
    return ack
  }

  /** After a PUSH: acknowledge lazily, so a page that only listens still lets the server forget. */
  private acknowledgeSoon(): void {
    if (this.applied - this.acknowledged >= ACK_EVERY_FRAMES) this.transport?.send(encodeAck(this.takeAck()))
    else if (this.ackTimer === undefined) this.ackTimer = setTimeout(() => { if (this.open) this.transport?.send(encodeAck(this.takeAck())) }, ACK_AFTER_MS)
  }

  /** The oldest event in flight got its REPLY (with the handler's data, for REPLY_DATA) or ERROR. */
  private answered(data?: unknown, error?: string): void {
    const event = this.unanswered.shift()
    event?.loaded()
    if (event?.field) modelAnswered(event.field)
    if (error !== undefined) event?.settle?.reject(new Error(error))
    else event?.settle?.resolve(data)
    this.recount()
  }

  /** What is in flight on this link: its JOIN until the SESSION frame, and every event not answered yet. */
  private recount(): void {
    this.status.pending = this.open ? (this.joining ? 1 : 0) + this.unanswered.length : 0
  }

  private onFrame(frame: Uint8Array): void {
    const reader = new FrameReader(frame)
    switch (reader.byte()) {
      case FRAME_SESSION: return this.onSession(reader)
      case FRAME_REPLY:
        this.applied++
        this.answered()
        this.attempt = 0
        applyPatch(this.view, reader)
        break
      case FRAME_PUSH:
        this.applied++
        applyPatch(this.view, reader)
        this.acknowledgeSoon()
        break
      case FRAME_ERROR: {
        this.applied++
        reader.byte()
        this.status.lastError = reader.string()
        this.answered(undefined, this.status.lastError)
        console.error('LiveTS:', this.status.lastError)
        break
      }
      case FRAME_REPLY_DATA: {
        this.applied++
        const data = parseData(reader.string())
        this.attempt = 0
        applyPatch(this.view, reader)
        this.answered(data)
        break
      }
      case FRAME_LOCATION:
        this.applied++
        this.navigation.located(readLocation(reader))
        this.acknowledgeSoon()
        break
      case FRAME_TITLE:
        this.applied++
        this.view.root.ownerDocument.title = reader.string()
        this.acknowledgeSoon()
        break
      case FRAME_EXEC: {
        this.applied++
        const commands = commandsOf(reader.string())
        if (commands) runCommands(commands, { element: this.view.root, push: (name) => this.send(name, {}, null) })
        this.acknowledgeSoon()
        break
      }
      case FRAME_HOOK_EVENT: {
        this.applied++
        const name = reader.string()
        this.hooks.hookEvent(name, parseData(reader.string()))
        this.acknowledgeSoon()
        break
      }
      case FRAME_HEARTBEAT_ACK:
        break
      case FRAME_UPLOAD_ACK:
        this.uploadAcked?.(readUploadAck(reader))
        break
    }
  }

  /** The answer to JOIN: the session to keep, how far it got, and (unless resumed) the page's render. */
  private onSession(reader: FrameReader): void {
    const { mode, lastFrame, answered, credential } = readSessionHead(reader)
    this.joining = false
    this.recount()
    this.status.session = mode
    this.attempt = 0
    // '' when the page has it already (a re-render of a page that fell behind, docs/protocol.md).
    if (credential !== '') this.credential = credential
    // Events whose answers the page will never see (they were in frames this SESSION stands for).
    while (this.unanswered.length > 0 && this.unanswered[0].seq <= answered) this.answered()
    for (const listener of this.sessionListeners) listener.before?.(mode)
    if (mode !== SESSION_RESUMED) {
      // Numbering goes on from the frame this SESSION stands for.
      this.applied = this.acknowledged = lastFrame
      applyPatch(this.view, reader)
    }
    for (const listener of this.sessionListeners) listener.after?.(mode)
  }

  private onClose(code: number, reason: string): void {
    this.hooks.disconnected()
    clearInterval(this.heartbeat)
    clearTimeout(this.ackTimer)
    this.ackTimer = undefined
    this.open = false
    this.transport = null
    this.status.connected = false
    this.recount()
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
    if (code === CLOSE_RESUME_REFUSED) {
      // The server will not resume this session: join afresh, at once; the events waiting go to the new view.
      this.credential = ''
      this.attempt = 0
      this.connect()
      return
    }
    // A restarting server asks to come back at once (with a little jitter so that not every page
    // arrives in the same millisecond); anything else backs off exponentially, with jitter.
    const ceiling = code === CLOSE_SERVICE_RESTART && this.attempt === 0
      ? BACKOFF_BASE_MS
      : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt++)
    this.retryTimer = setTimeout(() => { this.retryTimer = undefined; this.connect() }, ceiling / 2 + Math.random() * ceiling / 2)
  }
}

/** A frame's JSON data; what does not parse is reported and read as undefined (the page goes on). */
function parseData(json: string): unknown {
  if (json === '') return undefined
  try { return JSON.parse(json) } catch { console.error('LiveTS: the server sent data that is not JSON'); return undefined }
}
