// One live session on the server: a view instance and the page that shows it. The engine decodes
// and validates each frame; this class runs the application's code (mount, handlers, handleInfo,
// render) one step at a time, in order, through one funnel (`run`): a step that throws or times
// out is logged with its view and phase, its state rolls back to the last checkpoint, and the
// client gets an ERROR in place of the REPLY it waits for.
//
// A session outlives its socket (docs/scaling.md): when the socket drops it is kept for a
// retention window with the numbered frames the page has not acknowledged (outbox.ts), and a
// client that comes back resumes it and receives exactly what it missed. A process that does not
// hold the session restores the view from its last checkpoint instead.
import { ReceiveKind, type EngineAddon } from '@livets/engine'
import {
  CLOSE_BAD_TOKEN, CLOSE_MOUNT_FAILED, CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR, CLOSE_RESUME_REFUSED, CLOSE_UNKNOWN_VIEW,
  ERROR_HANDLER_FAILED, ERROR_UNKNOWN_EVENT, SESSION_FRESH, SESSION_RESTORED, SESSION_RESUMED, SESSION_RESYNCED,
} from '@livets/client/protocol'
import { encodeRender } from './render-tree.ts'
import { LiveView, RESERVED_HANDLER_NAMES, viewConnection, type EventPayload, type MountContext, type ViewConnection } from './live-view.ts'
import type { Recipient } from './backplane/hub.ts'
import type { PresenceTracker } from './presence/tracker.ts'
import type { PresenceDiff } from './presence/presence.ts'
import { modelBinding, modelValue, writePath } from './model.ts'
import { findView, type ViewEntry } from './views.ts'
import { Outbox, type OutboxLimits } from './sessions/outbox.ts'
import { unserializablePath, type Checkpoint } from './sessions/checkpoint.ts'
import { shareFrame } from './sessions/shared-frame.ts'
import type { SessionStore } from './sessions/session-store.ts'
import type { PagePayload } from './live.ts'

/** A socket as a session needs it; the adapter's socket wrapper (runtime.ts) is one. */
export interface SessionSocket {
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
  /** The session that owns the socket now; a resume hands the socket to another session. */
  session: LiveSession
}

export interface Logger { error(message: string, error?: unknown): void; warn(message: string): void }

/** What every session of one server shares: the engine, where to log, the store, the limits. */
export interface SessionHost {
  readonly engine: EngineAddon
  readonly log: Logger
  readonly store: SessionStore
  readonly options: SessionLimits
  /** This process's presence entries (a host without one, e.g. a test double, tracks nothing). */
  readonly presence?: PresenceTracker
  /** The live session with this session id, if this process holds it. */
  find(sessionId: string): LiveSession | undefined
  /** A session joined (or resumed) under `sessionId`. */
  claim(session: LiveSession): void
  /** A session ended: forget it. */
  forget(session: LiveSession): void
}

export interface SessionLimits {
  /** How long a session whose socket dropped is kept for its client to resume (0: not at all). */
  retentionMs: number
  /** A handler still running after this long is given up on: its event gets an ERROR and the queue moves on. */
  handlerTimeoutMs: number
  outbox: OutboxLimits
  /** Development: state is checked for what JSON would not bring back, with the path that holds it. */
  dev: boolean
}

/** WebSocket close reasons are limited to 123 bytes. */
const closeReason = (reason: string): string => (reason.length > 100 ? reason.slice(0, 100) + '…' : reason)

/** What a JOIN's engine verdict says about the session (ReceiveResult.cs). */
interface JoinInfo { session: string; credential: string; resumed: string; applied: string; next: string }

/** One unit of application work: which phase (for the log), whether the client waits for its answer, the work. */
interface Step {
  /** `Counter.increment()`, `Counter.handleInfo()`: what the log and the error reply name. */
  label: string
  /** A REPLY or ERROR is owed for it (a client EVENT). */
  answers: boolean
  work(view: LiveView<any>): unknown
}

