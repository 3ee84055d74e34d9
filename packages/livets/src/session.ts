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
//
// Why one file past 600 lines: what it holds (the view, the numbering, the outbox, the socket, the
// queue) is private to the session's steps, and every step reads and writes it. What does not
// need those fields lives beside it: sessions/ (outbox, checkpoints, frames around a render),
// navigation/ (live navigation, hook events), uploads/, forms/.
import { ReceiveKind, type EngineAddon } from '@livets/engine'
import {
  CLOSE_BAD_TOKEN, CLOSE_MOUNT_FAILED, CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR, CLOSE_RATE_LIMITED, CLOSE_RESUME_REFUSED, CLOSE_TOO_SLOW, CLOSE_UNKNOWN_VIEW,
  ERROR_BAD_PAYLOAD, ERROR_HANDLER_FAILED, ERROR_UNKNOWN_EVENT, ERROR_UNKNOWN_TARGET, SESSION_FRESH, SESSION_RESTORED, SESSION_RESUMED, SESSION_RESYNCED,
  answersEvent, encodeReplyData, encodeTitle,
} from '@livets/client/protocol'
import { encodeComponentRender, encodeRender, type Encoded } from './render-tree.ts'
import { LiveView, RESERVED_HANDLER_NAMES, viewConnection, viewStreams, viewUploads, type EventPayload, type MountContext, type NavigateOptions, type ViewConnection } from './live-view.ts'
import { ComponentRegistry, type ComponentEntry } from './components/registry.ts'
import { SessionComponents } from './components/session-components.ts'
import type { ComponentConnection, LiveComponent } from './components/live-component.ts'
import type { Recipient } from './backplane/hub.ts'
import type { PresenceTracker } from './presence/tracker.ts'
import type { PresenceDiff } from './presence/presence.ts'
import { modelBinding, modelValue, writePath } from './model.ts'
import { findView, titleOf, type ViewEntry } from './views.ts'
import { Outbox, type OutboxLimits } from './sessions/outbox.ts'
import { flatJson, unserializablePath, type Checkpoint } from './sessions/checkpoint.ts'
import { UndoJournal } from './sessions/undo-journal.ts'
import { hibernatable, hibernate, packJson, unpackJson } from './sessions/hibernation.ts'
import { shareFrame } from './sessions/shared-frame.ts'
import type { SessionStore } from './sessions/session-store.ts'
import type { PagePayload } from './live.ts'
import { channels } from './telemetry.ts'
import { warnBlockedUrls } from './safe-urls.ts'
import { BadPayload } from './bad-payload.ts'
import { formWork } from './forms/dispatch.ts'
import { flashStore, plainFlash, signedFlash, type Flash } from './flash.ts'
import { uploadAnnounced, uploadChunk } from './uploads/session-uploads.ts'
import { PageFrames } from './sessions/page-frames.ts'
import { EMPTY_REPLY, navigateRequested, settleWanted, wantedUrl } from './navigation/session-navigation.ts'
import type { LiveRoute, RoutableApp } from './navigation/live-routes.ts'
import { hookWork, replyJson } from './navigation/hook-events.ts'
import { clientCommandsFrame, hookEventFrame } from './navigation/page-commands.ts'

/** A socket as a session needs it; the adapter's socket wrapper (runtime.ts) is one. */
export interface SessionSocket {
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
  /** Bytes sent but not yet taken by the network (the page is slow to read). */
  buffered(): number
  /** The session that owns the socket now; a resume hands the socket to another session. */
  session: LiveSession
  /** The upgrade request's cookie (and authorization): what a live navigation asks the app with (docs/navigation.md). */
  readonly headers?: Record<string, string>
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
  /** The session's page stopped reading: check on it until it drains (or is too slow). */
  watchLagging(session: LiveSession): void
  /** The app the server serves: where a live navigation finds a URL's route (none: every navigation is a page load). */
  readonly app?: RoutableApp
}

