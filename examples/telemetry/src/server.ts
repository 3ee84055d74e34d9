// The counter with OpenTelemetry: spans and metrics printed to the console every 10 s. Swap the
// console exporters for OTLP ones to send them to a collector.
import { metrics, trace } from '@opentelemetry/api'
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { serve } from 'livets/node'
import { app } from './app.ts'
import { instrumentLiveTS } from './instrument.ts'

trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] }))
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 10_000 })] }))
instrumentLiveTS()

const server = await serve(app, { port: Number(process.env.PORT ?? 3002) })
console.log(`LiveTS with OpenTelemetry on http://localhost:${server.port}`)
