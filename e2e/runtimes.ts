// The runtimes the cross-runtime browser tests run on, and an example app served on each: Node
// in-process (the test's own process), Bun and Deno as child processes running
// e2e/fixtures/serve-example.ts through livets/bun and livets/deno.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Hono } from 'hono'
import { serveApp } from './browser.ts'

export type Runtime = 'node' | 'bun' | 'deno'

/** All three, or those named in LIVETS_E2E_RUNTIMES (comma-separated). */
export const RUNTIMES: Runtime[] = (process.env.LIVETS_E2E_RUNTIMES?.split(',') ?? ['node', 'bun', 'deno']) as Runtime[]

/** An example app being served, whatever the runtime. */
export interface Target {
  url: string
  /** What the framework logged (errors and warnings). */
  logs: string[]
  /** Live sockets open now. */
  connections(): Promise<number>
  /** Closes every live socket from the server side (1001). */
  closeConnections(): Promise<void>
  close(): Promise<void>
}

const bin = (name: string): string => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/serve-example.ts', import.meta.url))

/** The command that runs the fixture on `runtime`. Deno's permissions are the ones docs/runtimes.md lists. */
function command(runtime: Runtime, example: string): string[] {
  if (runtime === 'node') return [process.execPath, '--conditions=livets-source', '--import', 'tsx', fixture, example]
  if (runtime === 'bun') return [bin('bun'), '--conditions=livets-source', fixture, example]
  return [bin('deno'), 'run', '--allow-net', '--allow-read', '--allow-env', '--allow-ffi', '--conditions=livets-source', fixture, example]
}

/**
 * Serves `example` on `runtime`: Node in this process unless `options.child` (needed for settings
 * read once per process, such as LIVETS_HEARTBEAT_TIMEOUT_MS in `options.env`).
 */
export async function serveExample(example: string, app: Hono, runtime: Runtime, options: { child?: boolean; env?: Record<string, string> } = {}): Promise<Target> {
  if (runtime === 'node' && !options.child) {
    const served = await serveApp(app)
    return {
      url: served.url,
      logs: served.logs,
      connections: async () => served.server.connections,
      closeConnections: async () => served.server.closeConnections(),
      close: () => served.server.close(),
    }
  }
  const [file, ...args] = command(runtime, example)
  const child: ChildProcess = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...options.env } })
  const logs: string[] = []
  const output: string[] = []
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${runtime} exited with ${code} before listening:\n${output.join('\n')}`)))
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line)
        if (line.startsWith('LISTENING ')) resolve(Number(line.slice('LISTENING '.length)))
        else if (line.startsWith('LOG ')) logs.push(JSON.parse(line.slice('LOG '.length)) as string)
      })
    }
  })
  const url = `http://127.0.0.1:${port}/`
  return {
    url,
    logs,
    connections: async () => Number(await (await fetch(`${url}__test/connections`)).text()),
    closeConnections: async () => { await fetch(`${url}__test/close-connections`, { method: 'POST' }) },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
