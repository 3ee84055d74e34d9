// One live connection on the server: the engine decodes and validates each frame, this class runs
// the application's code (mount, handlers, render) and sends what the engine encodes. Frames are
// handled one at a time, in order, even when handlers are async.
import { ReceiveKind, type EngineAddon } from '@livets/engine'
import { CLOSE_MOUNT_FAILED, CLOSE_UNKNOWN_VIEW, ERROR_HANDLER_FAILED, ERROR_UNKNOWN_EVENT } from '@livets/client/protocol'
import { encodeRender } from './render-tree.ts'
import { RESERVED_HANDLER_NAMES, viewConnection, type EventPayload, type LiveView, type ViewConnection } from './live-view.ts'
import { addRecipient, removeRecipient, type Recipient } from './pubsub.ts'
import { modelBinding, modelValue, writePath } from './model.ts'
import { findView } from './views.ts'
import type { PagePayload } from './live.ts'

/** The runtime's socket, as the session needs it. */
export interface SessionSocket {
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
}

export interface Logger { error(message: string, error?: unknown): void; warn(message: string): void }

/** WebSocket close reasons are limited to 123 bytes. */
const closeReason = (reason: string): string => (reason.length > 100 ? reason.slice(0, 100) + '…' : reason)

/**
 * One connection's session. It is also the view's ViewConnection and the pub/sub recipient:
 * methods on one object rather than closures per connection, which keeps idle connections small.
 */
export class LiveSession implements ViewConnection, Recipient {
  readonly id: string
  private view: LiveView<any> | undefined
  private viewName = ''
  private queue: Promise<void> = Promise.resolve()
  private closed = false
  private pushScheduled = false
  private handling = false
  private warnedNoHandleInfo = false

  constructor(private readonly engine: EngineAddon, private readonly socket: SessionSocket, private readonly log: Logger) {
    this.id = engine.open()
  }

  /** A frame from the socket. Returns when it (and every frame before it) has been handled. */
  receive(frame: Uint8Array): Promise<void> {
    this.queue = this.queue.then(() => this.handle(frame))
    return this.queue
  }

  /** The socket closed (either side): forget the connection and unmount the view. */
  closedBySocket(): void {
    if (this.closed) return
    this.closed = true
    removeRecipient(this.id)
    this.engine.close(this.id) // also forgets its subscriptions
    this.unmountView()
  }

  /** Closes the socket from the server side with a code the client understands. */
  close(code: number, reason: string): void {
    if (this.closed) return
    this.socket.close(code, closeReason(reason))
    this.closedBySocket()
  }

  private async handle(frame: Uint8Array): Promise<void> {
    if (this.closed) return
    const [kind, text, bytes, closeCode, ...fields] = this.engine.receive(this.id, frame)
    switch (kind) {
      case ReceiveKind.Reply:
        this.socket.send(bytes!)
        return
      case ReceiveKind.ErrorReply:
        this.log.warn(`[livets] ${this.viewName || 'connection'} ${this.id}: ${text}`)
        this.socket.send(bytes!)
        return
      case ReceiveKind.Close:
        this.log.warn(`[livets] closing connection ${this.id} with ${closeCode}: ${text}`)
        this.close(closeCode, text)
        return
      case ReceiveKind.Join:
        return this.join(text)
      case ReceiveKind.Event:
        return this.event(text, toPayload(fields))
    }
  }

  private async join(payloadJson: string): Promise<void> {
    const payload = JSON.parse(payloadJson) as PagePayload
    const entry = findView(payload.v)
    if (!entry) {
      this.log.warn(`[livets] join for unknown view '${payload.v}' (is live(${payload.v}) registered on this server?)`)
      this.close(CLOSE_UNKNOWN_VIEW, `unknown view ${payload.v}`)
      return
    }
    this.viewName = entry.id
    const view = new entry.View()
    view[viewConnection] = this
    this.view = view
    addRecipient(this.id, this)
    this.handling = true
    try {
      await view.mount?.({ params: payload.p, query: payload.q, connected: true })
      this.handling = false
      this.sendRender(false)
    } catch (error) {
      this.handling = false
      this.log.error(`[livets] ${entry.id}.mount() failed for connection ${this.id}`, error)
      this.close(CLOSE_MOUNT_FAILED, `${entry.id} failed to mount`)
    }
  }

