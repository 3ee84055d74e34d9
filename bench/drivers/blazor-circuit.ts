// A Blazor Server client at the protocol level: it does on the wire what blazor.web.js does for a
// server-rendered page with interactive server components, without a browser, so the benchmarks can
// hold thousands of circuits from one Node process. What it does, in the browser's order
// (aspnetcore src/Components/Web.JS/src/Platform/Circuits/CircuitManager.ts, WebRootComponentManager.ts;
// checked against Chromium's own frames on this app):
//   1. GET the page. The prerendered HTML holds one `<!--Blazor:{"type":"server",...}-->` marker per
//      interactive root component (a data-protected descriptor plus sequence, key and prerenderId)
//      and a `<!--Blazor-Server-Component-State:...-->` comment with the persisted state.
//   2. Negotiate and open the SignalR hub at /_blazor with the "blazorpack" (MessagePack) protocol.
//   3. invoke StartCircuit(baseUri, uri, "[]", state): blazor.web.js starts with no components and
//      adds them afterwards. The server asks the client to attach its renderer
//      (JS.BeginInvokeJS "Blazor._internal.attachWebRendererInterop"), passing the .NET object that
//      events are later dispatched to; the client answers with EndInvokeJSFromDotNet.
//   4. send UpdateRootComponents({batchId, operations: [{type: "add", ssrComponentId, marker}]}, state).
//      The server replies JS.AttachComponent(componentId, ssrComponentId), then JS.RenderBatch with the
//      first render, then JS.EndUpdateRootComponents(batchId).
//   5. Every JS.RenderBatch(batchId, bytes) is applied to a render tree mirror and acknowledged with
//      OnRenderCompleted(batchId, null): the server stops rendering to a client more than 10 batches
//      behind, so the acknowledgement is part of the cost of every update.
//   6. An event is BeginInvokeDotNetFromJS(callId, null, "DispatchEventAsync", rendererObjectId,
//      "[descriptor, eventArgs]") with the handler id read from the mirror; the server answers with a
//      render batch and then JS.EndInvokeDotNet(callId, true, ...).
// Bytes are the WebSocket payloads in both directions, counted on the socket itself.
import WebSocket from 'ws'
import { HttpTransportType, HubConnectionBuilder, LogLevel, type HubConnection, type IHttpConnectionOptions, type ILogger } from '@microsoft/signalr'
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack'
import { RenderTree, textContent, type AppliedBatch, type ElementNode } from './blazor-render-tree.ts'
import type { BenchConnection } from './livets-client.ts'

/** Blazor's own name for its MessagePack hub protocol; the server accepts no other on /_blazor. */
class BlazorPackProtocol extends MessagePackHubProtocol {
  override readonly name = 'blazorpack'
}

interface ServerMarker { type: 'server'; prerenderId?: string; key?: unknown; sequence: number; descriptor: string }

/** The interactive server components of a prerendered page and its persisted state. */
export function readMarkers(html: string): { markers: ServerMarker[]; state: string } {
  const markers: ServerMarker[] = []
  for (const match of html.matchAll(/<!--Blazor:(\{.*?\})-->/gs)) {
    const payload = JSON.parse(match[1]) as Partial<ServerMarker>
    if (payload.type === 'server' && payload.descriptor) markers.push(payload as ServerMarker)
  }
  markers.sort((a, b) => a.sequence - b.sequence)
  const state = /<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]*)-->/.exec(html)?.[1] ?? ''
  return { markers, state }
}

/** A `ws` socket that counts payload bytes both ways; SignalR is given this class to construct. */
function countingWebSocket(counts: { up: number; down: number }) {
  return class CountingWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args)
      this.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        counts.down += Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength
      })
    }
    override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
      counts.up += typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBufferLike | ArrayBufferView).byteLength
      ;(super.send as (...a: unknown[]) => void)(data, ...rest)
    }
  }
}

/** SignalR's own warnings go to the notes of the run, not to the console of every connection. */
const quietLogger = (onError: (message: string) => void): ILogger => ({
  log(level, message) { if (level >= LogLevel.Error) onError(message) },
})

/** What a click sends in Chromium: blazor.web.js serialises these MouseEventArgs fields. */
const CLICK_ARGS = {
  detail: 1, screenX: 0, screenY: 0, clientX: 0, clientY: 0, offsetX: 0, offsetY: 0, pageX: 0, pageY: 0,
  movementX: 0, movementY: 0, button: 0, buttons: 0, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, type: 'click',
}

interface PendingEvent { callId: string; done: () => void; reject: (error: Error) => void; rendered: boolean }

