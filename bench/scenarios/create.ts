// `create`: from nothing to a served page, the way a new user starts.
//   LiveTS: `npm create livets-app` (from this repository's packed tarballs; the npm cache warm),
//           the install, then `npm run dev` until the first GET of / answers 200.
//   Blazor: `dotnet new blazor`, then `dotnet run` until the first GET of / answers 200.
// Each is run once to warm caches, then `runs` times; the report shows the median and its parts.
// Also the installed size of the created app's node_modules.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Background, createFromTarballs, firstPage, freePort, packPackages, runChecked } from '../../e2e/packed.ts'
import { round } from '../lib/stats.ts'

/** dotnet without telemetry or first-run banners: the benchmark reaches no network. */
const DOTNET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' }

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const seconds = (ms: number) => round(ms / 1000, 2)

/** A shell as a user has it: no variables from npm or the benchmark's own Node. */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (/^(npm_|NODE_OPTIONS$|NODE_ENV$|LIVETS_)/.test(name)) delete env[name]
  return { ...env, ...DOTNET_ENV }
}

interface LiveTsRun { createMs: number; installMs: number; startMs: number; totalMs: number; nodeModulesBytes: number; packages: number }

async function liveTsOnce(tarballs: Record<string, string>, work: string, name: string): Promise<LiveTsRun> {
  const env = userEnv()
  const created = createFromTarballs(tarballs, work, name, [], env)
  const port = await freePort()
  const started = performance.now()
  const dev = new Background('npm', ['run', 'dev'], created.dir, { ...env, PORT: String(port) })
  try {
    await firstPage(`http://127.0.0.1:${port}/`)
  } finally { await dev.stop() }
  const startMs = performance.now() - started
  const nodeModulesBytes = Number(execFileSync('du', ['-sb', join(created.dir, 'node_modules')]).toString().split('\t')[0])
  // npm's record of what it installed: one entry per package folder.
  const installed = JSON.parse(readFileSync(join(created.dir, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: object }
  const packages = Object.keys(installed.packages).length
  return { createMs: created.createMs, installMs: created.installMs, startMs, totalMs: created.createMs + created.installMs + startMs, nodeModulesBytes, packages }
}

interface BlazorRun { createMs: number; startMs: number; totalMs: number }

async function blazorOnce(work: string, name: string): Promise<BlazorRun> {
  const env = userEnv()
  let started = performance.now()
  runChecked('dotnet', ['new', 'blazor', '-o', name], work, env)
  const createMs = performance.now() - started
  started = performance.now()
  const run = new Background('dotnet', ['run', '--', '--urls', 'http://127.0.0.1:0'], join(work, name), env)
  try {
    const [, url] = await run.waitFor(/Now listening on: (http:\/\/\S+)/, 300_000)
    await firstPage(url)
  } finally { await run.stop() }
  const startMs = performance.now() - started
  return { createMs, startMs, totalMs: createMs + startMs }
}

export async function measureCreate(runs: number, withBlazor: boolean): Promise<{ livets: Record<string, unknown>; blazor?: Record<string, unknown> }> {
  const work = mkdtempSync(join(tmpdir(), 'livets-bench-create-'))
  try {
    const packs = join(work, 'packs')
    mkdirSync(packs)
    const tarballs = packPackages(packs)
    const ours: LiveTsRun[] = []
    for (let i = 0; i <= runs; i++) {
      const run = await liveTsOnce(tarballs, work, `app-${i}`)
      if (i > 0) ours.push(run) // the first warms the npm cache and npx's copy of create-livets-app
    }
    const last = ours.at(-1)!
    const livets = {
      runs, totalS: seconds(median(ours.map((r) => r.totalMs))), createS: seconds(median(ours.map((r) => r.createMs))),
      installS: seconds(median(ours.map((r) => r.installMs))), startS: seconds(median(ours.map((r) => r.startMs))),
      nodeModulesMB: round(last.nodeModulesBytes / 1e6, 1), packages: last.packages,
    }
    if (!withBlazor) return { livets }
    const theirs: BlazorRun[] = []
    for (let i = 0; i <= runs; i++) {
      const run = await blazorOnce(work, `BlazorApp${i}`)
      if (i > 0) theirs.push(run)
    }
    const blazor = {
      runs, totalS: seconds(median(theirs.map((r) => r.totalMs))), createS: seconds(median(theirs.map((r) => r.createMs))),
      startS: seconds(median(theirs.map((r) => r.startMs))),
    }
    return { livets, blazor }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