class HandlerTimeout extends Error {
  constructor(ms: number) { super(`still running after ${ms} ms; its event was answered with an error and the next one started`) }
}

type Phase = 'new' | 'joining' | 'live' | 'detached' | 'ended'

/**
 * One session. It is also the view's ViewConnection and its pub/sub recipient: methods on one
 * object rather than closures per connection, which keeps idle connections small.
 */
export class LiveSession implements ViewConnection, Recipient {
  /** The engine's connection id: the tree the page shows, its subscriptions, its heartbeat deadline. */
  readonly id: string
  /** The session's id, from the JOIN's credential: what a resume or a restore names. */
  sessionId = ''
  private phase: Phase = 'new'
  private socket: SessionSocket | null
  private view: LiveView<any> | undefined
  private entry: ViewEntry | undefined
  private params: Record<string, string> = {}
  private query: Record<string, string> = {}
  private queue: Promise<void> = Promise.resolve()
  /** Frames that came while the JOIN was being handled: received once it is done. */
  private held: Uint8Array[] | null = null
  private readonly outbox: Outbox
  /** Client EVENTs received in this session (they are numbered by their order), and resent ones still to drop. */
  private eventsReceived = 0
  private duplicatesToDrop = 0
  /** Frames are numbered but not sent until the SESSION frame of a resync has gone first. */
  private holdingSends = false
  /** The state after the last good step, as JSON: what a failed step rolls back to, and what a store keeps. */
  private checkpointData: string | undefined
  private handling = false
  private pushScheduled = false
  private warned: Set<string> | undefined

  constructor(private readonly host: SessionHost, socket: SessionSocket) {
    this.id = host.engine.open()
    this.socket = socket
    this.outbox = new Outbox(host.options.outbox)
  }

  private get viewName(): string { return this.entry?.id ?? 'connection' }
  get attached(): boolean { return this.socket !== null }
  get detached(): boolean { return this.phase === 'detached' }

  // ── frames in ────────────────────────────────────────────────────────────────────────────────

  /**
   * A frame from `socket`. Heartbeats and acknowledgements are dealt with at once, even while a
   * handler runs; JOIN and EVENT frames wait their turn in the session's queue.
   */
  receive(frame: Uint8Array, socket: SessionSocket): void {
    if (this.phase === 'ended' || socket !== this.socket) return
    if (this.held) { this.held.push(frame); return }
    const [kind, text, bytes, closeCode, ack, target, ...fields] = this.host.engine.receive(this.id, frame)
    if (ack > 0 && !this.outbox.ack(ack)) return this.close(CLOSE_PROTOCOL_ERROR, 'acknowledged frames that were never sent')
    switch (kind) {
      case ReceiveKind.Reply: socket.send(bytes!); return
      case ReceiveKind.Ack: return
      case ReceiveKind.Close:
        this.host.log.warn(`[livets] closing connection ${this.id} with ${closeCode}: ${text}`)
        return this.close(closeCode, text)
      case ReceiveKind.ErrorReply:
        if (this.dropDuplicate()) return
        this.host.log.warn(`[livets] ${this.viewName} ${this.id}: ${text}`)
        this.enqueue(() => this.sendNumbered(bytes!))
        return
      case ReceiveKind.Join:
        return this.joinReceived(text, toRecord(fields) as unknown as JoinInfo, socket)
      case ReceiveKind.Event:
        if (this.dropDuplicate()) return
        this.enqueue(() => this.event(text, target, toRecord(fields)))
    }
  }

  /** A resent EVENT this session already has (delivered exactly once across a resume). */
  private dropDuplicate(): boolean {
    if (this.duplicatesToDrop > 0) { this.duplicatesToDrop--; return true }
    this.eventsReceived++
    return false
  }

  private enqueue(work: () => unknown): void {
    this.queue = this.queue.then(async () => { await work() }).catch((error) => this.host.log.error(`[livets] ${this.viewName} ${this.id}: internal error`, error))
  }

  // ── joining: fresh, resumed, restored ────────────────────────────────────────────────────────

