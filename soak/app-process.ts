// The soak app (soak/server.ts) as a child process, pinned to core 1 (the soak client runs on core 0,
// soak/run.sh), so its RSS is its own; and the readings it serves.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer, withServer, type ServerProcess } from '../bench/lib/server-process.ts'

export const SOAK_DIR = fileURLToPath(new URL('.', import.meta.url))
export const REPO_DIR = join(SOAK_DIR, '..')
export const SOAK_SECRET = 'soak-secret-0123456789abcdef0123'

export interface AppStats { rssBytes: number; heapUsedBytes: number; externalBytes: number; mounts: number; unmounts: number; errorLines: number; warnLines: number }

/** Runs `body` against a fresh soak app (production mode; `env` sets SOAK_* options), stopping it whatever happens. */
export function withSoakApp<T>(env: Record<string, string>, body: (app: ServerProcess) => Promise<T>): Promise<T> {
  return withServer(() => startServer({
    name: 'soak-app', core: 1, cwd: REPO_DIR, ready: /listening on (http:\/\/\S+)/,
    env: { NODE_ENV: 'production', LIVETS_SECRET: SOAK_SECRET, ...env },
    // livets resolves to the packages' dist/ (no livets-source condition): the app runs what users run.
    command: ['node', '--expose-gc', '--import', 'tsx', join(SOAK_DIR, 'server.ts')],
  }), body)
}

/** Memory after a full collection in the app, and what its views counted. */
export async function appStats(app: ServerProcess): Promise<AppStats> {
  const stats = await (await fetch(new URL('/_soak/stats', app.url))).json() as AppStats
  await new Promise((r) => setTimeout(r, 300)) // the allocator returns freed pages
  return { ...stats, rssBytes: app.rssBytes() }
}

/** Broadcasts `count` messages of `bytes` to `topic`; resolves with how many deliveries that made. */
export async function publish(appUrl: string, topic: string, bytes: number, count: number): Promise<number> {
  const response = await fetch(new URL(`/_soak/publish?topic=${topic}&bytes=${bytes}&count=${count}`, appUrl), { method: 'POST' })
  return ((await response.json()) as { delivered: number }).delivered
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const mb = (bytes: number) => Math.round(bytes / 1e5) / 10
