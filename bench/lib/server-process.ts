// A server under test: its own process, pinned to one core, measured from /proc (CPU, RSS).
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'

const CLOCK_TICKS_PER_SECOND = 100 // getconf CLK_TCK on Linux x86-64

export interface ServerProcess {
  name: string
  pid: number
  url: string
  /** user+system CPU seconds the process has used so far. */
  cpuSeconds(): number
  rssBytes(): number
  stop(): Promise<void>
}

export interface StartOptions {
  name: string
  command: string[]
  /** The core to pin to with taskset (the load client runs on the other). */
  core: number
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
    cpuSeconds() {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
    },
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

/** Runs `body` against a freshly started server, and stops the server whatever happens. */
export async function withServer<T>(start: () => Promise<ServerProcess>, body: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await start()
  try { return await body(server) } finally { await server.stop() }
}

/** Asks a server's bench endpoint to collect garbage, then lets the allocator settle. */
export async function collectGarbage(url: string): Promise<Record<string, number>> {
  const response = await fetch(new URL('/_bench/gc', url))
  const stats = (await response.json()) as Record<string, number>
  await new Promise((r) => setTimeout(r, 500))
  return stats
}