export interface SessionLimits {
  /** How long a session whose socket dropped is kept for its client to resume (0: not at all). */
  retentionMs: number
  /** A handler still running after this long is given up on: its event gets an ERROR and the queue moves on. */
  handlerTimeoutMs: number
  outbox: OutboxLimits
  /**
   * A page that stops reading: past `highWater` bytes unsent on its socket, frames are held back (in
   * the bounded outbox) until it drains below `lowWater`; if it has not after `timeoutMs`, it is
   * closed with 4412 (its session then waits to be resumed).
   */
  slowReader: { highWater: number; lowWater: number; timeoutMs: number }
  /** Steps (events, broadcasts) waiting behind a running one; past this the connection is closed with 4429. */
  maxQueuedSteps: number
  /** Development: state is checked for what JSON would not bring back, with the path that holds it. */
  dev: boolean
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({})
/**
 * The route params or query of a session that has none (most pages): one shared object rather than
 * an empty one of 56 B kept per session (docs/architecture.md, "Memory per connection"). The view's
 * own code gets an object of its own (`handed`), which it may change as before.
 */
const NO_VALUES: Record<string, string> = Object.freeze({}) as Record<string, string>
const kept = (values: Record<string, string>): Record<string, string> => {
  for (const _ in values) return values
  return NO_VALUES
}
const handed = (values: Record<string, string>): Record<string, string> => values === NO_VALUES ? {} : values
/** The URL of a session whose page token names none (tokens older than live navigation). */
const DEFAULT_URL = 'http://localhost/'

/** The queue of a session with no step waiting: one settled promise for all of them, rather than one kept per session. */
const SETTLED: Promise<void> = Promise.resolve()

/**
 * The URL a joining session shows (DEFAULT_URL when its token or checkpoint names none). The next
 * page of the same URL as the last one shares the string rather than keeping its own copy from its
 * token (idle pages are mostly the same few URLs).
 */
let lastUrl = DEFAULT_URL
const sharedUrl = (url: string | undefined): string => (url === undefined ? DEFAULT_URL : url === lastUrl ? lastUrl : (lastUrl = url))

/** A step running this long while broadcasts pile up behind it past the bound is taken to be stuck. */
const STUCK_STEP_MS = 1_000

/** WebSocket close reasons are limited to 123 bytes. */
const closeReason = (reason: string): string => (reason.length > 100 ? reason.slice(0, 100) + '…' : reason)

/** What a JOIN's engine verdict says about the session (ReceiveResult.cs). */
interface JoinInfo { session: string; credential: string; resumed: string; applied: string; next: string; page: string }

/** Application code that failed while a view was mounted or first rendered: which step, and what it threw. */
interface MountFailure { phase: string; error: unknown }

/** One unit of application work: which phase (for the log), whether the client waits for its answer, the work. */
export interface Step {
  /** `Counter.increment()`, `Counter.handleInfo()`: what the log and the error reply name. */
  label: string
  /** The client event's name, when the step handles one (telemetry). */
  event?: string
  /** A REPLY or ERROR is owed for it (a client EVENT). */
  answers: boolean
  /** The component whose step it is: only that component renders after it (docs/components.md). */
  component?: ComponentEntry
  /** What the work returns goes back with the REPLY (a hook's pushEvent waits for it): a REPLY_DATA. */
  replies?: boolean
  work(view: LiveView<any>): unknown
}

class HandlerTimeout extends Error {
  constructor(ms: number) { super(`still running after ${ms} ms; its event was answered with an error and the next one started`) }
}

type Phase = 'new' | 'joining' | 'live' | 'detached' | 'ended'

/** stepStartedAt of a session looked at for hibernation in its idle spell (hibernated, or not worth it). */
const HIBERNATION_CHECKED = -1

/**
 * One session. It is also the view's ViewConnection, its components' ComponentConnection and its
 * pub/sub recipient: methods on one object rather than closures per connection, which keeps idle
 * connections small.
 */
export class LiveSession implements ViewConnection, ComponentConnection, Recipient {
  /** The engine's connection id: the tree the page shows, its subscriptions, its heartbeat deadline. */
  readonly id: string
  /** The session's id, from the JOIN's credential: what a resume or a restore names. */
  sessionId = ''
  /** The page load this session serves (the page token's id; the same across resumes and restores): development pages are told about its errors (kept in development only). */
  pageId = ''
  /** Whether a SESSION frame went out: a session that never got that far leaves the checkpoint it was restored from to its page's next join. */
  wentLive = false
  private phase: Phase = 'new'
  private socket: SessionSocket | null
  private view: LiveView<any> | undefined
  private entry: ViewEntry | undefined
  private params = NO_VALUES
  private query = NO_VALUES
  /** The URL the view shows (absolute), for handleParams, checkpoints and live navigation. */
  url = DEFAULT_URL
  /** The title the page shows (undefined: not known yet). */
  private title: string | undefined
  /** Topics the view subscribed to: a live navigation to another view leaves them. */
  private topics: string[] | undefined
  /** Frames to send around the next render, and the navigation a handler asked for (made when needed). */
  private frames: PageFrames | undefined
  /** The app's session data from the page token (ctx.session). */
  private userSession: Readonly<Record<string, unknown>> = EMPTY
  private queue = SETTLED
  /** Steps queued and not finished: when the last one finishes, the queue is SETTLED again. */
  private steps = 0
  /** Frames that came while the JOIN was being handled: received once it is done. */
  private held: Uint8Array[] | null = null
  /** Made with the first numbered frame: a page that only sits there (an idle counter) is sent none. */
  private outbox: Outbox | undefined
  /** Client EVENTs received in this session (they are numbered by their order), and resent ones still to drop. */
  private eventsReceived = 0
  /** Client EVENTs answered (by a REPLY or an ERROR), in the client's numbering. */
  private eventsAnswered = 0
  private duplicatesToDrop = 0
  /** Frames are numbered but not sent until the SESSION frame of a resync has gone first. */
  private holdingSends = false
  /** The number of the last frame written to the socket. */
  private sentUpTo = 0
  /** Since when (ms) the page has stopped reading; 0 while it reads. */
  private laggingSince = 0
  /**
   * The credential the next SESSION frame hands the page: the JOIN's, until a SESSION frame carried
   * it. Later ones (a page that fell behind, re-rendered) carry '' and the page keeps the one it has,
   * so that an idle session does not keep 184 B for them (docs/protocol.md, "FRAME_SESSION").
   */
  private credential = ''
  /** Steps for client frames, and for broadcasts, queued and not finished. */
  private queuedSteps = 0
  private queuedInfo = 0
  /** When the step running now (or the last one) started (ms); HIBERNATION_CHECKED once the idle session was looked at for hibernation. */
  private stepStartedAt = 0
  /** The state after the last good step, as JSON: what a failed step rolls back to, and what a store keeps. */
  private checkpointData: string | undefined
  /**
   * With a store that keeps checkpoints in this process (the embedded one), the JSON is not made
   * after each step but when it is needed: before the next step (to roll back to), for a restore or
   * at shutdown. An idle page then keeps no second copy of its state (docs/architecture.md,
   * "Memory per connection"). So too, with any store, after a fresh mount (`stored`). True while
   * the state is the checkpoint and its JSON is not made yet.
   */
  private checkpointDue = false
  /** The events received when the checkpoint was taken (a JSON made later still says so). */
  private checkpointEvents = 0
  private checkpointSource: (() => string | undefined) | undefined
  /**
   * Whether the store holds (or, for the embedded one, is to make) a checkpoint of this session.
   * Until a render changes a fresh mount, it holds none: a join that finds no checkpoint mounts
   * the same view again from its page (docs/scaling.md, "Checkpoints").
   */
  private stored = false
  /**
   * While the checkpoint is due (its JSON not made), what the steps since changed in the state:
   * a failed step rolls back from it instead of from JSON made before each step, which cost
   * O(state) per event (sessions/undo-journal.ts, docs/scaling.md "Checkpoints").
   */
  private undo: UndoJournal | undefined
  private handling = false
  private pushScheduled = false
  private warned: Set<string> | undefined
  /** The components the view's page shows: made for a render, kept once the page placed a component (an idle counter keeps none). */
  private registry: ComponentRegistry | undefined
  /** The session's side of its components, made when a component first needs it. */
  private components: SessionComponents | undefined
  /**
   * Flash messages belong to the session, not to one view (flash.ts): every view mounted in this
   * session points at this object, checkpoints carry it, and takeFlash() hands it on.
   */
  readonly flash: Flash = {}

