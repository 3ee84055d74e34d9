// What LiveTS reports about itself, on node:diagnostics_channel (the Node convention; Bun and Deno
// have it too). Nothing is built unless someone subscribes: a channel without subscribers costs a
// property read per event. docs/telemetry.md lists the channels and their messages; an
// OpenTelemetry wiring is in examples/telemetry.
import diagnostics from 'node:diagnostics_channel'

/** The channel names, named once. */
export const CHANNEL = {
  connect: 'livets:connect',
  disconnect: 'livets:disconnect',
  mount: 'livets:mount',
  event: 'livets:event',
  render: 'livets:render',
  send: 'livets:send',
  error: 'livets:error',
} as const

/** A socket opened. */
export interface ConnectMessage { connection: string; address: string }
/** A socket closed (`code` as the socket reported it). */
export interface DisconnectMessage { connection: string; address: string; code: number }
/** A view mounted on a live connection (or restored from a checkpoint). */
export interface MountMessage { connection: string; session: string; view: string; restored: boolean; durationMs: number }
/** A client event was handled (`ok` false: it threw or timed out; its state rolled back). */
export interface EventMessage { connection: string; view: string; event: string; durationMs: number; ok: boolean; queued: number }
/** A render was diffed and encoded: how long (JS render + engine diff) and how many bytes went out. */
export interface RenderMessage { connection: string; view: string; durationMs: number; bytes: number }
/** Bytes written to a socket (`direction` up: a client frame received). */
export interface SendMessage { connection: string; bytes: number; direction: 'up' | 'down' }
/**
 * Application code failed: which view, which step (`Counter.increment()`), and the error.
 * `remounted`: the step was restoring the view's saved state (after a restart, a deploy), which the
 * code that runs now could not take, so the view was mounted afresh instead.
 */
export interface ErrorMessage { connection: string; view: string; phase: string; error: unknown; timedOut: boolean; remounted: boolean }

export const channels = {
  connect: diagnostics.channel(CHANNEL.connect),
  disconnect: diagnostics.channel(CHANNEL.disconnect),
  mount: diagnostics.channel(CHANNEL.mount),
  event: diagnostics.channel(CHANNEL.event),
  render: diagnostics.channel(CHANNEL.render),
  send: diagnostics.channel(CHANNEL.send),
  error: diagnostics.channel(CHANNEL.error),
}
