// A server under test: its own process, pinned to one core, measured from /proc (CPU, RSS).
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { get } from 'node:http'

const CLOCK_TICKS_PER_SECOND = 100 // getconf CLK_TCK on Linux x86-64

export interface ServerProcess {
  name: string
  pid: number
  url: string
  /** user+system CPU seconds the process and its children (cluster workers) have used so far. */
  cpuSeconds(): number
  rssBytes(): number
  stop(): Promise<void>
}

export interface StartOptions {
  name: string
  command: string[]
  /** The core(s) to pin to with taskset, e.g. 1 or '0,1' (the load client runs on core 0). */
  core: number | string
  env?: Record<string, string>
  /** A line the server prints once it listens; its first capture group is the URL. */
  ready: RegExp
  cwd?: string
}

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const child: ChildProcess = spawn('taskset', ['-c', String(options.core), ...options.command], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.name} did not start in 120 s:\n${output}`)), 120_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = options.ready.exec(output)
      if (match) { clearTimeout(timer); resolve(match[1]) }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${options.name} exited with ${code}:\n${output}`)) })
  })
  // Keep draining output so a chatty server never blocks on a full pipe.
  child.stdout!.resume()
  child.stderr!.resume()
  const pid = child.pid!
  return {
    name: options.name,
    pid,
    url,
    cpuSeconds: () => cpuSecondsOfTree(pid),
    rssBytes() {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      return Number(match![1]) * 1024
    },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 5000).unref()
    }),
  }
}

/** user+system CPU seconds of a process (0 once it is gone). */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** A process and every process below it (a cluster's primary and its workers), as they are now. */
export function processTree(pid: number): number[] {
  const tree = [pid]
  let threads: string[] = []
  try { threads = readdirSync(`/proc/${pid}/task`) } catch { return tree }
  for (const thread of threads) {
    let children = ''
    try { children = readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8') } catch { continue }
    for (const child of children.split(' ').filter(Boolean)) tree.push(...processTree(Number(child)))
  }
  return tree
}

/** The CPU of a process and of every process below it (a cluster's workers), as they are now. */
export function cpuSecondsOfTree(pid: number): number {
  return processTree(pid).reduce((total, each) => total + cpuSecondsOf(each), 0)
}

/** A /proc/<pid>/status (or smaps_rollup) field in bytes, 0 once the process is gone. */
function kilobytesField(pid: number, file: 'status' | 'smaps_rollup', field: string): number {
  try { return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'))![1]) * 1024 } catch { return 0 }
}

/**
 * Memory of a process tree: RSS summed (pages two processes share, such as node's own code,
 * count once in each) and PSS summed (a shared page split between its processes).
 */
export function treeMemory(pid: number): { rssBytes: number; pssBytes: number; processes: number } {
  const tree = processTree(pid)
  let rssBytes = 0, pssBytes = 0
  for (const each of tree) { rssBytes += kilobytesField(each, 'status', 'VmRSS'); pssBytes += kilobytesField(each, 'smaps_rollup', 'Pss') }
  return { rssBytes, pssBytes, processes: tree.length }
}

/** The RSS of a process tree alone: cheap to poll (PSS, which treeMemory adds, walks every page table). */
export function treeRssBytes(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + kilobytesField(each, 'status', 'VmRSS'), 0)
}

/**
 * Where resident memory sits, by what backs it: `anonymous` is every page no file backs (the JS
 * heap, the .NET heap, thread stacks, kernel-granted buffers), `malloc` the brk heap, `node` the
 * node binary's own pages, `openssl` libcrypto and libssl, `addon` native addons (*.node), `files`
 * every other mapped file. What S0-max reports to say where one system's RSS exceeds another's.
 */
export const MEMORY_KINDS = ['anonymous', 'malloc', 'node', 'openssl', 'addon', 'files'] as const
export type MemoryKind = typeof MEMORY_KINDS[number]

function kindOf(mapping: string): MemoryKind {
  if (mapping === '' || (mapping.startsWith('[') && mapping !== '[heap]')) return 'anonymous'
  if (mapping === '[heap]') return 'malloc'
  if (mapping === process.execPath || mapping.endsWith('/bin/node')) return 'node'
  if (/\/lib(crypto|ssl)\.so/.test(mapping)) return 'openssl'
  if (mapping.endsWith('.node')) return 'addon'
  return 'files'
}

/** The RSS of processes summed by what backs it (MEMORY_KINDS), from /proc/<pid>/smaps; a process gone meanwhile counts 0. */
export function rssByKind(pids: number[]): Record<MemoryKind, number> {
  const total = Object.fromEntries(MEMORY_KINDS.map((kind) => [kind, 0])) as Record<MemoryKind, number>
  for (const pid of pids) {
    let smaps = ''
    try { smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8') } catch { continue }
    let kind: MemoryKind = 'anonymous'
    for (const line of smaps.split('\n')) {
      // A mapping's header: "start-end perms offset dev inode [path]"; its fields follow, one per line.
      const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line)
      if (header) kind = kindOf(header[1].trim())
      else if (line.startsWith('Rss:')) total[kind] += Number(line.slice(4).trim().split(/\s+/)[0]) * 1024
    }
  }
  return total
}

/** Open file descriptors of a process. */
export function fdCount(pid: number): number {
  try { return readdirSync(`/proc/${pid}/fd`).length } catch { return 0 }
}

/** Runs `body` against a freshly started server, and stops the server whatever happens. */
export async function withServer<T>(start: () => Promise<ServerProcess>, body: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await start()
  try { return await body(server) } finally { await server.stop() }
}

/** Runs `body` against several servers started together, and stops them all whatever happens. */
export async function withServers<T>(starts: Array<() => Promise<ServerProcess>>, body: (servers: ServerProcess[]) => Promise<T>): Promise<T> {
  const started = await Promise.allSettled(starts.map((start) => start()))
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  try {
    const failed = started.find((s) => s.status === 'rejected')
    if (failed) throw (failed as PromiseRejectedResult).reason
    return await body(servers)
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}

/** Asks a server's bench endpoint to collect garbage, then lets the allocator settle. */
export async function collectGarbage(url: string): Promise<Record<string, number>> {
  const response = await fetch(new URL('/_bench/gc', url))
  const stats = (await response.json()) as Record<string, number>
  await new Promise((r) => setTimeout(r, 500))
  return stats
}

/** One GET of a bench endpoint on a connection of its own (node:cluster hands each new connection to the next worker). */
function getOnFreshConnection(url: URL): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers: { connection: 'close' } }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { body += chunk })
      response.on('end', () => { try { resolve(JSON.parse(body)) } catch (e) { reject(e) } })
    }).on('error', reject)
  })
}