  private joinReceived(payloadJson: string, info: JoinInfo, socket: SessionSocket): void {
    let payload: PagePayload
    try {
      payload = JSON.parse(payloadJson) as PagePayload
      if (typeof payload?.v !== 'string') throw new Error('no view named')
    } catch {
      return this.close(CLOSE_BAD_TOKEN, 'the page token does not name a view; reload the page')
    }
    if (info.resumed === '1') {
      const existing = this.host.find(info.session)
      // The session lives here: it takes this socket over, and this placeholder goes.
      if (existing && existing !== this) {
        this.phase = 'ended'
        this.host.engine.close(this.id)
        this.host.forget(this)
        existing.resume(socket, info)
        return
      }
    }
    this.phase = 'joining'
    this.held = []
    this.sessionId = info.session
    this.enqueue(async () => {
      const restored = info.resumed === '1' ? await this.loadCheckpoint(info.session) : undefined
      await (restored ? this.restore(restored, info) : this.mountFresh(payload, info))
      const held = this.held ?? []
      this.held = null
      // Whoever owns the socket now gets what came meanwhile.
      for (const frame of held) socket.session.receive(frame, socket)
    })
  }

  private async loadCheckpoint(session: string): Promise<Checkpoint | undefined> {
    try {
      const data = await this.host.store.load(session)
      return data === undefined ? undefined : JSON.parse(data) as Checkpoint
    } catch (error) {
      this.host.log.warn(`[livets] session ${session}: its checkpoint could not be read (${(error as Error).message}); mounting afresh`)
      return undefined
    }
  }

  private async mountFresh(payload: PagePayload, info: JoinInfo): Promise<void> {
    // A first join picks up the page's static render; a later one knows nothing of what the page shows.
    const first = info.resumed === '0' && Number(info.applied) === 0
    if (!first) this.host.engine.resync(this.id)
    this.eventsReceived = Number(info.next) - 1
    await this.start(payload.v, payload.p, payload.q, undefined, info, SESSION_FRESH)
  }

  private async restore(checkpoint: Checkpoint, info: JoinInfo): Promise<void> {
    this.host.engine.resync(this.id)
    const resent = Number(info.next) - 1
    this.eventsReceived = Math.max(resent, checkpoint.events)
    this.duplicatesToDrop = Math.max(0, checkpoint.events - resent)
    await this.start(checkpoint.view, checkpoint.params, checkpoint.query, checkpoint, info, SESSION_RESTORED)
  }

  /** Mounts the view (restoring its state when there is a checkpoint) and answers the JOIN with a SESSION frame. */
  private async start(viewId: string, params: Record<string, string>, query: Record<string, string>,
    checkpoint: Checkpoint | undefined, info: JoinInfo, mode: number): Promise<void> {
    const entry = findView(viewId)
    if (!entry) {
      this.host.log.warn(`[livets] join for unknown view '${viewId}' (is live(${viewId}) registered on this server?)`)
      return this.close(CLOSE_UNKNOWN_VIEW, `unknown view ${viewId}`)
    }
    this.entry = entry
    this.params = params
    this.query = query
    this.host.claim(this)
    if (!await this.mountView(checkpoint)) return
    this.phase = 'live'
    this.outbox.restart(0)
    this.sendSession(mode, info.credential)
  }

  /** A new instance of the session's view, mounted (connected) and, from a checkpoint, with its state back. */
  private async mountView(checkpoint: Checkpoint | undefined): Promise<boolean> {
    const entry = this.entry!
    const view = new entry.View()
    view[viewConnection] = this
    this.view = view
    const ctx: MountContext = { params: this.params, query: this.query, connected: true, restored: checkpoint !== undefined }
    this.handling = true
    try {
      await view.mount?.(ctx)
      if (checkpoint) {
        if (view.restore) view.restore(checkpoint.state)
        else view.state = checkpoint.state as object
      }
      this.takeCheckpoint()
      return true
    } catch (error) {
      this.host.log.error(`[livets] ${entry.id}.${checkpoint ? 'mount()/restore()' : 'mount()'} failed for connection ${this.id}`, error)
      this.close(CLOSE_MOUNT_FAILED, `${entry.id} failed to mount`)
      return false
    } finally {
      this.handling = false
    }
  }

