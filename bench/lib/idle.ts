/**
 * How long S0's connections sit idle before memory is read: past the keep-alive of the HTTP
 * connection that loaded each page (4 s in the load client's fetch, 5 s in Node's server), which is
 * not part of an idle live connection. At 2 s, each LiveTS page connection still counted its page
 * load's socket and response buffers (54 KB of external memory per connection on the 1,000-row table).
 */
export const IDLE_SETTLE_MS = 6000

/**
 * The real pages (S0-table, S0-list) are read a second time, this long after their connections
 * opened: past LiveTS's hibernation (a session idle for 15 s keeps its view's state as JSON, swept
 * every 5 s: packages/livets/src/sessions/hibernation.ts), as most connections of a live server sit
 * idle that long. Blazor is read at the same two times.
 */
export const HIBERNATED_SETTLE_MS = 22_000

/**
 * When an S0 scenario reads memory (ms after its connections opened), and the system name each
 * reading is recorded under: the last reading under the system's own name, earlier ones with
 * their idle time.
 */
export function idleReadings(scenario: string, system: string): Array<{ ms: number; system: string }> {
  if (scenario.startsWith('S0-idle')) return [{ ms: IDLE_SETTLE_MS, system }]
  return [{ ms: IDLE_SETTLE_MS, system: earlyReading(system) }, { ms: HIBERNATED_SETTLE_MS, system }]
}

/** The name a real page's earlier reading (at IDLE_SETTLE_MS) is recorded under, for `system`. */
export const earlyReading = (system: string): string => `${system}, ${IDLE_SETTLE_MS / 1000} s idle`

/**
 * V8 options for the servers S0 compares: a nursery (new space) of fixed size, 2 × 16 MB, V8's
 * largest by default on 64-bit. It grows from 1 MB as objects survive scavenges and full collections
 * never shrink it, so without these a connection burst could count up to 32 MB more in one server's
 * reading than in another's (3.2 KB per connection at 10,000, either way from run to run). Fixed,
 * and made resident before each reading (bench/servers/gc.ts), it is the fixed cost it is.
 */
export const FIXED_NURSERY = ['--min-semi-space-size=16', '--max-semi-space-size=16']
