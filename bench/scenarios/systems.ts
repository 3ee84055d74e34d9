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

/**
 * The LiveTS bench app, in production mode (the development checks walk every state after every
 * event). `env` adds LIVETS_REDIS_URL/LIVETS_SECRET to share it, or WORKERS for livets/cluster;
 * `core` pins it ('0,1': both cores, for the scenarios of several processes).
 */
export function startLiveTs(env: Record<string, string> = {}, core: number | string = SERVER_CORE): Promise<ServerProcess> {
  return startServer({
    name: 'livets', core, ready: READY, cwd: REPO_DIR, env: { NODE_ENV: 'production', ...env },
    command: ['node', '--expose-gc', '--import', 'tsx', join(BENCH_DIR, 'servers', 'livets-app.ts')],
  })
}

/** Socket.IO (bench/peers/socketio), with @socket.io/redis-adapter when REDIS_URL is given. */
export function startSocketIo(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer({
    name: 'socket.io', core: SERVER_CORE, ready: READY, cwd: REPO_DIR, env: { NODE_ENV: 'production', ...env },
    command: ['node', '--import', 'tsx', join(BENCH_DIR, 'peers', 'socketio', 'server.ts')],
  })
}

export function startFloor(): Promise<ServerProcess> {
  return startServer({
    name: 'floor', core: SERVER_CORE, ready: READY, cwd: REPO_DIR,
    command: ['node', '--expose-gc', '--import', 'tsx', join(BENCH_DIR, 'servers', 'ws-floor.ts')],
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