  constructor(readonly host: SessionHost, socket: SessionSocket) {
    this.id = host.engine.open()
    this.socket = socket
  }

  get viewName(): string { return this.entry?.id ?? 'connection' }
  get attached(): boolean { return this.socket !== null }
  /** Whether the JOIN came (a socket that has not joined by its deadline is closed with 4409). */
  get joined(): boolean { return this.phase !== 'new' }
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
    if (ack > 0 && !this.box().ack(ack)) return this.close(CLOSE_PROTOCOL_ERROR, 'acknowledged frames that were never sent')
    switch (kind) {
      case ReceiveKind.Reply: socket.send(bytes!); return
      case ReceiveKind.Ack: return
      case ReceiveKind.Close:
        this.host.log.warn(`[livets] closing connection ${this.id} with ${closeCode}: ${text}`)
        return this.close(closeCode, text)
      case ReceiveKind.ErrorReply:
        if (this.dropDuplicate()) return
        this.host.log.warn(`[livets] ${this.viewName} ${this.id}: ${text}`)
        this.enqueueFromClient(() => this.sendNumbered(bytes!, true))
        return
      case ReceiveKind.Join:
        return this.joinReceived(text, toRecord(fields) as unknown as JoinInfo, socket)
      case ReceiveKind.Event:
        if (this.dropDuplicate()) return
        this.enqueueFromClient(() => this.event(text, target, fields))
        return
      case ReceiveKind.Upload:
        // Announced files are answered like an event (numbered, applied once across a resume).
        if (this.dropDuplicate()) return
        this.enqueueFromClient(() => uploadAnnounced(this, text, fields))
        return
      case ReceiveKind.UploadChunk:
        // Not queued behind events: a chunk is only written to its file and acknowledged.
        return uploadChunk(this, text, Number(fields[1]), bytes!)
      case ReceiveKind.Navigate:
        // Answered like an event (numbered, applied once across a resume); fields: mode, history.
        if (this.dropDuplicate()) return
        this.enqueueFromClient(() => navigateRequested(this, text, Number(fields[1]), Number(fields[3])))
        return
    }
  }

  /** A resent EVENT this session already has (delivered exactly once across a resume). */
  private dropDuplicate(): boolean {
    if (this.duplicatesToDrop > 0) { this.duplicatesToDrop--; return true }
    this.eventsReceived++
    return false
  }

  /** A step for a client frame: a client that sends faster than its handlers finish would otherwise queue without end. */
  private enqueueFromClient(work: () => unknown): void {
    if (this.queuedSteps >= this.host.options.maxQueuedSteps) {
      this.host.log.warn(`[livets] ${this.viewName} ${this.id}: more than ${this.host.options.maxQueuedSteps} frames waiting behind a slow handler`)
      return this.close(CLOSE_RATE_LIMITED, 'too many frames waiting; slow down')
    }
    this.queuedSteps++
    this.enqueue(async () => { try { await work() } finally { this.queuedSteps-- } })
  }

  private enqueue(work: () => unknown): void {
    this.steps++
    this.queue = this.queue.then(async () => {
      this.stepStartedAt = Date.now()
      try { await work() } finally { if (--this.steps === 0) this.queue = SETTLED }
    }).catch((error) => this.host.log.error(`[livets] ${this.viewName} ${this.id}: internal error`, error))
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
    if (this.host.options.dev) this.pageId = info.page
    if (payload.s) this.userSession = Object.freeze(payload.s)
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
    // The flash the page was loaded with (a redirect's, a reload's) starts the session; a later join has its own by then.
    else Object.assign(this.flash, plainFlash(payload.f))
    this.eventsReceived = this.eventsAnswered = Number(info.next) - 1
    this.url = sharedUrl(payload.u)
    await this.start(payload.v, payload.p, payload.q, undefined, info, SESSION_FRESH)
  }

  private async restore(checkpoint: Checkpoint, info: JoinInfo): Promise<void> {
    this.host.engine.resync(this.id)
    const resent = Number(info.next) - 1
    this.eventsReceived = this.eventsAnswered = Math.max(resent, checkpoint.events)
    this.duplicatesToDrop = Math.max(0, checkpoint.events - resent)
    this.url = sharedUrl(checkpoint.url)
    this.stored = true
    await this.start(checkpoint.view, checkpoint.params ?? NO_VALUES, checkpoint.query ?? NO_VALUES, checkpoint, info, SESSION_RESTORED)
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
    this.params = kept(params)
    this.query = kept(query)
    this.host.claim(this)
    this.outbox?.restart(0)
    this.credential = info.credential
    const failure = await this.mountAndShow(checkpoint, mode)
    if (!failure) return
    if (!checkpoint) return this.mountFailed(failure)
    // The saved state does not fit the code that runs now (a new version changed its shape): the
    // view starts afresh, and says why (docs/dev-loop.md, "What survives an edit").
    this.unmountView()
    const fresh = await this.mountAndShow(undefined, SESSION_FRESH)
    if (fresh) {
      // Broken whatever the state: the checkpoint stays for the page's next join, with code that works.
      this.host.store.save(this.sessionId, JSON.stringify(checkpoint))
      return this.mountFailed(fresh)
    }
    const thrown = failure.error instanceof Error ? failure.error.message : String(failure.error)
    this.host.log.error(`[livets] ${this.viewName}: its saved state could not be restored (${failure.phase} threw: ${thrown}); mounted afresh`, failure.error)
    this.publishError(failure.phase, failure.error, false, true)
  }

