// A small app run as a created app's `npm run dev` runs it (packages/create-livets-app/src/manifest.ts):
// e2e/fixtures/dev-app copied to a temporary folder and served by `tsx watch` in a child process, which
// restarts it on every edit. Used by e2e/hot-reload.test.ts and the hot-reload benchmark
// (bench/scenarios/hot-reload.ts). The copy resolves livets and tsx through a link to this
// repository's node_modules, so it runs the packages as built (dist/, with their source maps).
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Background, REPO, freePort } from './packed.ts'

const STARTED = /dev-app listening on \d+/

/** The environment of a developer's shell: none of the test runner's or LiveTS's variables. */
function shellEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (/^(NODE_TEST_|LIVETS_|NODE_ENV$|NODE_OPTIONS$|npm_)/.test(name)) delete env[name]
  return { ...env, ...extra }
}

export class DevApp {
  /** Every line tsx and the app printed, with when it came (ms since the epoch). */
  readonly lines: Array<{ at: number; text: string }> = []

  private constructor(readonly dir: string, readonly port: number, private readonly server: Background) {
    for (const stream of [server.child.stdout!, server.child.stderr!]) {
      let partial = ''
      stream.on('data', (chunk) => {
        const lines = (partial + chunk).split('\n')
        partial = lines.pop()!
        for (const text of lines) this.lines.push({ at: Date.now(), text })
      })
    }
  }

  /** When each start of the app printed that it listens. */
  get startedAt(): number[] { return this.lines.filter((l) => STARTED.test(l.text)).map((l) => l.at) }

  /** When tsx said it restarts for a change, after `since`. */
  restartAfter(since: number): number | undefined { return this.lines.find((l) => l.at >= since && /\[tsx\] change in .* Restarting/.test(l.text))?.at }

  static async start(): Promise<DevApp> {
    const dir = mkdtempSync(join(tmpdir(), 'livets-dev-app-'))
    cpSync(join(REPO, 'e2e/fixtures/dev-app'), dir, { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'dev-app', private: true, type: 'module' }))
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir')
    const port = await freePort()
    const server = new Background(join(REPO, 'node_modules/.bin/tsx'), ['watch', '--clear-screen=false', 'src/server.ts'], dir, shellEnv({ PORT: String(port) }))
    const app = new DevApp(dir, port, server)
    await server.waitFor(/dev-app listening on/)
    return app
  }

  get url(): string { return `http://127.0.0.1:${this.port}/` }

  /** What the app and tsx printed so far. */
  get output(): string { return this.server.output }

  /** Saves `file` (relative to the app) with `change` applied; the change must change something. */
  edit(file: string, change: (source: string) => string): void {
    const path = join(this.dir, file)
    const before = readFileSync(path, 'utf8')
    const after = change(before)
    if (after === before) throw new Error(`the edit of ${file} changes nothing`)
    writeFileSync(path, after)
  }

  /** Waits for the app's `n`th start (1 is the first). */
  async started(n: number, ms = 30_000): Promise<void> {
    const until = Date.now() + ms
    while (this.startedAt.length < n) {
      if (Date.now() > until) throw new Error(`the app did not start a ${n}th time within ${ms} ms:\n${this.output}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  async stop(): Promise<void> {
    await this.server.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
