// npm run soak [-- --only hostile,idle --idle-connections 10000 --idle-minutes 30 ...]: the reliability
// parts, each against a fresh app process; figures printed, kept in soak/results/<date>.json (a part
// rerun replaces its own entry) and written to RELIABILITY.md by soak/report.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { SOAK_DIR } from './app-process.ts'
import { hostile } from './parts/hostile.ts'
import { idle } from './parts/idle.ts'
import { load } from './parts/load.ts'
import { cycles } from './parts/cycles.ts'
import { slowReaders } from './parts/slow-readers.ts'
import { crash } from './parts/crash.ts'
import { writeReliability, type SoakRun } from './report.ts'

// The defaults are the figures; the flags run shorter (RELIABILITY.md states what ran).
const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    // Writes RELIABILITY.md from the day's results without running a part (after a change to soak/report.ts).
    report: { type: 'boolean', default: false },
    'hostile-seconds': { type: 'string', default: '60' },
    'canary-per-second': { type: 'string', default: '20' },
    'idle-connections': { type: 'string', default: '10000' },
    'idle-minutes': { type: 'string', default: '30' },
    'load-clients': { type: 'string', default: '1000' },
    'load-per-second': { type: 'string', default: '5' },
    'load-minutes': { type: 'string', default: '10' },
    cycles: { type: 'string', default: '20000' },
    'slow-readers': { type: 'string', default: '50' },
    'crash-clickers': { type: 'string', default: '100' },
    'crash-seconds': { type: 'string', default: '60' },
  },
})
const n = (name: keyof typeof flags) => Number(flags[name])

const PARTS: Record<string, () => Promise<Record<string, unknown>>> = {
  hostile: () => hostile({ seconds: n('hostile-seconds'), canaryPerSecond: n('canary-per-second') }),
  idle: () => idle({ connections: n('idle-connections'), minutes: n('idle-minutes') }),
  load: () => load({ clients: n('load-clients'), perSecond: n('load-per-second'), minutes: n('load-minutes') }),
  cycles: () => cycles({ cycles: n('cycles'), parallel: 20 }),
  'slow-readers': () => slowReaders({ readers: n('slow-readers'), pushes: 200, pushBytes: 200_000 }),
  crash: () => crash({ clickers: n('crash-clickers'), seconds: n('crash-seconds'), perSecond: 5 }),
}
const only = flags.only?.split(',')
for (const name of only ?? []) if (!(name in PARTS)) throw new Error(`--only ${name}: no such part; the parts are ${Object.keys(PARTS).join(', ')}`)

const date = new Date().toISOString().slice(0, 10)
const resultsDir = join(SOAK_DIR, 'results')
mkdirSync(resultsDir, { recursive: true })
const file = join(resultsDir, `${date}.json`)
const run: SoakRun = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { meta: {}, parts: {} }
run.meta = { date, machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`, node: process.version }

for (const [name, part] of Object.entries(PARTS)) {
  if (flags.report || (only && !only.includes(name))) continue
  const began = Date.now()
  console.log(`[soak] ${name} …`)
  const figures = await part()
  run.parts[name] = { ...figures, measuredAt: new Date().toISOString(), wallSeconds: Math.round((Date.now() - began) / 1000) }
  console.log(`[soak] ${name}`, JSON.stringify(figures))
  writeFileSync(file, JSON.stringify(run, null, 2) + '\n')
}
writeReliability(run)
console.log(`[soak] ${file} and RELIABILITY.md written`)
