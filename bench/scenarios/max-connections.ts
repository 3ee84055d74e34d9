// S0-max (opt-in: npm run bench -- --only S0-max): how many idle connections this machine holds,
// heartbeats on, and what each costs next to a bare `ws` server holding the same count in the same
// layout.
//
// The layout follows the per-process fd limit. A process holds one fd per connection; where that
// limit cannot be raised (a container without CAP_SYS_RESOURCE: the hard limit the benchmark
// inherited is the ceiling), the server runs as several node:cluster workers on one port, the way
// livets/cluster scales an app over cores (with Redis, which livets/cluster workers require), and
// the floor runs as the same number of workers of its own. The clients are as many processes of
// bench/drivers/idle-swarm.ts, each with its own block of loopback source addresses (127.x.y.1):
// ephemeral ports are then no limit either. Where the limit can be raised, one process of each.
// The primary of node:cluster accepts each connection and passes it to a worker (round robin); it
// closes its own fd once the worker has it, which the report checks (primaryFds).
//
// One server process runs on the server core; several share both cores. The swarms run on the load
// core. Connections are added in steps; after each step every server process collects garbage, the
// memory of all of them is read once it stops falling (RSS summed over the processes, each process's fixed cost included,
// Redis included for LiveTS; also the slope above the empty servers' memory, and PSS), and every
// connection's heartbeat round trip is timed for one full heartbeat period, client side. The ramp
// stops at the last step, when connections start failing, when the heartbeat p99 passes its limit,
// or before the machine runs out of memory: each step is projected from what the previous one took
// from MemAvailable (kernel sockets, clients and servers together) and shortened to what fits, and
// the swarms are halted if MemAvailable falls below the reserve while they open.
//
// Limits raised for it (as root; each is put back afterwards):
// - the fd limit of the benchmark process (prlimit --pid), inherited by every server and swarm;
// - `fs.nr_open` and `fs.file-max` (sysctl through /proc/sys) when they are below what a million
//   connections need.
import { fork, execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { latencyMs, round, summarize } from '../lib/stats.ts'
import { MEMORY_KINDS, collectGarbageEverywhere, cpuSecondsOfTree, fdCount, processTree, rssByKind, treeMemory, treeRssBytes, type MemoryKind, type ServerProcess } from '../lib/server-process.ts'
import { BENCH_DIR, SERVER_CORE, startFloor, startLiveTs } from './systems.ts'
import { FIXED_NURSERY, IDLE_SETTLE_MS } from '../lib/idle.ts'
import { withRedis } from './scale.ts'
import type { SwarmCommand, SwarmReport } from '../drivers/idle-swarm.ts'

type Record_ = (scenario: string, system: string, row: Record<string, unknown>) => void

export interface MaxConnectionsConfig {
  /** Connection counts to stop at and measure; the largest sets how many processes each side runs. */
  steps: number[]
  heartbeatMs: number
  heartbeatP99LimitMs: number
}

const FDS = 2_100_000
const SERVER_HEAP_MB = 16_384
const CLIENT_HEAP_MB = 8_192
/** Below this much available memory the ramp stops (2 GiB stays free for the rest of the machine, with room for a step's overshoot). */
const RESERVE_BYTES = 2.5 * 2 ** 30
/** Room a process needs besides its connections: the listening socket, files, pipes, the event loop. */
const OTHER_FDS = 500
/**
 * LiveTS's server here serves the idle page alone (bench/servers/idle-app.ts), as the floor is `ws`
 * alone: the ratio counts every process's fixed cost, and in livets-app.ts that would include the
 * other scenarios' modules (zod, the examples).
 */
const IDLE_APP = 'idle-app.js'
/** A server worker is planned for this share of its fd room: round robin gives each connection to the next free worker, not exactly one in n. */
const WORKER_FILL = 0.9
/** Source addresses each swarm process may use (25,000 ports each: far more than one process's fds). */
const ADDRESSES_PER_SWARM = 64
/** Memory is read once the servers' summed RSS falls by less than this share in one poll (at most SETTLE_LIMIT_MS after the collections). */
const SETTLED_CHANGE = 0.002
const SETTLE_POLL_MS = 2_000
const SETTLE_LIMIT_MS = 30_000
/** A step holds when this share of its connections is open after it (bench/report.ts uses the same). */
const HELD = 0.95
/** Handshakes in flight over all swarms together (idle-swarm.ts). */
const IN_FLIGHT = 256

const meminfo = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024
const memAvailable = () => meminfo('MemAvailable')
const GiB = (bytes: number) => round(bytes / 2 ** 30, 1)

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

/**
 * What a connection and a process cost this machine, from MemAvailable (kernel sockets, clients
 * and servers together; RSS would count the pages processes share once per process): LiveTS, the
 * larger side, took 14.7 KB per connection all told at 250,000 over 15 + 15 processes, its empty
 * workers ~105 MB of RSS each and a swarm ~60 MB. The estimate is kept above that (18 KB per
 * connection at 17,500 per process pair). The plan uses it to size the layout before starting; the
 * ramp then checks each step against what the previous one really took.
 */
const ESTIMATE = { connectionBytes: 11_000, processPairBytes: 120 * 2 ** 20 }

/** The most connections the memory available now holds, by the estimate, rounded down to 10,000. */
function connectionsThatFit(perProcess: number): number {
  const room = memAvailable() - RESERVE_BYTES
  const perConnection = ESTIMATE.connectionBytes + ESTIMATE.processPairBytes / perProcess
  return Math.max(10_000, Math.floor(room / perConnection / 10_000) * 10_000)
}

/** How many processes each side runs, and how many connections each holds at most. */
interface Layout { processes: number; perProcess: number; fdLimit: number }

/**
 * One client process (idle-swarm.ts, compiled with the bench servers: no tsx loader in each of
 * dozens of processes), forked from this one: it runs on the load core and inherits the fd limit.
 */
class Swarm {
  private readonly child = fork(join(BENCH_DIR, 'build', 'bench', 'drivers', 'idle-swarm.js'), [], {
    execArgv: [`--max-old-space-size=${CLIENT_HEAP_MB}`, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  private readonly waiting: Array<{ resolve: (report: SwarmReport) => void; reject: (error: Error) => void }> = []

  constructor() {
    this.child.on('message', (report: SwarmReport) => this.waiting.shift()?.resolve(report))
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.splice(0)) waiter.reject(new Error(`the connection swarm exited with ${code}`))
    })
  }

  get pid(): number { return this.child.pid! }

  ask<K extends SwarmReport['kind']>(command: SwarmCommand): Promise<Extract<SwarmReport, { kind: K }>> {
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null) return reject(new Error(`the connection swarm exited with ${this.child.exitCode}`))
      this.waiting.push({ resolve: resolve as (report: SwarmReport) => void, reject })
      this.child.send(command)
    })
  }

  tell(command: SwarmCommand): void { if (this.child.exitCode === null) this.child.send(command) }
}