/**
 * collectGarbage for a server of `processes` node:cluster workers: asks on fresh connections until
 * every worker has collected and answered (by pid), and returns their figures summed. Before a
 * ramp it also waits for every worker to listen. A single process is asked once.
 *
 * The asks go out together, as many as workers have not answered: the primary hands the
 * connections round robin, so one batch reaches nearly every worker once. Asked one after the
 * other, 57 workers holding 500,000 connections had not all answered in 180 s: the coupon
 * collector's ~230 asks, each a full collection of a loaded worker.
 */
export async function collectGarbageEverywhere(url: string, processes: number, timeoutMs = 600_000): Promise<Record<string, number>> {
  if (processes <= 1) return collectGarbage(url)
  const byPid = new Map<number, Record<string, number>>()
  const deadline = Date.now() + timeoutMs
  while (byPid.size < processes) {
    if (Date.now() > deadline) throw new Error(`only ${byPid.size} of ${processes} workers answered /_bench/gc in ${timeoutMs / 1000} s`)
    const answers = await Promise.all(Array.from({ length: processes - byPid.size }, () => getOnFreshConnection(new URL('/_bench/gc', url))))
    const before = byPid.size
    for (const stats of answers) byPid.set(stats.pid, stats)
    if (byPid.size === before) await new Promise((r) => setTimeout(r, 20)) // a worker not listening yet: the others take its turns
  }
  await new Promise((r) => setTimeout(r, 500))
  const sum: Record<string, number> = {}
  for (const stats of byPid.values()) for (const [key, value] of Object.entries(stats)) if (key !== 'pid' && typeof value === 'number') sum[key] = (sum[key] ?? 0) + value
  return sum
}
