// S1 throughput at a fixed p99: the same open-loop load as S1-load, stepped up in rate until the
// p99 latency passes the target (or the server stops keeping up). The highest rate that held is
// the system's throughput at that p99, so systems compare at the same latency, not at their
// different breaking points.
import { summarize, round } from '../lib/stats.ts'
import { withServer, type ServerProcess } from '../lib/server-process.ts'
import { runOpenLoop, type LoadTarget } from '../drivers/open-loop.ts'
import { openMany } from '../drivers/livets-client.ts'

export interface ThroughputOptions {
  connections: number
  /** Events per second over all connections, tried in order. */
  rates: number[]
  secondsPerStep: number
  p99TargetMs: number
}

export interface ThroughputRow extends Record<string, unknown> {
  p99TargetMs: number
  eventsPerSecondAtTarget: number
  steps: Array<{ rate: number; p99: number; completedShare: number }>
}

export async function throughputAtP99(
  start: () => Promise<ServerProcess>,
  open: (url: string) => Promise<LoadTarget & { close(): void }>,
  path: string,
  options: ThroughputOptions,
): Promise<ThroughputRow> {
  return withServer(start, async (server) => {
    const url = new URL(path, server.url).href
    const connections = await openMany(options.connections, () => open(url))
    // Warm-up at the lowest rate, not counted: JIT, template compilation, socket buffers.
    await runOpenLoop(connections, options.rates[0] / options.connections, options.secondsPerStep)
    const steps: ThroughputRow['steps'] = []
    let best = 0
    for (const rate of options.rates) {
      // A step that misses is tried once more: one stall of this shared machine should not end the ramp.
      let held = false
      for (let attempt = 0; attempt < 2 && !held; attempt++) {
        const result = await runOpenLoop(connections, rate / options.connections, options.secondsPerStep)
        const p99 = summarize(result.latenciesMs).p99
        const completedShare = result.completed / result.sent
        steps.push({ rate, p99: round(p99, 2), completedShare: round(completedShare, 3) })
        held = p99 <= options.p99TargetMs && completedShare >= 0.99
        await new Promise((r) => setTimeout(r, 500)) // drain before the next step
      }
      if (!held) break
      best = rate
    }
    for (const c of connections) c.close()
    return { p99TargetMs: options.p99TargetMs, eventsPerSecondAtTarget: best, steps }
  })
}