export class BlazorCircuit {
  readonly tree = new RenderTree()
  readonly counts = { up: 0, down: 0 }
  /** Called after every applied render batch (e.g. to wait for a chat message to appear). */
  onRender: ((batch: AppliedBatch) => void) | undefined
  private connection!: HubConnection
  private rendererObjectId = 0
  private nextCallId = 1
  private readonly pending: PendingEvent[] = []
  private failure: string | undefined
  /** Rejects at the circuit's first failure (connection lost, circuit error, a batch the mirror cannot apply). */
  private readonly failed: Promise<never>
  private rejectFailed!: (error: Error) => void

  private constructor(readonly url: string) {
    this.failed = new Promise<never>((_, reject) => { this.rejectFailed = reject })
    this.failed.catch(() => {}) // awaited during start only; afterwards failures reach the waiting events
  }

  /** Loads `url` and starts a circuit for its interactive server components; resolves after the first render. */
  static async open(url: string): Promise<BlazorCircuit> {
    const circuit = new BlazorCircuit(url)
    await circuit.start()
    return circuit
  }

  private async start(): Promise<void> {
    const response = await fetch(this.url)
    if (!response.ok) throw new Error(`GET ${this.url}: ${response.status}`)
    const { markers, state } = readMarkers(await response.text())
    if (markers.length === 0) throw new Error(`${this.url} has no interactive server component`)

    let rendererAttached!: () => void
    const attached = new Promise<void>((resolve) => { rendererAttached = resolve })
    let rootsUpdated!: () => void
    const updated = new Promise<void>((resolve) => { rootsUpdated = resolve })
    const failed = this.failed

    this.connection = new HubConnectionBuilder()
      .withUrl(new URL('/_blazor', this.url).href, {
        transport: HttpTransportType.WebSockets,
        // HttpConnection reads `WebSocket` to choose the socket class; its typings leave it out.
        WebSocket: countingWebSocket(this.counts),
        logger: quietLogger((message) => this.fail(`SignalR: ${message}`)),
      } as IHttpConnectionOptions)
      .withHubProtocol(new BlazorPackProtocol())
      .configureLogging(quietLogger((message) => this.fail(`SignalR: ${message}`)))
      .build()

    const c = this.connection
    c.on('JS.AttachComponent', (componentId: number) => this.tree.attachRoot(componentId))
    c.on('JS.RenderBatch', (batchId: number, bytes: Uint8Array) => this.renderBatch(batchId, bytes))
    c.on('JS.EndUpdateRootComponents', () => rootsUpdated())
    c.on('JS.BeginInvokeJS', (asyncHandle: number, identifier: string, argsJson: string) => {
      if (identifier === 'Blazor._internal.attachWebRendererInterop') {
        // [rendererId, {__dotNetObject: id}, ...]: the object whose DispatchEventAsync takes events.
        this.rendererObjectId = (JSON.parse(argsJson) as [number, { __dotNetObject: number }])[1].__dotNetObject
        rendererAttached()
      }
      // Every call this app makes returns nothing; answer as blazor.web.js does, [handle, success, result].
      if (asyncHandle !== 0) this.post('EndInvokeJSFromDotNet', asyncHandle, true, JSON.stringify([asyncHandle, true, null]))
    })
    c.on('JS.EndInvokeDotNet', (callId: string, success: boolean, result: string) => this.endInvokeDotNet(callId, success, result))
    c.on('JS.Error', (message: string) => this.fail(`circuit error: ${message}`))
    for (const ignored of ['JS.EndLocationChanging', 'JS.SavePersistedState', 'JS.RequestPause', 'JS.ReceiveByteArray', 'JS.BeginTransmitStream'])
      c.on(ignored, () => {})
    c.onclose((error) => this.fail(`connection closed${error ? `: ${error.message}` : ''}`))

    await c.start()
    const base = new URL('/', this.url).href
    const circuitId = await Promise.race([c.invoke<string | null>('StartCircuit', base, this.url, '[]', state), failed])
    if (!circuitId) throw new Error('StartCircuit refused the circuit')
    await Promise.race([attached, failed])
    const operations = markers.map((marker, i) => ({ type: 'add', ssrComponentId: i + 1, marker: { ...marker, uniqueId: i } }))
    await c.send('UpdateRootComponents', JSON.stringify({ batchId: 1, operations }), state)
    await Promise.race([updated, failed])
  }

  private fail(why: string): void {
    if (this.failure) return
    this.failure = why
    const error = new Error(`${this.url}: ${why}`)
    this.rejectFailed(error)
    for (const event of this.pending.splice(0)) event.reject(error)
  }

  /** A fire-and-forget hub message, as blazor.web.js sends them; a send on a closed connection fails the circuit. */
  private post(method: string, ...args: unknown[]): void {
    this.connection.send(method, ...args).catch((e: Error) => this.fail(`${method}: ${e.message}`))
  }

