// Open-loop load: every connection sends at a fixed rate on a fixed schedule, whether or not earlier
// replies came back, and latency is measured from the *scheduled* send time. A stalled server so
// shows up as latency instead of silently slowing the load (no coordinated omission).

export interface LoadTarget {
  /** Sends one event now; resolves when its reply arrived. */
  send(): Promise<void>
}

export interface OpenLoopResult { latenciesMs: Float64Array; sent: number; completed: number; lateSends: number }

export async function runOpenLoop(targets: LoadTarget[], ratePerConnection: number, seconds: number): Promise<OpenLoopResult> {
  const interval = 1000 / ratePerConnection
  const perConnection = Math.floor(seconds * ratePerConnection)
  const total = perConnection * targets.length
  // The schedule: connection i sends at start + (i / n + k) * interval, spreading load evenly.
  const schedule: Array<{ at: number; target: number }> = []
  for (let k = 0; k < perConnection; k++)
    for (let i = 0; i < targets.length; i++) schedule.push({ at: (k + i / targets.length) * interval, target: i })
  const latencies = new Float64Array(total)
  let completed = 0
  let lateSends = 0
  const start = performance.now() + 50
  let next = 0
  const pending: Promise<void>[] = []
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now() - start
      while (next < schedule.length && schedule[next].at <= now) {
        const { at, target } = schedule[next]
        const index = next++
        if (now - at > 5) lateSends++
        pending.push(targets[target].send().then(() => {
          latencies[index] = performance.now() - start - at
          completed++
        }))
      }
      if (next < schedule.length) setTimeout(tick, Math.max(0, Math.min(1, schedule[next].at - now)))
      else resolve()
    }
    tick()
  })
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 10_000))])
  return { latenciesMs: latencies.subarray(0, completed), sent: total, completed, lateSends }
}
