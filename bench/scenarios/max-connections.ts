// S0-max (opt-in: npm run bench -- --only S0-max): how many idle connections this machine holds,
// heartbeats on, and what each costs next to a bare `ws` server holding the same count.
//
// The server runs on the server core with a large heap; the client is bench/drivers/idle-swarm.ts,
// forked on the load core. Connections are added in steps; after each step the server collects
// garbage, its RSS is read, and every connection's heartbeat round trip is timed for one full
// heartbeat period. The ramp stops at the last step, when connections start failing, when the
// heartbeat p99 passes its limit, or when the machine runs low on memory.
//
// Limits raised for it (as root; each is put back afterwards):
// - the fd limit of the server and the client (prlimit --pid), up to `fs.nr_open`: raising a hard
//   limit needs CAP_SYS_RESOURCE; without it (a container, a sandbox) the hard limit the benchmark
//   inherited is the ceiling, the steps above it are skipped, and the report says so;
// - `fs.nr_open` and `fs.file-max` (sysctl through /proc/sys) when they are below what a million
//   connections need: the server and the client each hold one fd per connection.
// Ephemeral ports are not a limit: the client spreads its sockets over many 127.x.y.1 source
// addresses (idle-swarm.ts).
import { fork, execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { round } from '../lib/stats.ts'
import { collectGarbage, withServer, type ServerProcess } from '../lib/server-process.ts'
import { BENCH_DIR, startFloor, startLiveTs } from './systems.ts'
import type { SwarmCommand, SwarmReport } from '../drivers/idle-swarm.ts'

type Record_ = (scenario: string, system: string, row: Record<string, unknown>) => void

export interface MaxConnectionsConfig {
  /** Connection counts to stop at and measure. */
  steps: number[]
  heartbeatMs: number
  heartbeatP99LimitMs: number
}

const FDS = 2_100_000
const SERVER_HEAP_MB = 16_384
const CLIENT_HEAP_MB = 8_192
/** Below this much available memory the ramp stops: the machine is shared. */
const RESERVE_BYTES = 2.5 * 2 ** 30

const memAvailable = () => Number(/MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024

/** Raises a /proc/sys value to at least `value`; returns how to put it back. */
function raiseSysctl(name: string, value: number, notes: string[]): () => void {
  const file = join('/proc/sys', ...name.split('.'))
  const before = Number(readFileSync(file, 'utf8').trim())
  if (before >= value) return () => {}
  try {
    writeFileSync(file, String(value))
    notes.push(`S0-max raised ${name} from ${before} to ${value} for its run (put back afterwards).`)
    return () => writeFileSync(file, String(before))
  } catch (e) {
    notes.push(`S0-max could not raise ${name} (${before}; needs root): ${(e as Error).message}`)
    return () => {}
  }
}

/** Raises a process's fd limit as far as allowed; returns the hard limit it has then. */
function raiseFdLimit(pid: number): number {
  try { execFileSync('prlimit', ['--pid', String(pid), `--nofile=${FDS}:${FDS}`], { stdio: 'pipe' }) } catch { /* read what it has below */ }
  const [, hard] = execFileSync('prlimit', ['--pid', String(pid), '--nofile', '--raw', '--noheadings', '-o', 'SOFT,HARD']).toString().trim().split(/\s+/)
  return Number(hard)
}

/** Room a process needs besides its connections: the listening socket, files, pipes, the event loop. */
const OTHER_FDS = 500

class Swarm {
  private readonly child = fork(join(BENCH_DIR, 'drivers', 'idle-swarm.ts'), [], {
    execArgv: [`--max-old-space-size=${CLIENT_HEAP_MB}`, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  private readonly waiting: Array<{ resolve: (report: SwarmReport) => void; reject: (error: Error) => void }> = []

  /** The client's fd ceiling. */
  readonly fdLimit: number

  constructor() {
    this.fdLimit = raiseFdLimit(this.child.pid!)
    this.child.on('message', (report: SwarmReport) => this.waiting.shift()?.resolve(report))
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.splice(0)) waiter.reject(new Error(`the connection swarm exited with ${code}`))
    })
  }

  ask<K extends SwarmReport['kind']>(command: SwarmCommand): Promise<Extract<SwarmReport, { kind: K }>> {
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null) return reject(new Error(`the connection swarm exited with ${this.child.exitCode}`))
      this.waiting.push({ resolve: resolve as (report: SwarmReport) => void, reject })
      this.child.send(command)
    })
  }

  tell(command: SwarmCommand): void { this.child.send(command) }
}

