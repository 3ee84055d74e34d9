// Real processes for the tests of many processes (and the benchmarks that need Redis): a
// redis-server of the test's own on a free port, LiveTS apps in child processes, and a round-robin
// TCP proxy standing for any load balancer. Everything started here is stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import { createServer, connect, type AddressInfo, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('..', import.meta.url))

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** A child process that printed a line matching `ready`; its output is kept for the test to read. */
export interface Child {
  readonly pid: number
  /** The ready line's first capture group (a URL). */
  readonly url: string
  /** Everything it printed so far (stdout and stderr). */
  output(): string
  /** Sends `signal` and resolves when it exited. */
  kill(signal?: NodeJS.Signals): Promise<void>
  readonly exited: Promise<number | null>
}

export async function startChild(command: string, args: string[], ready: RegExp, env: Record<string, string | undefined> = {}, timeoutMs = 30_000): Promise<Child> {
  // An undefined value removes the variable (spawn would pass the string "undefined").
  const environment = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined))
  const child: ChildProcess = spawn(command, args, { cwd: REPO, env: environment, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} ${args.join(' ')} did not start in ${timeoutMs} ms:\n${output}`)) }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = ready.exec(output)
      if (match) { clearTimeout(timer); resolve(match[1] ?? '') }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`${command} ${args.join(' ')} exited with ${code} before it was ready:\n${output}`)) })
  })
  return {
    pid: child.pid!,
    url,
    output: () => output,
    exited,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}

export interface RedisServer {
  readonly url: string
  readonly port: number
  readonly pid: number
  /** Stops it (SIGTERM, by PID); its data is gone (no persistence). */
  stop(): Promise<void>
  /** Starts it again on the same port. */
  restart(): Promise<void>
}

/** A redis-server of our own on a free port, without persistence. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  const start = () => startChild('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /Ready to accept connections()/)
  let child = await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() { return child.pid },
    stop: () => child.kill('SIGTERM'),
    restart: async () => { child = await start() },
  }
}

/** How many TCP connections process `pid` holds to `port` on this machine (its socket fds matched against /proc/net/tcp). */
export function connectionsTo(pid: number, port: number): number {
  const inodes = new Set<string>()
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
      if (socket) inodes.add(socket[1])
    } catch { /* closed meanwhile */ }
  }
  let count = 0
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // fields[2]: remote address:port (hex); fields[3]: state (01 established); fields[9]: inode
      if (fields.length > 9 && fields[3] === '01' && Number.parseInt(fields[2].split(':')[1], 16) === port && inodes.has(fields[9])) count++
    }
  }
  return count
}

/** A LiveTS app script run the way the repository's tests run sources (tsx, livets-source). */
export function startApp(script: string, env: Record<string, string | undefined>): Promise<Child> {
  return startChild('node', ['--conditions=livets-source', '--import', 'tsx', script], /listening on (http:\/\/\S+)/, { PORT: '0', ...env })
}

export interface Proxy {
  readonly url: string
  /** Which backend each connection went to, in order (backend index). */
  readonly routed: number[]
  close(): Promise<void>
}

/**
 * A round-robin TCP proxy in front of `backends` (host:port): each new connection goes to the next
 * one — a page's GET and its socket may reach different processes, as behind a load balancer without
 * sticky sessions. A backend that refuses the connection is skipped, as a health check would.
 */
export async function roundRobinProxy(backends: Array<{ host: string; port: number }>): Promise<Proxy> {
  let next = 0
  const routed: number[] = []
  const open = new Set<Socket>()
  const tryBackend = (client: Socket, attempts: number): void => {
    if (attempts === 0) { client.destroy(); return }
    const index = next++ % backends.length
    const upstream = connect(backends[index])
    let connected = false
    upstream.once('connect', () => {
      connected = true
      routed.push(index)
      open.add(upstream)
      upstream.once('close', () => open.delete(upstream))
      client.pipe(upstream).pipe(client)
      client.resume()
    })
    upstream.once('error', () => {
      if (!connected) tryBackend(client, attempts - 1)
      else client.destroy()
    })
    client.once('error', () => upstream.destroy())
    client.once('close', () => upstream.destroy())
  }
  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client)
    client.once('close', () => open.delete(client))
    tryBackend(client, backends.length)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    routed,
    close: () => new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy()
      server.close(() => resolve())
    }),
  }
}