  private async event(name: string, payload: EventPayload): Promise<void> {
    const view = this.view!
    const model = modelBinding(name)
    if (model) return this.modelEvent(view, model, payload)
    const method = RESERVED_HANDLER_NAMES.has(name) ? undefined : (view as unknown as Record<string, unknown>)[name]
    if (typeof method !== 'function' && !view.handleEvent) {
      const message = `${this.viewName} has no handler '${name}': add a method ${name}(payload) or handleEvent(name, payload)`
      this.log.warn(`[livets] ${message}`)
      this.socket.send(this.engine.errorReply(ERROR_UNKNOWN_EVENT, `unknown event '${name}'`))
      return
    }
    this.handling = true
    try {
      if (typeof method === 'function') await method.call(view, payload)
      else await view.handleEvent!(name, payload)
    } catch (error) {
      this.log.error(`[livets] ${this.viewName}.${typeof method === 'function' ? name : 'handleEvent'}() threw on event '${name}'`, error)
      this.handling = false
      this.socket.send(this.engine.errorReply(ERROR_HANDLER_FAILED, `handler '${name}' failed; see the server log`))
      return
    }
    this.handling = false
    this.sendRender(false)
  }

  /** ViewConnection: setState() outside a handler. */
  requestRender(): void { this.schedulePush() }

  /** ViewConnection: the view's subscribe(topic). */
  subscribe(topic: string): void { this.engine.subscribe(this.id, topic) }

  unsubscribe(topic: string): void { this.engine.unsubscribe(this.id, topic) }

  /** Recipient: a broadcast on a subscribed topic: handleInfo(message), queued behind the frames already in, then a PUSH. */
  deliver(message: unknown): void {
    this.queue = this.queue.then(async () => {
      const view = this.view
      if (this.closed || !view) return
      if (!view.handleInfo) {
        if (!this.warnedNoHandleInfo) this.log.warn(`[livets] ${this.viewName} subscribed to a topic but has no handleInfo(message) to hear it`)
        this.warnedNoHandleInfo = true
        return
      }
      this.handling = true
      try {
        await view.handleInfo(message)
      } catch (error) {
        this.log.error(`[livets] ${this.viewName}.handleInfo() threw`, error)
        return
      } finally {
        this.handling = false
      }
      this.sendRender(true)
    })
  }

  /** A ts-model field changed: store its value in the state, then render. */
  private modelEvent(view: LiveView<any>, model: { path: string[]; modifiers: string[] }, payload: EventPayload): void {
    try {
      writePath(view.state, model.path, modelValue(payload, model.modifiers))
    } catch (error) {
      this.log.error(`[livets] ${this.viewName}: ${(error as Error).message}`)
      this.socket.send(this.engine.errorReply(ERROR_HANDLER_FAILED, `ts-model="${model.path.join('.')}" could not be stored; see the server log`))
      return
    }
    this.sendRender(false)
  }

  /** Renders the view and sends the engine's patch: REPLY for a join or event, PUSH otherwise. */
  private sendRender(push: boolean): void {
    if (this.closed || !this.view) return
    let frame: Uint8Array
    try {
      const tree = encodeRender(this.engine, this.view.render(), this.viewName, this.view.state)
      frame = push ? this.engine.push(this.id, tree) : this.engine.render(this.id, tree)
    } catch (error) {
      this.log.error(`[livets] ${this.viewName}.render() failed for connection ${this.id}`, error)
      if (!push) this.socket.send(this.engine.errorReply(ERROR_HANDLER_FAILED, 'render failed; see the server log'))
      return
    }
    this.socket.send(frame)
    try { this.view.updated?.() } catch (error) { this.log.error(`[livets] ${this.viewName}.updated() threw`, error) }
  }

  /** setState() outside a handler: one PUSH render for all changes made in the same tick. */
  private schedulePush(): void {
    if (this.handling || this.pushScheduled || this.closed) return
    this.pushScheduled = true
    this.queue = this.queue.then(async () => {
      await Promise.resolve()
      this.pushScheduled = false
      this.sendRender(true)
    })
  }

  private unmountView(): void {
    const view = this.view
    this.view = undefined
    try { view?.unmount?.() } catch (error) { this.log.error(`[livets] ${this.viewName}.unmount() threw`, error) }
  }
}

function toPayload(fields: string[]): EventPayload {
  const payload: EventPayload = {}
  for (let i = 0; i + 1 < fields.length; i += 2) payload[fields[i]] = fields[i + 1]
  return payload
}