async function ramp(system: 'livets' | 'floor', start: () => Promise<ServerProcess>, path: string, steps: number[], config: MaxConnectionsConfig,
  record: Record_, notes: string[]): Promise<number> {
  let reached = 0
  await withServer(start, async (server) => {
    const swarm = new Swarm()
    const ceiling = Math.min(raiseFdLimit(server.pid), swarm.fdLimit) - OTHER_FDS
    if (steps.some((n) => n > ceiling)) {
      notes.push(`S0-max ${system}: the fd limit of a process is ${ceiling + OTHER_FDS} here and cannot be raised ` +
        '(prlimit needs CAP_SYS_RESOURCE, which this machine does not grant), so one server process holds at most ' +
        `${ceiling} connections; the steps above it were skipped and the last one is ${ceiling}.`)
      steps = [...steps.filter((n) => n < ceiling), ceiling]
    }
    try {
      swarm.tell({ kind: 'configure', url: server.url, system, path, heartbeatMs: config.heartbeatMs })
      const before = await collectGarbage(server.url)
      const rssBefore = server.rssBytes()
      const rows: Array<Record<string, unknown>> = []
      for (const target of steps) {
        if (memAvailable() < RESERVE_BYTES) { notes.push(`S0-max ${system}: stopped before ${target} connections, ${round(memAvailable() / 2 ** 30, 1)} GiB of memory left`); break }
        const opened = await swarm.ask<'opened'>({ kind: 'open', target })
        const after = await collectGarbage(server.url)
        const rss = server.rssBytes()
        const beats = await swarm.ask<'measured'>({ kind: 'measure', seconds: config.heartbeatMs / 1000 })
        const row = {
          connections: opened.open, target, failed: opened.failed, rampSeconds: round(opened.seconds, 1),
          serverReports: after.connections,
          rssBytesPerConnection: Math.round((rss - rssBefore) / opened.open),
          jsHeapBytesPerConnection: Math.round((after.jsHeap - before.jsHeap) / opened.open),
          managedHeapBytesPerConnection: after.managedHeap !== undefined ? Math.round((after.managedHeap - before.managedHeap) / opened.open) : null,
          heartbeats: beats.heartbeats, heartbeatsLost: beats.lost, heartbeatMs: beats.latencyMs,
          memAvailableGiB: round(memAvailable() / 2 ** 30, 1),
        }
        console.log('S0-max', system, JSON.stringify(row))
        rows.push(row)
        if (opened.open < target * 0.99) { notes.push(`S0-max ${system}: ${opened.open} of ${target} connections opened (${opened.failed} failed: ${opened.lastError ?? 'closed'})`); break }
        reached = opened.open
        // LiveTS stops where its heartbeats get too slow; the floor, its baseline, holds the same counts regardless.
        if (beats.latencyMs.p99 > config.heartbeatP99LimitMs) {
          notes.push(`S0-max ${system}: heartbeat p99 ${beats.latencyMs.p99} ms at ${opened.open} connections`)
          if (system === 'livets') break
        }
      }
      record('S0-max', system, { steps: rows })
    } finally {
      await swarm.ask<'closed'>({ kind: 'close' }).catch(() => {})
    }
  })
  return reached
}

export async function maxConnections(config: MaxConnectionsConfig, record: Record_, notes: string[]): Promise<void> {
  const restore = [
    raiseSysctl('fs.nr_open', FDS + 100_000, notes),
    raiseSysctl('fs.file-max', 2 * FDS + 1_000_000, notes),
  ]
  try {
    const reached = await ramp('livets', () => startLiveTs({ nodeOptions: [`--max-old-space-size=${SERVER_HEAP_MB}`] }), '/idle', config.steps, config, record, notes)
    // The floor holds the same counts, up to where LiveTS got.
    const floorSteps = [...config.steps.filter((n) => n < reached), Math.max(reached, config.steps[0])]
    await ramp('floor', () => startFloor([`--max-old-space-size=${SERVER_HEAP_MB}`]), '/', floorSteps, config, record, notes)
  } finally {
    for (const put of restore.reverse()) put()
  }
}