  /** Mounts the view (from the checkpoint, if any) and answers the JOIN with its render; what failed, if anything did. */
  private async mountAndShow(checkpoint: Checkpoint | undefined, mode: number): Promise<MountFailure | undefined> {
    const failure = await this.mountView(checkpoint)
    if (failure) return failure
    this.phase = 'live'
    try {
      this.sendSession(mode)
    } catch (error) {
      this.phase = 'joining'
      return { phase: `${this.viewName}.render()`, error }
    }
    this.wentLive = true
    // Only a session that went live hands its store a way to its checkpoint; one whose render failed leaves the store's as it was.
    if (this.checkpointDue && this.stored) this.keepCheckpoint()
    return undefined
  }

  /** The view cannot mount or render: logged, reported, and the socket closed (the page tries again later). */
  private mountFailed({ phase, error }: MountFailure): void {
    this.host.log.error(`[livets] ${phase} failed for connection ${this.id}`, error)
    this.publishError(phase, error)
    this.close(CLOSE_MOUNT_FAILED, `${this.viewName} failed to ${phase.endsWith('.render()') ? 'render' : 'mount'}`)
  }

  /** Application code failed: telemetry hears which view, which step and what was thrown (docs/telemetry.md). */
  private publishError(phase: string, error: unknown, timedOut = false, remounted = false): void {
    if (channels.error.hasSubscribers) channels.error.publish({ connection: this.id, view: this.viewName, phase, error, timedOut, remounted })
  }

  /** A new instance of the session's view, mounted (connected) and, from a checkpoint, with its state back; what failed, if anything did. */
  private async mountView(checkpoint: Checkpoint | undefined): Promise<MountFailure | undefined> {
    const entry = this.entry!
    const view = new entry.View()
    view[viewConnection] = this
    view[flashStore] = this.flash
    this.view = view
    // The registry is made for the first render (renderTree); a restore hands it the components' states now.
    if (checkpoint?.components) this.componentsForRender().restored = checkpoint.components
    const ctx: MountContext = { params: handed(this.params), query: handed(this.query), connected: true, restored: checkpoint !== undefined, session: this.userSession }
    const wasHandling = this.handling
    this.handling = true
    const started = performance.now()
    let phase = `${entry.id}.mount()`
    try {
      await view.mount?.(ctx)
      await view.handleParams?.(ctx.params, ctx.query, new URL(this.url))
      if (checkpoint) {
        phase = `${entry.id}.restore()`
        if (view.restore) view.restore(checkpoint.state)
        else view.state = checkpoint.state as object
        Object.assign(this.flash, plainFlash(checkpoint.flash))
      }
      this.takeCheckpoint(true)
      if (channels.mount.hasSubscribers) {
        channels.mount.publish({ connection: this.id, session: this.sessionId, view: entry.id, restored: ctx.restored, durationMs: performance.now() - started })
      }
      return undefined
    } catch (error) {
      return { phase, error }
    } finally {
      this.handling = wasHandling
    }
  }

  // ── live navigation (navigation/session-navigation.ts) ───────────────────────────────────────

  /** @internal The view the session shows. */
  get shownEntry(): ViewEntry | undefined { return this.entry }

  /** @internal The same view took `route`'s params (a live patch). */
  setRoute(route: LiveRoute): void {
    this.params = kept(route.params)
    this.query = kept(route.query)
    this.url = route.url
  }

  /**
   * @internal A live navigation to another view: this one is unmounted (its subscriptions and
   * presence go with it), the one `route` names is mounted over the same socket; the session keeps
   * its numbering, credential and flash. False when the new view failed to mount (logged).
   */
  async remount(route: LiveRoute): Promise<boolean> {
    this.host.presence?.untrackAll(this)
    for (const topic of this.topics ?? []) this.host.engine.unsubscribe(this.id, topic)
    this.topics = undefined
    this.unmountView()
    this.entry = route.entry
    this.setRoute(route)
    this.userSession = Object.keys(route.session).length > 0 ? Object.freeze(route.session) : EMPTY
    // The page shows the old view: the new one's first render replaces it whole.
    this.host.engine.resync(this.id)
    const failure = await this.mountView(undefined)
    if (!failure) return true
    // The page loads the URL instead: no close.
    this.host.log.error(`[livets] ${failure.phase} failed for connection ${this.id}`, failure.error)
    this.publishError(failure.phase, failure.error)
    this.unmountView()
    return false
  }

  /** @internal The components the view's page shows (undefined: none). */
  get componentRegistry(): ComponentRegistry | undefined { return this.registry }

  private componentsForRender(): ComponentRegistry { return this.registry ??= new ComponentRegistry(this.entry!.id, this, this.host.log) }

  private componentSide(): SessionComponents { return this.components ??= new SessionComponents(this) }

  /** ComponentConnection: a placed component's setState() or stream change (components/session-components.ts). */
  componentChanged(component: LiveComponent<any, any>): void { this.componentSide().componentChanged(component) }

  /** ComponentConnection: a placed component's sendParent(). */
  sendParent(component: LiveComponent<any, any>, message: unknown): void { this.componentSide().sendParent(component, message) }

  /** @internal The frames around the next render, made when first needed. */
  page(): PageFrames { return this.frames ??= new PageFrames() }

  /** @internal The upgrade request's headers of the socket the page is on. */
  get upgradeHeaders(): Record<string, string> | undefined { return this.socket?.headers }

  /** ViewConnection: pushPatch, navigate or redirect, done before the render of the step that asks (or of one of its own). */
  goTo(url: string, how: 'patch' | 'navigate' | 'redirect', options: NavigateOptions): void {
    this.page().wanted = wantedUrl(this, url, how, options)
    if (!this.handling) this.enqueue(() => this.run({ label: `${this.viewName}.${how === 'patch' ? 'pushPatch' : how}()`, answers: false, work: () => {} }))
  }