  /** The SESSION frame, with the view's render, answering the JOIN. */
  private sendSession(mode: number, credential: string): void {
    let frame: Uint8Array
    try {
      frame = this.host.engine.session(this.id, mode, this.outbox.last, credential, this.renderTree())
    } catch (error) {
      this.host.log.error(`[livets] ${this.viewName}.render() failed for connection ${this.id}`, error)
      return this.close(CLOSE_MOUNT_FAILED, `${this.viewName} failed to render`)
    }
    this.socket?.send(frame)
  }

  /**
   * The client of this (retained) session came back on `socket`. It gets the frames it missed, in
   * order, or, when some are gone past the outbox's bound, the page re-rendered whole.
   */
  resume(socket: SessionSocket, info: JoinInfo): void {
    const applied = Number(info.applied)
    const missed = this.outbox.since(applied)
    const resent = Number(info.next) - 1
    if (missed === 'future' || resent > this.eventsReceived) {
      this.host.log.warn(`[livets] ${this.viewName} session ${this.sessionId}: resume refused, the client counts frames or events this session never had`)
      socket.close(CLOSE_RESUME_REFUSED, 'resume refused: frame or event numbers from the future')
      return
    }
    const previous = this.socket
    this.socket = socket
    socket.session = this
    // A socket that never noticed it was dead (half-open) is replaced by the newer one.
    if (previous && previous !== socket) previous.close(CLOSE_NORMAL, 'replaced by a newer connection')
    this.duplicatesToDrop = this.eventsReceived - resent
    this.phase = 'live'
    if (missed === 'lost') {
      this.holdingSends = true
      this.enqueue(() => this.resync(info.credential))
      return
    }
    socket.send(this.host.engine.session(this.id, SESSION_RESUMED, applied, info.credential, null))
    for (const frame of missed) socket.send(frame)
  }

  /** Frames the client needs are gone: one SESSION frame with the whole page, in turn with the other steps. */
  private resync(credential: string): void {
    this.holdingSends = false
    if (!this.view || !this.socket) return
    this.host.engine.resync(this.id)
    this.outbox.restart(this.outbox.last)
    this.sendSession(SESSION_RESYNCED, credential)
  }

  // ── the funnel ───────────────────────────────────────────────────────────────────────────────

  /**
   * Runs one step of application code and what follows it: on success a render (a REPLY when the
   * client waits for one, else a PUSH) and a checkpoint; on a throw or a timeout, the log line,
   * the rollback and, when owed, an ERROR.
   */
  private async run(step: Step, render = true): Promise<void> {
    const view = this.view
    if (!view || this.phase === 'ended') return
    this.handling = true
    try {
      await this.withinTimeout(step.work(view))
    } catch (error) {
      return this.fail(step, error)
    } finally {
      this.handling = false
    }
    if (render) this.sendRender(step)
  }

