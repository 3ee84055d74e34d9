// Development: per-connection figures gathered from the telemetry channels, for the sessions page
// (/_livets/dev). It only exists while a development server runs; production pays nothing.
import diagnostics from 'node:diagnostics_channel'
import {
  CHANNEL, type ConnectMessage, type DisconnectMessage, type EventMessage, type MountMessage, type RenderMessage, type SendMessage,
} from '../telemetry.ts'

export interface ConnectionStats {
  connection: string
  address: string
  view: string
  since: number
  bytesUp: number
  bytesDown: number
  events: number
  errors: number
  lastEventMs: number
  lastRenderMs: number
  queued: number
}

export class SessionStats {
  readonly connections = new Map<string, ConnectionStats>()
  private readonly handlers: Array<[string, (message: unknown) => void]>

  constructor() {
    const stats = (connection: string): ConnectionStats | undefined => this.connections.get(connection)
    this.handlers = [
      [CHANNEL.connect, (m) => {
        const { connection, address } = m as ConnectMessage
        this.connections.set(connection, { connection, address, view: '', since: Date.now(), bytesUp: 0, bytesDown: 0, events: 0, errors: 0, lastEventMs: 0, lastRenderMs: 0, queued: 0 })
      }],
      [CHANNEL.disconnect, (m) => { this.connections.delete((m as DisconnectMessage).connection) }],
      [CHANNEL.mount, (m) => { const s = stats((m as MountMessage).connection); if (s) s.view = (m as MountMessage).view }],
      [CHANNEL.event, (m) => {
        const { connection, durationMs, ok, queued } = m as EventMessage
        const s = stats(connection)
        if (!s) return
        s.events++
        if (!ok) s.errors++
        s.lastEventMs = durationMs
        s.queued = queued
      }],
      [CHANNEL.render, (m) => { const s = stats((m as RenderMessage).connection); if (s) s.lastRenderMs = (m as RenderMessage).durationMs }],
      [CHANNEL.send, (m) => {
        const { connection, bytes, direction } = m as SendMessage
        const s = stats(connection)
        if (!s) return
        if (direction === 'up') s.bytesUp += bytes
        else s.bytesDown += bytes
      }],
    ]
    for (const [name, handler] of this.handlers) diagnostics.subscribe(name, handler)
  }

  stop(): void {
    for (const [name, handler] of this.handlers) diagnostics.unsubscribe(name, handler)
  }
}
