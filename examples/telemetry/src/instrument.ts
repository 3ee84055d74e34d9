// LiveTS's diagnostics channels as OpenTelemetry data, through @opentelemetry/api only: a span per
// handled event, per mount and per render, an error recorded on the span of the step that failed,
// and metrics for events, bytes and live connections. Install any OpenTelemetry SDK and exporter;
// call instrumentLiveTS() once at start. The channels are documented in docs/telemetry.md.
import diagnostics from 'node:diagnostics_channel'
import { SpanStatusCode, metrics, trace, type Attributes } from '@opentelemetry/api'
import {
  CHANNEL, type ConnectMessage, type DisconnectMessage, type ErrorMessage, type EventMessage, type MountMessage, type RenderMessage,
  type SendMessage,
} from 'livets'

/** Subscribes to every LiveTS channel; returns the function that unsubscribes. */
export function instrumentLiveTS(): () => void {
  const tracer = trace.getTracer('livets')
  const meter = metrics.getMeter('livets')
  const eventDuration = meter.createHistogram('livets.event.duration', { unit: 'ms', description: 'time to run a client event\'s handler' })
  const renderBytes = meter.createHistogram('livets.render.bytes', { unit: 'By', description: 'bytes of a patch sent after a render' })
  const bytes = meter.createCounter('livets.bytes', { unit: 'By', description: 'bytes over live sockets, by direction' })
  const connections = meter.createUpDownCounter('livets.connections', { description: 'live sockets open' })
  const errors = meter.createCounter('livets.errors', { description: 'failed mounts, handlers and renders' })

  /** A span for a step that already happened: it ends `durationMs` after it started. */
  const recordSpan = (name: string, durationMs: number, attributes: Attributes, failed = false): void => {
    const end = Date.now()
    const span = tracer.startSpan(name, { startTime: end - durationMs, attributes })
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR })
    span.end(end)
  }

  const handlers: Record<string, (message: unknown) => void> = {
    [CHANNEL.connect]: () => connections.add(1),
    [CHANNEL.disconnect]: (m) => connections.add(-1, { 'livets.close_code': (m as DisconnectMessage).code }),
    [CHANNEL.mount]: (m) => {
      const { view, restored, durationMs, connection } = m as MountMessage
      recordSpan(`${view} mount`, durationMs, { 'livets.view': view, 'livets.restored': restored, 'livets.connection': connection })
    },
    [CHANNEL.event]: (m) => {
      const { view, event, durationMs, ok, connection } = m as EventMessage
      recordSpan(`${view} ${event}`, durationMs, { 'livets.view': view, 'livets.event': event, 'livets.connection': connection }, !ok)
      eventDuration.record(durationMs, { 'livets.view': view, 'livets.event': event })
    },
    [CHANNEL.render]: (m) => {
      const { view, durationMs, bytes: sent, connection } = m as RenderMessage
      recordSpan(`${view} render`, durationMs, { 'livets.view': view, 'livets.bytes': sent, 'livets.connection': connection })
      renderBytes.record(sent, { 'livets.view': view })
    },
    [CHANNEL.send]: (m) => bytes.add((m as SendMessage).bytes, { 'livets.direction': (m as SendMessage).direction }),
    [CHANNEL.error]: (m) => {
      const { view, phase, error, timedOut } = m as ErrorMessage
      const span = tracer.startSpan(`${phase} failed`, { attributes: { 'livets.view': view, 'livets.timed_out': timedOut } })
      if (error instanceof Error) span.recordException(error)
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) })
      span.end()
      errors.add(1, { 'livets.view': view })
    },
  }
  for (const [name, handler] of Object.entries(handlers)) diagnostics.subscribe(name, handler)
  return () => { for (const [name, handler] of Object.entries(handlers)) diagnostics.unsubscribe(name, handler) }
}