/** Swarm `index`'s part of `total` connections. */
const shareOf = (total: number, swarms: number, index: number) => Math.floor(total / swarms) + (index < total % swarms ? 1 : 0)

/** A server under test: its process tree, plus processes of its own it needs (Redis for livets/cluster). */
interface Servers { server: ServerProcess; extraPids: () => number[] }

async function ramp(system: 'livets' | 'floor', start: () => Promise<Servers>, path: string, steps: number[],
  layout: Layout, config: MaxConnectionsConfig, record: Record_, notes: string[]): Promise<number> {
  let reached = 0
  const servers = await start()
  const { server } = servers
  const memory = () => {
    const tree = treeMemory(server.pid)
    const extra = servers.extraPids().map(treeMemory)
    const extraRss = extra.reduce((sum, m) => sum + m.rssBytes, 0)
    return {
      rss: tree.rssBytes + extraRss,
      pss: tree.pssBytes + extra.reduce((sum, m) => sum + m.pssBytes, 0),
      extraRss,
      processes: tree.processes,
      // The server processes' RSS by what backs it (the JS and .NET heaps are anonymous memory), and Redis's whole.
      byKind: { ...rssByKind(processTree(server.pid)), redis: extraRss },
    }
  }
  // Dozens of processes collect garbage at once on two cores, and the pages they freed are released
  // on background threads afterwards, later the more loaded the machine is: a reading taken at once
  // caught the floor's workers 12 MB each above what they held seconds later (500,000 connections).
  // So memory is read once the servers' summed RSS stops falling.
  const settledMemory = async () => {
    const started = Date.now()
    let last = treeRssBytes(server.pid)
    while (Date.now() - started < SETTLE_LIMIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS))
      const now = treeRssBytes(server.pid)
      const falling = now < last * (1 - SETTLED_CHANGE)
      last = now
      if (!falling) break
    }
    return { ...memory(), settleSeconds: round((Date.now() - started) / 1000, 1) }
  }
  type ByKind = Record<MemoryKind | 'redis', number>
  const perConnection = (kinds: ByKind, count: number, less?: ByKind) =>
    Object.fromEntries(([...MEMORY_KINDS, 'redis'] as const).map((kind) => [kind, Math.round((kinds[kind] - (less?.[kind] ?? 0)) / count)]))
  const swarms = Array.from({ length: layout.processes }, () => new Swarm())
  try {
    swarms.forEach((swarm, i) => swarm.tell({ kind: 'configure', url: server.url, system, path, heartbeatMs: config.heartbeatMs,
      addressBase: i * ADDRESSES_PER_SWARM, inFlight: Math.max(4, Math.ceil(IN_FLIGHT / swarms.length)) }))
    const before = await collectGarbageEverywhere(server.url, layout.processes) // also: every worker listens
    const empty = await settledMemory()
    const baseline = { available: memAvailable(), slab: meminfo('Slab') }
    const rows: Array<Record<string, unknown>> = []
    let open = 0
    /** What one more connection took from MemAvailable in the last step: kernel sockets, swarms and servers. */
    let machinePerConnection: number | undefined
    let stepTarget = 0
    // A step that fails (a worker that does not answer, a swarm that dies) ends the ramp, not the report: the steps before it are recorded.
    try {
      for (let target of steps) {
        stepTarget = target
        let last = false
        const room = memAvailable() - RESERVE_BYTES
        if (machinePerConnection !== undefined && (target - open) * machinePerConnection > room) {
          const fits = open + Math.floor(room / machinePerConnection * 0.9 / 10_000) * 10_000
          notes.push(`S0-max ${system}: ${target} connections would take about ${GiB((target - open) * machinePerConnection + (open * machinePerConnection))} GiB ` +
            `(${Math.round(machinePerConnection)} B of MemAvailable per connection: kernel sockets, clients and servers) with ${GiB(memAvailable())} GiB available and ` +
            `${GiB(RESERVE_BYTES)} GiB kept free; ${fits > open ? `the last step is ${fits}` : 'the ramp stops here'}.`)
          if (fits <= open) break
          target = fits
          last = true
        }
        const availableBefore = memAvailable()
        let halted = false
        const watch = setInterval(() => {
          if (halted || memAvailable() >= RESERVE_BYTES) return
          halted = true
          for (const swarm of swarms) swarm.tell({ kind: 'halt' })
        }, 200)
        const opened = await Promise.all(swarms.map((swarm, i) => swarm.ask<'opened'>({ kind: 'open', target: shareOf(target, swarms.length, i) })))
          .finally(() => clearInterval(watch))
        const openNow = opened.reduce((sum, o) => sum + o.open, 0)
        const failed = opened.reduce((sum, o) => sum + o.failed, 0)
        const closeCodes: Record<number, number> = {}
        for (const o of opened) for (const [code, count] of Object.entries(o.closeCodes)) closeCodes[Number(code)] = (closeCodes[Number(code)] ?? 0) + count
        // As in S0's other steps: past the keep-alive of the page loads' HTTP connections, and long
        // enough without a socket opening for a server to settle after the burst (bench/lib/idle.ts).
        await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS))
        const after = await collectGarbageEverywhere(server.url, layout.processes)
        const held = await settledMemory()
        // Redis's CPU counts for LiveTS (its presence heartbeats run through it meanwhile).
        const serverCpu = () => [server.pid, ...servers.extraPids()].reduce((sum, pid) => sum + cpuSecondsOfTree(pid), 0)
        const cpuBefore = serverCpu()
        const beats = await Promise.all(swarms.map((swarm) => swarm.ask<'measured'>({ kind: 'measure', seconds: config.heartbeatMs / 1000 })))
        const serverCpuSeconds = serverCpu() - cpuBefore
        const samples = beats.flatMap((b) => b.samples)
        const clientRss = swarms.reduce((sum, swarm) => sum + treeMemory(swarm.pid).rssBytes, 0)
        // The first step also pays what each of the 100-odd processes takes once it serves at all (a
        // first page load, nurseries filling: 117 KB per connection at 10,000 over 57 + 57 processes,
        // which projected 250,000 to 28 GiB and cut that step to 140,000). Only later steps are what
        // one more connection costs; the first is guarded by the halt below the reserve alone.
        if (openNow > open && open > 0) machinePerConnection = (availableBefore - memAvailable()) / (openNow - open)
        const row = {
          connections: openNow, target, failed, closedByServer: closeCodes, rampSeconds: round(Math.max(...opened.map((o) => o.seconds)), 1),
          serverProcesses: held.processes, serverReports: after.connections,
          // Every server process's memory over every connection, each process's fixed cost included.
          rssBytesPerConnection: Math.round(held.rss / openNow),
          // Above the empty servers: what connections add.
          rssSlopeBytesPerConnection: Math.round((held.rss - empty.rss) / openNow),
          pssBytesPerConnection: Math.round(held.pss / openNow),
          // Where it sits: RSS by what backs it (server-process.ts, MEMORY_KINDS), over the connections; and the same above the empty servers.
          rssByKindBytesPerConnection: perConnection(held.byKind, openNow),
          rssSlopeByKindBytesPerConnection: perConnection(held.byKind, openNow, empty.byKind),
          emptyRssByKindBytesPerProcess: perConnection(empty.byKind, empty.processes),
          serverRssGiB: GiB(held.rss), emptyServerRssGiB: GiB(empty.rss), memorySettleSeconds: held.settleSeconds,
          redisRssBytesPerConnection: servers.extraPids().length ? Math.round(held.extraRss / openNow) : null,
          jsHeapBytesPerConnection: Math.round((after.jsHeap - before.jsHeap) / openNow),
          managedHeapBytesPerConnection: after.managedHeap !== undefined ? Math.round((after.managedHeap - before.managedHeap) / openNow) : null,
          primaryFds: layout.processes > 1 ? fdCount(server.pid) : null,
          clientRssBytesPerConnection: Math.round(clientRss / openNow),
          kernelSlabBytesPerConnection: Math.round((meminfo('Slab') - baseline.slab) / openNow),
          machineBytesPerConnection: Math.round((baseline.available - memAvailable()) / openNow),
          heartbeats: beats.reduce((sum, b) => sum + b.heartbeats, 0), heartbeatsLost: beats.reduce((sum, b) => sum + b.lost, 0),
          heartbeatMs: latencyMs(summarize(samples)),
          // What the heartbeats cost the servers: all their CPU over the period measured, per heartbeat (idle work included).
          serverCpuUsPerHeartbeat: Math.round(serverCpuSeconds * 1e6 / Math.max(1, beats.reduce((sum, b) => sum + b.heartbeats, 0))),
          memAvailableGiB: GiB(memAvailable()),
        }
        console.log('S0-max', system, JSON.stringify(row))
        rows.push(row)
        if (halted) {
          notes.push(`S0-max ${system}: MemAvailable fell below ${GiB(RESERVE_BYTES)} GiB at ${openNow} connections; the swarms stopped opening there`)
          reached = openNow
          break
        }
        if (openNow < target) {
          const error = opened.find((o) => o.lastError)?.lastError
          notes.push(`S0-max ${system}: ${openNow} of ${target} connections open after the step (${failed} failed to open${error ? `: ${error}` : ''}; ` +
            `closed by the server, by close code: ${JSON.stringify(closeCodes)})`)
          // A few lost on a loaded machine are reported and the ramp goes on; more are where it stops.
          if (openNow < target * HELD) break
        }
        open = reached = openNow
        // LiveTS stops where its heartbeats get too slow; the floor, its baseline, holds the same counts regardless.
        if (beats.length && latencyMs(summarize(samples)).p99 > config.heartbeatP99LimitMs) {
          notes.push(`S0-max ${system}: heartbeat p99 ${row.heartbeatMs.p99} ms at ${openNow} connections`)
          if (system === 'livets') break
        }
        if (last) break
      }
    } catch (error) {
      notes.push(`S0-max ${system}: the step to ${stepTarget} connections failed (${(error as Error).message}); the steps before it are reported`)
    }
    record('S0-max', system, { layout: { serverProcesses: layout.processes, clientProcesses: swarms.length, fdLimitPerProcess: layout.fdLimit }, steps: rows })
  } finally {
    await Promise.all(swarms.map((swarm) => swarm.ask<'closed'>({ kind: 'close' }).catch(() => {})))
    const tree = processTree(server.pid)
    await server.stop()
    // A worker still draining when its primary was killed (stop() waits 5 s) would hold its memory for the next ramp.
    for (const pid of tree) try { process.kill(pid, 'SIGKILL') } catch { /* gone, as it should be */ }
  }
  return reached
}

