// A well-behaved page clicking at a fixed rate while other parts misbehave: its round trips, timed
// from each click's scheduled moment (open loop, so a stalled server shows as latency).
import { LiveClient } from 'livets/testing'

export interface Canary {
  /** Round trips (ms) of the clicks sent since the last take(); answers that were errors counted apart. */
  take(): { samples: number[]; errors: number }
  stop(): Promise<void>
}

export async function startCanary(url: string, clicksPerSecond: number): Promise<Canary> {
  const { client } = await LiveClient.connect(url)
  const interval = 1000 / clicksPerSecond
  let samples: number[] = []
  let errors = 0
  const pending = new Set<Promise<void>>()
  const start = performance.now()
  let sent = 0
  let stopped = false
  const tick = () => {
    if (stopped) return
    const now = performance.now()
    while (start + sent * interval <= now) {
      const at = start + sent++ * interval
      const click: Promise<void> = client.event('increment').then((reply) => {
        if (reply.error) errors++
        else samples.push(performance.now() - at)
        pending.delete(click)
      })
      pending.add(click)
    }
    setTimeout(tick, Math.max(0, start + sent * interval - performance.now()))
  }
  tick()
  return {
    take() { const taken = { samples, errors }; samples = []; errors = 0; return taken },
    async stop() { stopped = true; await Promise.all(pending); await client.close() },
  }
}