  /** ViewConnection: client commands for the page, after the render. */
  exec(commands: string): void { this.sendAfterRender(clientCommandsFrame(commands)) }

  /** ViewConnection: an event for the page's hooks, after the render. */
  pushEvent(name: string, payload: unknown): void { this.sendAfterRender(hookEventFrame(name, payload)) }

  /** A frame that goes after the step's render; outside a step, in turn behind the steps queued. */
  private sendAfterRender(frame: Uint8Array): void {
    this.page().after.push(frame)
    if (!this.handling) this.enqueue(() => this.sendPageFrames())
  }

  /** Sends the frames waiting around a render; `render` (the render's own frame) goes between them. */
  private sendPageFrames(render?: () => void): void {
    const frames = this.frames
    this.frames = undefined
    for (const frame of frames?.before ?? []) this.sendNumbered(frame, false)
    render?.()
    for (const frame of frames?.after ?? []) this.sendNumbered(frame, false)
  }

  /** Sends the SESSION frame with the view's render: the answer to a JOIN, or a whole-page re-render. Throws what render() threw. */
  private sendSession(mode: number): void {
    let frame: Uint8Array
    let encoded: Encoded
    try {
      encoded = this.renderTree()
      frame = this.host.engine.session(this.id, mode, this.lastFrame, this.eventsAnswered, this.credential, encoded.tree)
      this.credential = ''
    } catch (error) {
      this.registry?.abort()
      throw error
    }
    this.rendered(encoded)
    this.sentUpTo = this.lastFrame
    this.socket?.send(frame)
    // A first join shows the title of the static render; a later one may follow navigations the page did not see.
    const title = titleOf(this.entry!, this.view!.state)
    if (this.title !== undefined && this.title !== title) this.sendNumbered(encodeTitle(title), false)
    this.title = title
    // What mount() sent the page (exec, pushEvent) follows the SESSION frame; a navigation it asked for takes a step of its own.
    const wanted = this.frames?.wanted
    if (this.frames) this.frames.wanted = undefined
    this.sendPageFrames()
    if (wanted) {
      this.page().wanted = wanted
      this.enqueue(() => this.run({ label: `${this.viewName}.mount()`, answers: false, work: () => {} }))
    }
  }

  /**
   * The client of this (retained) session came back on `socket`. It gets the frames it missed, in
   * order, or, when some are gone past the outbox's bound, the page re-rendered whole.
   */
  resume(socket: SessionSocket, info: JoinInfo): void {
    const applied = Number(info.applied)
    const missed = this.box().since(applied)
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
    this.laggingSince = 0
    if (missed === 'lost') {
      this.credential = info.credential
      this.holdingSends = true
      this.enqueue(() => this.resync())
      return
    }
    // The frames to replay answer the last of the events answered so far; the ones before were answered by what the page has.
    const answeredAtApplied = this.eventsAnswered - missed.filter(answersAnEvent).length
    socket.send(this.host.engine.session(this.id, SESSION_RESUMED, applied, answeredAtApplied, info.credential, null))
    for (const frame of missed) socket.send(frame)
    this.sentUpTo = this.lastFrame
  }

  /**
   * Frames the client needs are gone: one SESSION frame with the whole page, in turn with the other
   * steps. A whole render cannot bring back stream items the server no longer has, so a view with
   * streams is mounted again from its checkpoint, as after a restore: its streams start over from
   * what mount() streams (docs/components.md, "Streams").
   */
  private async resync(): Promise<void> {
    this.holdingSends = false
    if (!this.view || !this.socket) return
    this.host.engine.resync(this.id)
    if (this.registry) this.registry.renderAll = true
    if (this.view[viewStreams]?.any) {
      const data = this.checkpoint()
      const checkpoint = data === undefined ? undefined : JSON.parse(data) as Checkpoint
      this.unmountView()
      const failure = await this.mountView(checkpoint)
      if (failure) return this.mountFailed(failure)
    }
    this.outbox?.restart(this.lastFrame)
    try {
      this.sendSession(SESSION_RESYNCED)
    } catch (error) {
      this.mountFailed({ phase: `${this.viewName}.render()`, error })
    }
  }

  /**
   * Runtime: a page that stopped reading. When its socket has drained, it gets what was held back —
   * or, if that was more than the outbox keeps, only the latest render (a lagging page needs no
   * history: renders of one view supersede each other). Too slow for too long: closed with 4412.
   * Returns whether it still lags.
   */
  checkLagging(now: number): boolean {
    const socket = this.socket
    if (!this.laggingSince || !socket || this.phase !== 'live') { this.laggingSince = 0; return false }
    const { lowWater, timeoutMs } = this.host.options.slowReader
    if (socket.buffered() > lowWater) {
      if (now - this.laggingSince < timeoutMs) return true
      this.host.log.warn(`[livets] ${this.viewName} ${this.id}: the page has not read for ${timeoutMs} ms; closing (its session waits to be resumed)`)
      this.close(CLOSE_TOO_SLOW, 'the page reads too slowly')
      return false
    }
    this.laggingSince = 0
    const held = this.box().after(this.sentUpTo)
    if (held === 'lost') {
      this.holdingSends = true
      this.enqueue(() => this.resync())
    } else {
      for (const frame of held) socket.send(frame)
      this.sentUpTo = this.lastFrame
    }
    return false
  }

  // ── the funnel ───────────────────────────────────────────────────────────────────────────────

