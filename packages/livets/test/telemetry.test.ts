// The diagnostics channels, and the OpenTelemetry wiring of examples/telemetry driven through them.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { Hono } from 'hono'
import { metrics, trace } from '@opentelemetry/api'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { CHANNEL, LiveView, html, live, type EventMessage } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient } from 'livets/testing'
import { instrumentLiveTS } from '../../../examples/telemetry/src/instrument.ts'

class Meter extends LiveView<{ n: number }> {
  mount() { this.state = { n: 0 } }
  add() { this.state.n++ }
  fail() { throw new Error('broken on purpose') }
  render() { return html`<p>${this.state.n}<button ts-on:click="add">+</button><button ts-on:click="fail">!</button></p>` }
}

let server: LiveServer
let base: string
before(async () => {
  const app = new Hono()
  app.get('/', live(Meter))
  server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger: { error: () => {}, warn: () => {} } })
  base = `http://127.0.0.1:${server.port}/`
})
after(() => server.close())

/** Collects what a channel publishes while `body` runs. */
async function heard<T>(name: string, body: () => Promise<void>): Promise<T[]> {
  const messages: T[] = []
  const listener = (message: unknown) => messages.push(message as T)
  diagnostics.subscribe(name, listener)
  try { await body() } finally { diagnostics.unsubscribe(name, listener) }
  return messages
}

describe('telemetry', () => {
  test('every step is published on its channel with its timing and bytes', async () => {
    let client!: LiveClient
    const connects = await heard<{ connection: string }>(CHANNEL.connect, async () => { client = (await LiveClient.connect(base)).client })
    const events = await heard<EventMessage>(CHANNEL.event, async () => { await client.event('add'); await client.event('fail') })
    const renders = await heard<{ bytes: number; durationMs: number }>(CHANNEL.render, async () => { await client.event('add') })
    const sends = await heard<{ bytes: number; direction: string }>(CHANNEL.send, async () => { await client.event('add') })
    const errors = await heard<{ phase: string; error: Error }>(CHANNEL.error, async () => { await client.event('fail') })
    const disconnects = await heard<{ code: number }>(CHANNEL.disconnect, async () => { await client.close(); await new Promise((r) => setTimeout(r, 20)) })

    assert.equal(connects.length, 1)
    assert.deepEqual(events.map((e) => [e.view, e.event, e.ok]), [['Meter', 'add', true], ['Meter', 'fail', false]])
    assert.ok(events.every((e) => e.durationMs >= 0 && e.connection === connects[0].connection))
    assert.equal(renders.length, 1)
    assert.ok(renders[0].bytes > 1)
    assert.deepEqual(sends.map((s) => s.direction), ['up', 'down'])
    assert.deepEqual(errors.map((e) => [e.phase, e.error.message]), [['Meter.fail()', 'broken on purpose']])
    assert.equal(disconnects.length, 1)
  })

  test('examples/telemetry turns them into OpenTelemetry spans and metrics', async () => {
    const spans = new InMemorySpanExporter()
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] })
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })
    trace.setGlobalTracerProvider(provider)
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }))
    const stop = instrumentLiveTS()
    try {
      const { client } = await LiveClient.connect(base)
      await client.event('add')
      await client.event('fail')
      await client.close()
      await reader.forceFlush()
    } finally {
      stop()
      trace.disable()
      metrics.disable()
    }
    const names = spans.getFinishedSpans().map((span) => span.name)
    assert.ok(names.includes('Meter mount'), names.join())
    assert.ok(names.includes('Meter add'))
    assert.ok(names.includes('Meter render'))
    assert.ok(names.includes('Meter.fail() failed'))
    const failed = spans.getFinishedSpans().find((span) => span.name === 'Meter.fail() failed')!
    assert.equal(failed.events[0]?.name, 'exception')
    const metricNames = metricExporter.getMetrics().flatMap((m) => m.scopeMetrics.flatMap((s) => s.metrics.map((x) => x.descriptor.name)))
    for (const name of ['livets.event.duration', 'livets.render.bytes', 'livets.bytes', 'livets.connections', 'livets.errors']) assert.ok(metricNames.includes(name), name)
  })
})
