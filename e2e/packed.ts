// Apps made the way a user makes them, from this repository's packed packages: `npm pack` of each
// package, create-livets-app run from its tarball, dependencies installed from the tarballs and the
// npm cache. Used by e2e/create-app.test.ts and the `create` benchmark (bench/scenarios/create.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('..', import.meta.url))

/** Runs a command to the end; throws with its output if it fails. Returns stdout and stderr together. */
export function runChecked(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000 })
  const output = `${result.stdout}\n${result.stderr}`
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`)
  return output
}

/** `npm pack` of livets, @livets/client, @livets/engine, this machine's engine package and create-livets-app. */
export function packPackages(destination: string, platformPackageDir = 'packages/engine/npm/linux-x64-gnu'): Record<string, string> {
  const tarballs: Record<string, string> = {}
  for (const what of [['-w', 'livets', '-w', '@livets/client', '-w', '@livets/engine', '-w', 'create-livets-app'], [platformPackageDir]]) {
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', destination, ...what], { cwd: REPO, encoding: 'utf8' })
    if (packed.status !== 0) throw new Error(`npm pack ${what.join(' ')} failed:\n${packed.stderr}`)
    for (const { name, filename } of JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>) tarballs[name] = join(destination, filename)
  }
  return tarballs
}

export interface CreatedApp { dir: string; createMs: number; installMs: number }

/**
 * `npm create livets-app` from the tarball (with --no-install), then the install a user's
 * `npm install` does, except that the LiveTS packages come from their tarballs (they are not on
 * the registry) and everything else from the npm cache first. package.json keeps its ranges.
 */
export function createFromTarballs(tarballs: Record<string, string>, workDir: string, name: string, flags: string[], env: NodeJS.ProcessEnv): CreatedApp {
  let started = performance.now()
  runChecked('npm', ['exec', '--yes', `--package=${tarballs['create-livets-app']}`, '--', 'create-livets-app', name, '--no-install', ...flags], workDir, env)
  const createMs = performance.now() - started
  const dir = join(workDir, name)
  started = performance.now()
  const platformPackages = Object.keys(tarballs).filter((p) => p.startsWith('@livets/engine-'))
  runChecked('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-save',
    ...['livets', '@livets/client', '@livets/engine', ...platformPackages].map((p) => tarballs[p])], dir, env)
  return { dir, createMs, installMs: performance.now() - started }
}

/** The dependency ranges the created app's package.json asks for. */
export function dependencyRanges(dir: string): Record<string, string> {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies
}

/** A long-running command in its own process group, stopped with everything it started. */
export class Background {
  readonly child: ChildProcess
  output = ''
  constructor(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    this.child.stdout!.on('data', (chunk) => { this.output += chunk })
    this.child.stderr!.on('data', (chunk) => { this.output += chunk })
  }

  /** Resolves with the match when the output matches; rejects if the process ends first or time runs out. */
  waitFor(pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const stop = (then: () => void) => { clearTimeout(timer); clearInterval(poll); then() }
      const timer = setTimeout(() => stop(() => reject(new Error(`no ${pattern} in ${ms} ms:\n${this.output}`))), ms)
      const poll = setInterval(() => {
        const match = pattern.exec(this.output)
        if (match) stop(() => resolve(match))
        else if (this.child.exitCode !== null) stop(() => reject(new Error(`exited with ${this.child.exitCode}:\n${this.output}`)))
      }, 20)
    })
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve())
      process.kill(-this.child.pid!, 'SIGTERM')
      setTimeout(() => { try { process.kill(-this.child.pid!, 'SIGKILL') } catch { /* gone */ } }, 5000).unref()
    })
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Fetches `url` until it answers 200 (a server that just said it listens may still be warming up). */
export async function firstPage(url: string, ms = 60_000): Promise<string> {
  const until = Date.now() + ms
  for (;;) {
    try {
      const response = await fetch(url)
      if (response.ok) return await response.text()
    } catch { /* not listening yet */ }
    if (Date.now() > until) throw new Error(`${url} did not answer 200 within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