  /**
   * Runs one step of application code and what follows it: on success a render (a REPLY when the
   * client waits for one, else a PUSH) and a checkpoint; on a throw or a timeout, the log line,
   * the rollback and, when owed, an ERROR.
   */
  async run(step: Step, render = true): Promise<void> {
    const view = this.view
    if (!view || this.phase === 'ended') return
    // What a failure rolls back to: the state as the last good step left it, before this step changes it.
    const journal = this.recordChanges(view)
    this.handling = true
    const started = performance.now()
    let ok = true
    let data: string | undefined
    try {
      const result = await this.withinTimeout(step.work(view))
      if (step.replies && result !== undefined) data = replyJson(result)
      if (this.frames?.wanted) await settleWanted(this)
    } catch (error) {
      ok = false
      return this.fail(step, error)
    } finally {
      journal?.close()
      this.handling = false
      if (step.event !== undefined && channels.event.hasSubscribers) {
        channels.event.publish({ connection: this.id, view: this.viewName, event: step.event, durationMs: performance.now() - started, ok, queued: this.queuedSteps })
      }
    }
    // A navigation whose view failed to mount leaves no view to render: the page loads the URL.
    if (!this.view) return this.sendPageFrames(() => { if (step.answers) this.sendNumbered(EMPTY_REPLY, true) })
    if (render) this.sendRender(step, data)
  }

  /**
   * Before a step: what it would roll back to. With the checkpoint due, a journal records what the
   * step changes in the view's state (the one of earlier steps goes on while no render took a
   * checkpoint since), and the components' states go back to the JSON their last render left
   * (components/registry.ts); otherwise the checkpoint's JSON is made now. Views that say what to
   * checkpoint (snapshot()) take the JSON.
   */
  private recordChanges(view: LiveView<any>): UndoJournal | undefined {
    if (this.undo && !this.undo.of(view)) this.undo = undefined
    if (!this.undo && this.checkpointDue && !view.snapshot && !view.restore) {
      this.undo = new UndoJournal(view)
    }
    if (!this.undo) {
      this.checkpoint()
      return undefined
    }
    this.undo.open()
    return this.undo
  }

