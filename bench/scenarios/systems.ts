// The systems every scenario compares, each started as its own process on the server core.
import { existsSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer, type ServerProcess } from '../lib/server-process.ts'

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
export const REPO_DIR = join(BENCH_DIR, '..')
export const SERVER_CORE = 1
const READY = /listening on (http:\/\/\S+)/

export type SystemName = 'livets' | 'floor' | 'blazor'

/** The closed-loop client sends thousands of events per second on one socket: past the default per-connection limit. */
/** Every LiveTS process of a run signs with this (production mode requires a secret; processes of one app share it). */
export const BENCH_SECRET = 'bench-shared-secret-0123456789abcdef'
export const LIVETS_BENCH_ENV = { LIVETS_FRAMES_PER_SECOND: '1000000', LIVETS_FRAME_BURST: '1000000', LIVETS_SECRET: BENCH_SECRET }

const SERVERS_BUILD = join(BENCH_DIR, 'build', 'bench', 'servers')

/**
 * Compiles the LiveTS and floor servers to JavaScript (bench/tsconfig.servers.json). Both then run
 * as a deployed app runs: plain node, no tsx loader, NODE_ENV=production (no development mode).
 */
export function buildServers(): void {
  execFileSync(process.execPath, [join(REPO_DIR, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(BENCH_DIR, 'tsconfig.servers.json')], { stdio: 'inherit' })
}

const PRODUCTION = { NODE_ENV: 'production' }

export interface LiveTsStart {
  /** Go to node before the script (S0-max gives the server a larger heap). */
  nodeOptions?: string[]
  /** Adds LIVETS_REDIS_URL/LIVETS_SECRET to share it, or WORKERS for livets/cluster. */
  env?: Record<string, string>
  /** What to pin it to ('0,1': both cores, for the scenarios of several processes). */
  core?: number | string
  /** The server: every scenario's pages (livets-app.js), or the idle page alone (idle-app.js, S0-max). */
  script?: 'livets-app.js' | 'idle-app.js'
}

/** The LiveTS bench app, compiled, in production mode (the development checks walk every state after every event). */
export function startLiveTs({ nodeOptions = [], env = {}, core = SERVER_CORE, script = 'livets-app.js' }: LiveTsStart = {}): Promise<ServerProcess> {
  return startServer({
    name: 'livets', core, ready: READY, cwd: REPO_DIR, env: { ...PRODUCTION, ...LIVETS_BENCH_ENV, ...env },
    command: ['node', '--expose-gc', ...nodeOptions, join(SERVERS_BUILD, script)],
  })
}

/** Socket.IO (bench/peers/socketio), with @socket.io/redis-adapter when REDIS_URL is given. */
export function startSocketIo(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer({
    name: 'socket.io', core: SERVER_CORE, ready: READY, cwd: REPO_DIR, env: { ...PRODUCTION, ...env },
    command: ['node', '--import', 'tsx', join(BENCH_DIR, 'peers', 'socketio', 'server.ts')],
  })
}

/** The bare `ws` floor; `env` may set WORKERS to run it as that many node:cluster workers on `core` (S0-max). */
export function startFloor(nodeOptions: string[] = [], env: Record<string, string> = {}, core: number | string = SERVER_CORE): Promise<ServerProcess> {
  return startServer({
    name: 'floor', core, ready: READY, cwd: REPO_DIR, env: { ...PRODUCTION, ...env },
    command: ['node', '--expose-gc', ...nodeOptions, join(SERVERS_BUILD, 'ws-floor.js')],
  })
}

const BLAZOR_PROJECT = join(BENCH_DIR, 'peers', 'blazor')
const BLAZOR_OUT = join(BLAZOR_PROJECT, 'out')

/** Publishes the Blazor peer once (Release); false with a reason if it cannot be built here. */
export function buildBlazor(): { ok: true } | { ok: false; why: string } {
  if (!existsSync(BLAZOR_PROJECT)) return { ok: false, why: 'bench/peers/blazor is missing' }
  try {
    execFileSync('dotnet', ['publish', BLAZOR_PROJECT, '-c', 'Release', '-o', BLAZOR_OUT, '--nologo', '-v', 'quiet'], { stdio: 'pipe' })
    return { ok: true }
  } catch (e) {
    return { ok: false, why: `dotnet publish failed: ${(e as { stderr?: Buffer }).stderr?.toString().slice(0, 500)}` }
  }
}

export function startBlazor(): Promise<ServerProcess> {
  return startServer({
    name: 'blazor', core: SERVER_CORE, cwd: BLAZOR_OUT,
    ready: /Now listening on: (http:\/\/\S+)/,
    command: ['dotnet', join(BLAZOR_OUT, 'BlazorPeer.dll'), '--urls', 'http://127.0.0.1:0'],
    env: { ASPNETCORE_ENVIRONMENT: 'Production', Logging__LogLevel__Default: 'Warning', Logging__LogLevel__Microsoft_Hosting_Lifetime: 'Information' },
  })
}

/** Bun and Deno, each measured against its own bare WebSocket server in the same run. */
export type OtherRuntime = 'bun' | 'deno'

/** `v8Options` go to Deno's V8 (Bun runs JavaScriptCore, which has no such options). */
const runtimeCommand = (runtime: OtherRuntime, file: string, v8Options: string[]): string[] => runtime === 'bun'
  ? [join(REPO_DIR, 'node_modules', '.bin', 'bun'), file]
  : [join(REPO_DIR, 'node_modules', '.bin', 'deno'), 'run', '--allow-net', '--allow-read', '--allow-env', '--allow-ffi', `--v8-flags=${['--expose-gc', ...v8Options].join(',')}`, file]

export function startLiveTsOn(runtime: OtherRuntime, v8Options: string[] = []): Promise<ServerProcess> {
  return startServer({ name: `livets-${runtime}`, core: SERVER_CORE, ready: READY, cwd: REPO_DIR, env: { ...PRODUCTION, ...LIVETS_BENCH_ENV }, command: runtimeCommand(runtime, join(BENCH_DIR, 'servers', 'livets-app.ts'), v8Options) })
}

export function startFloorOn(runtime: OtherRuntime, v8Options: string[] = []): Promise<ServerProcess> {
  return startServer({ name: `floor-${runtime}`, core: SERVER_CORE, ready: READY, cwd: REPO_DIR, env: PRODUCTION, command: runtimeCommand(runtime, join(BENCH_DIR, 'servers', `floor-${runtime}.ts`), v8Options) })
}
