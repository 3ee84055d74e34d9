// Exact percentiles over every sample (no sampling, no histogram buckets): runs here are at most a
// few hundred thousand samples, so sorting all of them is cheap and loses nothing.

export interface Summary { count: number; p50: number; p99: number; p999: number; max: number; mean: number }

export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort()
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN)
  let sum = 0
  for (const v of sorted) sum += v
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1] ?? NaN, mean: sum / sorted.length }
}

export const round = (v: number, digits = 2): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v)

/** The latency percentiles a report shows, in ms to the microsecond. */
export const latencyMs = (s: Summary) => ({ p50: round(s.p50, 3), p99: round(s.p99, 3), p999: round(s.p999, 3), max: round(s.max, 3) })

export const ratio = (ours: number, theirs: number): number => round(ours / theirs, 2)
