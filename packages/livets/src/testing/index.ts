// livets/testing: test live views without a browser or a port (docs/testing.md).
//
// - render(): the view in a happy-dom page, driven by the real client, in-process: click, input,
//   change, submit, keydown, navigate; html(), find(), has(), nextPush().
// - LiveClient: a protocol-level client over a real socket, for protocol tests and benchmarks.
export { render, RedirectError, type FetchApp, type RenderOptions, type RenderViewOptions } from './render.ts'
export { RenderedView, Found, closeAll, type HeldKeys } from './rendered-view.ts'
export type { FieldValue } from './fields.ts'
export { inProcessTransport } from './in-process-transport.ts'
export { LiveClient, pageToken, type Closed, type LiveReply, type SessionPosition } from './live-client.ts'