  private withinTimeout(result: unknown): unknown {
    if (!(result instanceof Promise)) return result
    const ms = this.host.options.handlerTimeoutMs
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new HandlerTimeout(ms)), ms) })
    return Promise.race([result, timeout]).finally(() => clearTimeout(timer))
  }

  private fail(step: Step, error: unknown): void {
    const timedOut = error instanceof HandlerTimeout
    const what = timedOut ? error.message : `threw: ${error instanceof Error ? error.message : String(error)}`
    this.host.log.error(`[livets] ${step.label} ${what} (connection ${this.id})`, timedOut ? undefined : error)
    this.rollback()
    if (step.answers) this.sendNumbered(this.host.engine.errorReply(ERROR_HANDLER_FAILED, `${step.label} failed; see the server log`))
  }

  /** The state goes back to the last checkpoint; without one (persist = false) the view mounts again. */
  private rollback(): void {
    const view = this.view
    if (!view) return
    if (this.checkpointData !== undefined) {
      const { state } = JSON.parse(this.checkpointData) as Checkpoint
      if (view.restore) view.restore(state)
      else view.state = state as object
      return
    }
    this.unmountView()
    this.enqueue(async () => { if (await this.mountView(undefined)) this.sendRender({ label: `${this.viewName}.mount()`, answers: false, work: () => {} }) })
  }

  /** Renders the view and sends the engine's patch (REPLY or PUSH), then checkpoints and calls updated(). */
  private sendRender(step: Step): void {
    const view = this.view
    if (!view || this.phase === 'ended') return
    let frame: Uint8Array
    try {
      const tree = this.renderTree()
      frame = step.answers ? this.host.engine.render(this.id, tree) : this.host.engine.push(this.id, tree)
    } catch (error) {
      return this.fail({ ...step, label: `${this.viewName}.render() after ${step.label}` }, error)
    }
    this.takeCheckpoint()
    this.sendNumbered(step.answers ? frame : shareFrame(frame))
    try { view.updated?.() } catch (error) { this.host.log.error(`[livets] ${this.viewName}.updated() threw`, error) }
  }

  private renderTree(): string {
    return encodeRender(this.host.engine, this.view!.render(), this.viewName, this.view!.state)
  }

  /** Numbers a frame (kept until acknowledged) and sends it when the page is there to get it. */
  private sendNumbered(frame: Uint8Array): void {
    this.outbox.add(frame)
    if (this.socket && !this.holdingSends && this.phase === 'live') this.socket.send(frame)
  }

  /** The view's state as JSON, kept for rollback and handed to the session store. */
  private takeCheckpoint(): void {
    const view = this.view!
    if ((this.entry!.View as unknown as typeof LiveView).persist === false) { this.checkpointData = undefined; return }
    const state = view.snapshot ? view.snapshot() : view.state
    if (this.host.options.dev) {
      const problem = unserializablePath(state)
      if (problem) {
        this.warnOnce(`checkpoint:${problem}`, `${this.viewName}: ${problem}. View state must survive JSON to be checkpointed and restored ` +
          `(docs/scaling.md): keep such values on the view instance instead of in this.state, or set static persist = false.`, true)
        this.checkpointData = undefined
        return
      }
    }
    const checkpoint: Checkpoint = { view: this.entry!.id, params: this.params, query: this.query, state, events: this.eventsReceived }
    this.checkpointData = JSON.stringify(checkpoint)
    this.host.store.save(this.sessionId, this.checkpointData)
  }

  // ── what runs through the funnel ─────────────────────────────────────────────────────────────

  private async event(name: string, _target: number, payload: EventPayload): Promise<void> {
    const view = this.view
    if (!view) return
    const model = modelBinding(name)
    if (model) {
      return this.run({ label: `${this.viewName} ts-model="${model.path.join('.')}"`, answers: true, work: (v) => writePath(v.state, model.path, modelValue(payload, model.modifiers)) })
    }
    const method = RESERVED_HANDLER_NAMES.has(name) ? undefined : (view as unknown as Record<string, unknown>)[name]
    if (typeof method === 'function') {
      return this.run({ label: `${this.viewName}.${name}()`, answers: true, work: (v) => method.call(v, payload) })
    }
    if (view.handleEvent) {
      return this.run({ label: `${this.viewName}.handleEvent('${name}')`, answers: true, work: (v) => v.handleEvent!(name, payload) })
    }
    this.host.log.warn(`[livets] ${this.viewName} has no handler '${name}': add a method ${name}(payload) or handleEvent(name, payload)`)
    this.sendNumbered(this.host.engine.errorReply(ERROR_UNKNOWN_EVENT, `unknown event '${name}'`))
  }

  /** Recipient: a broadcast on a subscribed topic, handled after the steps already queued, then a PUSH. */
  deliver(message: unknown): void {
    this.enqueue(() => {
      const view = this.view
      if (!view) return
      if (!view.handleInfo) return this.warnOnce('handleInfo', `${this.viewName} subscribed to a topic but has no handleInfo(message) to hear it`)
      return this.run({ label: `${this.viewName}.handleInfo()`, answers: false, work: (v) => v.handleInfo!(message) })
    })
  }

  /** Recipient: who joined and left a subscribed topic, handled like a broadcast; views without handlePresence ignore it. */
  deliverPresence(diff: PresenceDiff): void {
    this.enqueue(() => {
      if (!this.view?.handlePresence) return
      return this.run({ label: `${this.viewName}.handlePresence()`, answers: false, work: (v) => v.handlePresence!(diff) })
    })
  }

  /** ViewConnection: setState() outside a handler, one PUSH for all changes made in the same tick. */
  requestRender(): void {
    if (this.handling || this.pushScheduled || this.phase === 'ended' || !this.view) return
    this.pushScheduled = true
    this.enqueue(async () => {
      await Promise.resolve()
      this.pushScheduled = false
      this.sendRender({ label: `${this.viewName}.setState()`, answers: false, work: () => {} })
    })
  }

  subscribe(topic: string): void { this.host.engine.subscribe(this.id, topic) }

  unsubscribe(topic: string): void { this.host.engine.unsubscribe(this.id, topic) }

  track(topic: string, key: string, meta: object): void { this.host.presence?.track(this, topic, key, meta) }

  untrack(topic: string, key: string): void { this.host.presence?.untrack(this, topic, key) }

  // ── endings ──────────────────────────────────────────────────────────────────────────────────

  /**
   * `socket` closed. When the client said goodbye (1000, 1001: the page was closed or left) the
   * session ends; when the link broke, it waits for its client for the retention window.
   */
  socketClosed(socket: SessionSocket, goodbye = false): void {
    if (socket !== this.socket || this.phase === 'ended') return
    this.socket = null
    const retention = this.host.options.retentionMs
    if (goodbye || this.phase !== 'live' || retention <= 0) return this.end()
    this.phase = 'detached'
    this.host.engine.detach(this.id, retention)
  }

  /** Closes the socket from the server side with a code the client understands. */
  close(code: number, reason: string): void {
    const socket = this.socket
    if (!socket) return this.end()
    socket.close(code, closeReason(reason))
    this.socketClosed(socket)
  }

  /** The retention window passed, or the session cannot go on: unmount and forget it. */
  end(): void {
    if (this.phase === 'ended') return
    this.phase = 'ended'
    this.socket?.close(CLOSE_NORMAL, 'session ended')
    this.socket = null
    this.host.presence?.untrackAll(this)
    this.host.forget(this)
    this.host.engine.close(this.id) // also forgets its subscriptions
    this.unmountView()
  }

  /** Graceful shutdown: the steps under way finish (up to `deadline`), the last checkpoint is saved, the socket is told to come back. */
  async drain(deadlineMs: number, code: number): Promise<void> {
    await Promise.race([this.queue, new Promise((resolve) => setTimeout(resolve, deadlineMs).unref())])
    this.phase = 'ended'
    this.socket?.close(code, 'server restarting; reconnect')
    this.socket = null
    this.host.presence?.untrackAll(this)
    this.unmountView()
  }

  private unmountView(): void {
    const view = this.view
    this.view = undefined
    if (view) view[viewConnection] = undefined
    try { view?.unmount?.() } catch (error) { this.host.log.error(`[livets] ${this.viewName}.unmount() threw`, error) }
  }

  private warnOnce(key: string, message: string, error = false): void {
    this.warned ??= new Set()
    if (this.warned.has(key)) return
    this.warned.add(key)
    if (error) this.host.log.error(`[livets] ${message}`)
    else this.host.log.warn(`[livets] ${message}`)
  }
}

function toRecord(fields: string[]): Record<string, string> {
  const record: Record<string, string> = {}
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]] = fields[i + 1]
  return record
}
