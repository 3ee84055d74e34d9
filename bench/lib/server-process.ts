// A server under test: its own process, pinned to one core, measured from /proc (CPU, RSS).
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'

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

/** The CPU of a process and of every process below it (a cluster's workers), as they are now. */
function cpuSecondsOfTree(pid: number): number {
  let total = cpuSecondsOf(pid)
  let threads: string[] = []
  try { threads = readdirSync(`/proc/${pid}/task`) } catch { return total }
  for (const thread of threads) {
    let children = ''
    try { children = readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8') } catch { continue }
    for (const child of children.split(' ').filter(Boolean)) total += cpuSecondsOfTree(Number(child))
  }
  return total
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