  private withinTimeout(result: unknown): unknown {
    if (!(result instanceof Promise)) return result
    const ms = this.host.options.handlerTimeoutMs
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new HandlerTimeout(ms)), ms) })
    return Promise.race([result, timeout]).finally(() => clearTimeout(timer))
  }

  private fail(step: Step, error: unknown): void {
    // A failed step changes nothing on the page: no URL, no commands, no hook events.
    this.frames?.clear()
    if (error instanceof BadPayload) {
      // Refused input, not a bug: nothing ran, so nothing rolls back.
      this.host.log.warn(`[livets] ${step.label} refused: ${error.message} (connection ${this.id})`)
      if (step.answers) this.answerWithError(ERROR_BAD_PAYLOAD, error.message)
      return
    }
    const timedOut = error instanceof HandlerTimeout
    const what = timedOut ? error.message : `threw: ${error instanceof Error ? error.message : String(error)}`
    this.host.log.error(`[livets] ${step.label} ${what} (connection ${this.id})`, timedOut ? undefined : error)
    this.rollback(() => this.publishError(step.label, error, timedOut))
    if (step.answers) this.answerWithError(ERROR_HANDLER_FAILED, `${step.label} failed; see the server log`)
  }

  /**
   * The state goes back to the last checkpoint; without one (persist = false) the view mounts again.
   * `report` tells of the failure once the view is back: after a remount's render, so that render
   * is not the "next good render" that takes a development page's overlay away (dev/page-errors.ts).
   */
  private rollback(report: () => void): void {
    const view = this.view
    const undo = this.undo
    this.undo = undefined
    if (!view) return report()
    if (undo?.of(view)) {
      undo.rollback()
      this.registry?.rollbackToRendered()
      return report()
    }
    const data = this.checkpoint()
    if (data !== undefined) {
      const { state, components } = JSON.parse(data) as Checkpoint
      if (view.restore) view.restore(state)
      else view.state = state as object
      this.registry?.rollback(components)
      return report()
    }
    this.unmountView()
    this.enqueue(async () => {
      const failure = await this.mountView(undefined)
      if (failure) { report(); return this.mountFailed(failure) }
      this.sendRender({ label: `${this.viewName}.mount()`, answers: false, work: () => {} })
      report()
    })
  }

  /**
   * Renders the view — or, after a component's step, that component alone — and sends the engine's
   * patch (REPLY, REPLY_DATA with `data`, or PUSH), then checkpoints and calls updated().
   */
  private sendRender(step: Step, data?: string): void {
    const view = this.view
    if (!view || this.phase === 'ended') return
    const component = step.component
    if (component && this.registry?.get(component.number) !== component) {
      // The component left the page while its step ran (its parent rendered without it).
      if (step.answers) this.answerWithError(ERROR_UNKNOWN_TARGET, `${step.label}: the component is no longer on the page`)
      return
    }
    let frame: Uint8Array
    let encoded: Encoded
    const started = performance.now()
    try {
      encoded = component ? encodeComponentRender(this.host.engine, component, this.registry!) : this.renderTree()
      frame = step.answers ? this.host.engine.render(this.id, encoded.tree, component?.number) : this.host.engine.push(this.id, encoded.tree, component?.number)
    } catch (error) {
      this.registry?.abort()
      return this.fail({ ...step, label: `${component ? `${component.Class.name}#${component.id}` : this.viewName}.render() after ${step.label}` }, error)
    }
    this.rendered(encoded)
    if (channels.render.hasSubscribers) {
      channels.render.publish({ connection: this.id, view: this.viewName, durationMs: performance.now() - started, bytes: frame.length })
    }
    if (this.host.options.dev) warnBlockedUrls(this.host.engine, this.host.log, this.viewName)
    this.takeCheckpoint()
    const title = titleOf(this.entry!, view.state)
    if (title !== this.title) {
      this.title = title
      this.page().before.push(encodeTitle(title))
    }
    const sent = !step.answers ? shareFrame(frame) : data === undefined ? frame : encodeReplyData(data, frame)
    // Most renders have no frames around them (a broadcast's never do): no closure for those.
    if (this.frames) this.sendPageFrames(() => this.sendNumbered(sent, step.answers))
    else this.sendNumbered(sent, step.answers)
    try { view.updated?.() } catch (error) { this.host.log.error(`[livets] ${this.viewName}.updated() threw`, error) }
  }

  private renderTree(): Encoded {
    return encodeRender(this.host.engine, this.view!.render(), this.viewName, this.view!.state, this.componentsForRender())
  }

  /** The engine took a render: its stream items are forgotten, its components committed, the ones that left forgotten by the engine too. */
  private rendered(encoded: Encoded): void {
    for (const stream of encoded.streams) stream.done()
    const registry = this.registry
    if (!registry) return
    for (const number of registry.commit()) this.host.engine.forgetComponent(this.id, number)
    // A page that never placed a component keeps no registry between renders: the next render makes one.
    if (registry.unused) this.registry = undefined
  }

  /** Answers the oldest event with an ERROR (numbered, like a REPLY). */
  answerWithError(code: number, message: string): void {
    this.sendNumbered(this.host.engine.errorReply(code, message), true)
  }

  /** Whether application code of a step is running now (a setState then needs no render of its own). */
  get handlingStep(): boolean { return this.handling }

  /** @internal Numbers a frame (kept until acknowledged) and sends it when the page is there to get it. `answers`: a REPLY or ERROR for the oldest event. */
  sendNumbered(frame: Uint8Array, answers: boolean): void {
    if (answers) this.eventsAnswered++
    this.box().add(frame)
    const socket = this.socket
    if (!socket || this.holdingSends || this.laggingSince || this.phase !== 'live') return
    socket.send(frame)
    this.sentUpTo = this.lastFrame
    if (socket.buffered() > this.host.options.slowReader.highWater) {
      this.laggingSince = Date.now()
      this.host.watchLagging(this)
    }
  }

  /** The session's numbered frames (made when first needed). */
  private box(): Outbox { return this.outbox ??= new Outbox(this.host.options.outbox) }

  /** The number of the last numbered frame (0 before the first). */
  private get lastFrame(): number { return this.outbox?.last ?? 0 }

  /** The view's state as JSON, kept for rollback and handed to the session store (not yet after a fresh mount); `flat` after a mount (flatJson). */
  private takeCheckpoint(flat = false): void {
    const view = this.view!
    this.checkpointDue = false
    this.checkpointData = undefined
    this.undo = undefined
    if ((this.entry!.View as unknown as typeof LiveView).persist === false) return
    if (this.host.options.dev) {
      const problem = unserializablePath(view.snapshot ? view.snapshot() : view.state)
      if (problem) {
        this.warnOnce(`checkpoint:${problem}`, `${this.viewName}: ${problem}. View state must survive JSON to be checkpointed and restored ` +
          `(docs/scaling.md): keep such values on the view instance instead of in this.state, or set static persist = false.`, true)
        return
      }
    }
    this.checkpointEvents = this.eventsReceived
    // A view just mounted afresh is what a join that finds no checkpoint would mount from its page,
    // unless it has a flash (which that join does not carry): 264 bytes per idle page in Redis spared.
    if (flat && !this.stored && kept(this.flash) === NO_VALUES) {
      this.checkpointDue = true
      return
    }
    this.stored = true
    if (this.host.store.keep) {
      this.checkpointDue = true
      if (this.wentLive) this.keepCheckpoint()
      return
    }
    this.checkpointData = this.checkpointJson(flat)
    this.host.store.save(this.sessionId, this.checkpointData)
  }

  /** The checkpoint as JSON (made now if it was due), or undefined when the view has none. */
  private checkpoint(): string | undefined {
    // Due with no view any more (it left, or failed to mount): there is nothing to make it from.
    if (this.checkpointDue && this.view) {
      // Changes recorded since the checkpoint: its JSON is the state without them (they may still go on).
      if (this.undo) return this.checkpointJson(false, this.undo)
      this.checkpointDue = false
      this.checkpointData = this.checkpointJson()
    }
    return this.checkpointData
  }

  /** The view's state and where it is, as the last good step left them (made then, or later while nothing changed them). */
  private checkpointJson(flat = false, undo?: UndoJournal): string {
    const view = this.view!
    const state = view.snapshot ? view.snapshot() : view.state
    // Empty params, query and flash are left out (JSON drops undefined): 34 bytes of every idle page's key in Redis.
    const checkpoint: Checkpoint = { view: this.entry!.id, params: this.params === NO_VALUES ? undefined : this.params, query: this.query === NO_VALUES ? undefined : this.query,
      url: this.url, state, events: this.checkpointEvents, flash: kept(this.flash) === NO_VALUES ? undefined : this.flash }
    // Stringified at once: the flash needs no copy of its own. `flat` when the JSON is kept (flatJson).
    const made = undo ? undo.stringify(checkpoint) : JSON.stringify(checkpoint)
    const json = flat ? flatJson(made) : made
    // The components' states are kept as JSON per component, refreshed when each renders: a
    // component's event stringifies that component, not every component on the page.
    return this.registry && this.registry.size > 0 ? json.slice(0, -1) + ',"components":' + this.registry.checkpointJson() + '}' : json
  }

  /**
   * Hibernation (sessions/hibernation.ts): called by the runtime's sweep. A session whose last step
   * started before `idleSince` and that has none waiting keeps its view's state as its checkpoint's
   * JSON only, compressed, until something reads it. Looked at once per idle spell: the next step makes it a
   * candidate again. Views that checkpoint through snapshot()/restore(), or not at all, stay awake.
   */
  hibernateIfIdle(idleSince: number): void {
    if (this.stepStartedAt === HIBERNATION_CHECKED || this.stepStartedAt > idleSince || this.steps > 0 || this.handling) return
    if (this.phase !== 'live' && this.phase !== 'detached') return
    this.stepStartedAt = HIBERNATION_CHECKED
    const view = this.view
    // A component's props may be objects of the view's state: a wake would leave them the old ones.
    if (!view || view.snapshot || view.restore || this.undo || (this.registry?.size ?? 0) > 0) return
    if ((this.entry!.View as unknown as typeof LiveView).persist === false || !hibernatable(view)) return
    // Made now, not taken from the last step: a timer may have changed the state since without one.
    const packed = packJson(this.checkpointJson())
    // Woken without a step (a timer read the state), it may hibernate again after another idle spell.
    const asleep = hibernate(view, () => {
      this.stepStartedAt = Date.now()
      return (JSON.parse(unpackJson(packed)) as Checkpoint).state
    })
    if (!asleep) return
    // The state is the checkpoint again and its JSON is not kept: a later step records its changes
    // in a journal, and the JSON is made when it is needed (with either store: docs/scaling.md).
    this.checkpointData = undefined
    this.checkpointDue = true
  }

  /** Hands the store (one that keeps checkpoints in this process) the way to this session's checkpoint. */
  private keepCheckpoint(): void {
    this.host.store.keep!(this.sessionId, this.checkpointSource ??= () => this.checkpoint())
  }

  // ── what runs through the funnel ─────────────────────────────────────────────────────────────

  private async event(name: string, target: number, fields: string[]): Promise<void> {
    const view = this.view
    if (!view) return
    const payload: EventPayload = toRecord(fields)
    if (target !== 0) return this.componentSide().event(target, name, payload, toPairs(fields))
    const model = modelBinding(name)
    if (model) {
      return this.run({ label: `${this.viewName} ts-model="${model.path.join('.')}"`, event: name, answers: true, work: (v) => writePath(v.state, model.path, modelValue(payload, model.modifiers)) })
    }
    const hook = hookWork(this.viewName, name, fields)
    if (hook) return this.run({ ...hook, event: name, answers: true, replies: true })
    const method = RESERVED_HANDLER_NAMES.has(name) ? undefined : (view as unknown as Record<string, unknown>)[name]
    const form = formWork(this.viewName, view, name, method, toPairs(fields))
    if (form) return this.run({ ...form, answers: true })
    if (typeof method === 'function') {
      return this.run({ label: `${this.viewName}.${name}()`, event: name, answers: true, work: (v) => method.call(v, payload) })
    }
    if (view.handleEvent) {
      return this.run({ label: `${this.viewName}.handleEvent('${name}')`, event: name, answers: true, work: (v) => v.handleEvent!(name, payload) })
    }
    this.host.log.warn(`[livets] ${this.viewName} has no handler '${name}': add a method ${name}(payload) or handleEvent(name, payload)`)
    this.answerWithError(ERROR_UNKNOWN_EVENT, `unknown event '${name}'`)
  }

  /** Recipient: a broadcast on a subscribed topic, handled after the steps already queued, then a PUSH. */
  deliver(message: unknown): void {
    // Broadcasts piling up behind a handler that does not finish would hold every message: past the
    // bound the session is given up (its page will mount again or be restored from its checkpoint).
    if (this.queuedInfo >= this.host.options.maxQueuedSteps && Date.now() - this.stepStartedAt > STUCK_STEP_MS) {
      this.host.log.error(`[livets] ${this.viewName} ${this.id}: more than ${this.host.options.maxQueuedSteps} broadcasts waiting behind a handler that does not finish; ending the session`)
      return this.end()
    }
    this.queuedInfo++
    this.enqueue(() => {
      this.queuedInfo--
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

  subscribe(topic: string): void {
    this.host.engine.subscribe(this.id, topic)
    ;(this.topics ??= []).push(topic)
  }

  /** The view shown now (uploads read its uploads), if any. */
  get currentView(): LiveView<any> | undefined { return this.view }

  /** Sends a frame that is not numbered (an UPLOAD_ACK) when the page is there to get it. */
  sendUnnumbered(frame: Uint8Array): void {
    if (this.socket && this.phase === 'live') this.socket.send(frame)
  }

  /** Queues work behind the session's other steps (uploads/session-uploads.ts). */
  later(work: () => unknown): void { this.enqueue(work) }

  /**
   * Takes the session's flash messages away and returns them: for navigation (docs/forms.md,
   * "Flash"), which mounts the next view and hands them to it (`Object.assign(next.flash, taken)`),
   * or signs them for a redirect's cookie (`flashCookieValue`).
   */
  takeFlash(): Flash {
    const taken = { ...this.flash }
    for (const key of Object.keys(this.flash)) delete this.flash[key]
    return taken
  }

  /** The session's flash messages signed for the flash cookie ('' when there are none): what a redirect hands the page. */
  flashCookieValue(): string { return signedFlash(this.flash) }

  unsubscribe(topic: string): void {
    this.host.engine.unsubscribe(this.id, topic)
    this.topics = this.topics?.filter((t) => t !== topic)
  }

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
    // Let go of the socket first: some runtimes (Bun) report the close synchronously, from inside close().
    this.socketClosed(socket)
    socket.close(code, closeReason(reason))
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
    // The store writes its file once every session drained: the checkpoint is made while the view is still there.
    this.checkpoint()
    this.unmountView()
  }

  private unmountView(): void {
    const view = this.view
    this.view = undefined
    if (view) view[viewConnection] = undefined
    this.registry?.unmountAll()
    this.registry = undefined
    // Temporary files of uploads in progress or never consumed go with the view.
    view?.[viewUploads]?.dispose().catch((error) => this.host.log.error(`[livets] ${this.viewName}: could not remove upload files`, error))
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

/** Whether a numbered frame answers a client event (a REPLY, REPLY_DATA or ERROR; a PUSH answers nothing). */
const answersAnEvent = (frame: Uint8Array): boolean => answersEvent(frame[0])

/** An event's fields as pairs, repeated names and all (forms read them so). */
function toPairs(fields: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (let i = 0; i + 1 < fields.length; i += 2) pairs.push([fields[i], fields[i + 1]])
  return pairs
}

function toRecord(fields: string[]): Record<string, string> {
  const record: Record<string, string> = {}
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]] = fields[i + 1]
  return record
}