  private renderBatch(batchId: number, bytes: Uint8Array): void {
    let applied: AppliedBatch
    try {
      applied = this.tree.apply(bytes)
    } catch (e) {
      this.post('OnRenderCompleted', batchId, String(e))
      this.fail(`render batch ${batchId}: ${(e as Error).message}`)
      return
    }
    this.post('OnRenderCompleted', batchId, null)
    // The oldest event still waiting for its render gets this batch: the server renders events in order.
    const waiting = this.pending.find((p) => !p.rendered)
    if (waiting) { waiting.rendered = true; waiting.done() }
    this.onRender?.(applied)
  }

  private endInvokeDotNet(callId: string, success: boolean, result: string): void {
    const index = this.pending.findIndex((p) => p.callId === callId)
    if (index < 0) return
    const [event] = this.pending.splice(index, 1)
    if (!success) this.fail(`event ${callId} failed: ${result}`)
    // An event whose render was merged into another batch, or that rendered nothing, completes here.
    if (!event.rendered) event.done()
  }

  /**
   * Dispatches a DOM event to a handler id; resolves when the render batch it caused arrived (or, if
   * it caused none, when the server reported the handler finished).
   */
  dispatch(handlerId: number, eventName: string, eventArgs: object, fieldInfo: { componentId: number; fieldValue: string } | null = null): Promise<void> {
    if (this.failure) return Promise.reject(new Error(this.failure))
    const callId = String(this.nextCallId++)
    const descriptor = { eventHandlerId: handlerId, eventName, eventFieldInfo: fieldInfo }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ callId, done: resolve, reject, rendered: false })
      this.post('BeginInvokeDotNetFromJS', callId, null, 'DispatchEventAsync', this.rendererObjectId,
        JSON.stringify([descriptor, eventArgs]))
    })
  }

  /** The element `match` picks, which must exist. */
  element(match: (node: ElementNode) => boolean, what: string): ElementNode {
    const node = this.tree.find(match)
    if (!node) throw new Error(`${this.url}: no element ${what}`)
    return node
  }

  /** Clicks the element `match` picks (e.g. the button with aria-label="increment"). */
  click(match: (node: ElementNode) => boolean, what = 'to click'): Promise<void> {
    return this.clickNode(this.element(match, what), what)
  }

  /** Clicks an element already found in the tree (its handler id must be the current one). */
  clickNode(target: ElementNode, what = 'to click'): Promise<void> {
    const handler = target.handlers.get('click')
    if (!handler) throw new Error(`${this.url}: ${what} has no click handler`)
    return this.dispatch(handler, 'click', CLICK_ARGS)
  }

  /**
   * Types `value` into the input `match` picks: an `input` event (or `change`, for a plain `@bind`),
   * with the field info blazor.web.js adds so the server knows the DOM already shows the value.
   */
  input(match: (node: ElementNode) => boolean, value: string, what = 'to type into', eventName: 'input' | 'change' = 'input'): Promise<void> {
    const target = this.element(match, what)
    const handler = target.handlers.get(eventName)
    if (!handler) throw new Error(`${this.url}: ${what} has no ${eventName} handler`)
    return this.dispatch(handler, eventName, { value }, { componentId: target.componentId, fieldValue: value })
  }

  /** Submits the form `match` picks (blazor.web.js sends a submit with empty event args). */
  submit(match: (node: ElementNode) => boolean, what = 'form'): Promise<void> {
    const target = this.element(match, what)
    const handler = target.handlers.get('submit')
    if (!handler) throw new Error(`${this.url}: ${what} has no submit handler`)
    return this.dispatch(handler, 'submit', {})
  }

  /** The text of the first element `match` picks. */
  text(match: (node: ElementNode) => boolean): string | undefined {
    const node = this.tree.find(match)
    return node && textContent(node)
  }

  close(): Promise<void> {
    this.failure ??= 'closed' // the close that follows is expected, not a failure
    return this.connection.stop()
  }
}

/** Matches an element by tag and attributes, e.g. byAttributes('button', { 'aria-label': 'increment' }). */
export const byAttributes = (name: string, attributes: Record<string, string>) => (node: ElementNode) =>
  node.name === name && Object.entries(attributes).every(([k, v]) => node.attributes.get(k) === v)

/** Matches an element by tag and its whole text, e.g. byText('button', 'swap'). */
export const byText = (name: string, text: string) => (node: ElementNode) => node.name === name && textContent(node) === text

/** A circuit on the counter page whose send() is one click on "increment", as LiveTS's liveConnection. */
export async function blazorCounterConnection(url: string): Promise<BenchConnection & { circuit: BlazorCircuit }> {
  const circuit = await BlazorCircuit.open(url)
  const increment = byAttributes('button', { 'aria-label': 'increment' })
  const upBefore = circuit.counts.up
  const downBefore = circuit.counts.down
  return {
    circuit,
    send: () => circuit.click(increment, 'button[aria-label=increment]'),
    bytesUp: () => circuit.counts.up - upBefore,
    bytesDown: () => circuit.counts.down - downBefore,
    close: () => { void circuit.close().catch(() => {}) },
  }
}