export async function maxConnections(config: MaxConnectionsConfig, record: Record_, notes: string[]): Promise<void> {
  const restore = [
    raiseSysctl('fs.nr_open', FDS + 100_000, notes),
    raiseSysctl('fs.file-max', 2 * FDS + 1_000_000, notes),
  ]
  try {
    // Raised here, the limit is inherited by every server and swarm process started below.
    const fdLimit = raiseFdLimit(process.pid)
    const perProcess = Math.floor((fdLimit - OTHER_FDS) * WORKER_FILL)
    const wanted = Math.max(...config.steps)
    const top = Math.min(wanted, connectionsThatFit(perProcess))
    if (top < wanted) {
      notes.push(`S0-max: ${wanted} connections would not fit in memory by the estimate (${GiB(memAvailable())} GiB available, ${GiB(RESERVE_BYTES)} GiB kept free, ` +
        `${ESTIMATE.connectionBytes / 1000} KB per connection for kernel sockets, client and server, ${ESTIMATE.processPairBytes / 2 ** 20} MB per server and client process pair ` +
        `of ${perProcess} connections): the processes are planned for ${top}, the last step.`)
      config = { ...config, steps: [...config.steps.filter((n) => n < top), top] }
    }
    const layout: Layout = { processes: Math.ceil(top / perProcess), perProcess, fdLimit }
    if (layout.processes > 1) {
      notes.push(`S0-max: a process may hold ${fdLimit} fds here (the hard limit cannot be raised without CAP_SYS_RESOURCE), so ${top} connections ` +
        `take ${layout.processes} server processes of up to ${perProcess} connections each (node:cluster workers on one port: livets/cluster with Redis ` +
        `for LiveTS, the same number of \`ws\` workers for the floor) and ${layout.processes} client processes, each with its own loopback source addresses. ` +
        'RSS per connection is every server process\'s RSS summed (Redis included for LiveTS) over the connections; the slope leaves out the empty servers\' memory.')
    }
    const nodeOptions = [`--max-old-space-size=${SERVER_HEAP_MB}`, ...FIXED_NURSERY]
    const workers: Record<string, string> = layout.processes > 1 ? { WORKERS: String(layout.processes) } : {}
    // Many workers share both cores (as S8's cluster does): each connection's page load, join and
    // checkpoint cost CPU, and on one core the ramp to hundreds of thousands takes most of an hour.
    const core = layout.processes > 1 ? '0,1' : SERVER_CORE
    const asServers = (server: ServerProcess, extraPids: () => number[] = () => []): Servers => ({ server, extraPids })
    let reached = 0
    if (layout.processes > 1) {
      await withRedis((redis) => ramp('livets',
        async () => asServers(await startLiveTs({ nodeOptions, env: { LIVETS_REDIS_URL: redis.url, ...workers }, core, script: IDLE_APP }), () => [redis.pid]),
        '/idle', config.steps, layout, config, record, notes).then((n) => { reached = n }))
    } else {
      reached = await ramp('livets', async () => asServers(await startLiveTs({ nodeOptions, script: IDLE_APP })), '/idle', config.steps, layout, config, record, notes)
    }
    // The floor holds the same counts, up to where LiveTS got.
    const floorSteps = [...new Set([...config.steps.filter((n) => n < reached), Math.max(reached, config.steps[0])])]
    await ramp('floor', async () => asServers(await startFloor(nodeOptions, workers, core)), '/', floorSteps, layout, config, record, notes)
  } finally {
    for (const put of restore.reverse()) put()
  }
}
