#!/usr/bin/env node
// create-livets-app: `npm create livets-app@latest my-app`. Asks in a terminal for what the flags
// did not say; without a terminal it takes the defaults, so it runs unattended.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { PACKAGE_MANAGERS, TEMPLATES, USAGE, UsageError, parseCli, runningPackageManager, type CliAnswers } from './options.ts'
import { ScaffoldError, createApp, ownVersion } from './scaffold.ts'
import { nameFromTarget } from './validate.ts'

const DEFAULT_NAME = 'my-livets-app'

async function main(argv: string[]): Promise<number> {
  const answers = parseCli(argv)
  if (answers.help) { process.stdout.write(USAGE); return 0 }
  if (answers.version) { console.log(ownVersion()); return 0 }
  const interactive = process.stdin.isTTY && process.stdout.isTTY
  const filled = interactive ? await ask(answers) : answers

  const target = filled.name ?? DEFAULT_NAME
  const dir = resolve(target)
  const packageManager = filled.packageManager ?? runningPackageManager()
  const choices = { dir, name: nameFromTarget(target), template: filled.template ?? 'minimal', tailwind: filled.tailwind ?? true, packageManager }
  createApp(choices)
  console.log(`\nCreated ${choices.name} in ${dir} (${choices.template} template, ${choices.tailwind ? 'Tailwind' : 'plain CSS'}).`)

  if (filled.install ?? true) {
    console.log(`Installing dependencies with ${packageManager}…\n`)
    const result = spawnSync(packageManager, ['install'], { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' })
    if (result.status !== 0) {
      console.error(`\n${packageManager} install did not finish (${result.error?.message ?? `exit code ${result.status}`}). ` +
        `The app is written; run "${packageManager} install" in ${target} when the problem is fixed.`)
      return 1
    }
  }
  const run = packageManager === 'npm' ? 'npm run' : packageManager
  console.log(`\nNext:\n  cd ${target}\n${filled.install ?? true ? '' : `  ${packageManager} install\n`}  ${run} dev      # http://localhost:3000, reloads as you edit\n  ${run} test\n`)
  return 0
}

/** Asks, in a terminal, for each answer the flags left open. */
async function ask(answers: CliAnswers): Promise<CliAnswers> {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    const question = async (text: string, fallback: string) => (await rl.question(`${text} (${fallback}) `)).trim() || fallback
    const choose = async <T extends string>(text: string, options: readonly T[], fallback: T): Promise<T> => {
      for (;;) {
        const answer = await question(`${text} [${options.join('/')}]`, fallback)
        if ((options as readonly string[]).includes(answer)) return answer as T
        console.log(`  one of: ${options.join(', ')}`)
      }
    }
    const yes = async (text: string) => /^y/i.test(await question(`${text} [y/n]`, 'y'))
    return {
      ...answers,
      name: answers.name ?? await question('App name:', DEFAULT_NAME),
      template: answers.template ?? await choose('Template:', TEMPLATES, 'minimal'),
      tailwind: answers.tailwind ?? await yes('Use Tailwind CSS?'),
      packageManager: answers.packageManager ?? await choose('Package manager:', PACKAGE_MANAGERS, runningPackageManager()),
      install: answers.install ?? await yes('Install dependencies now?'),
    }
  } finally {
    rl.close()
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (error: unknown) => {
  if ((error as Error).name === 'AbortError') console.error('\ncreate-livets-app: cancelled; nothing was written.')
  else if (error instanceof UsageError) console.error(`create-livets-app: ${error.message}\n\n${USAGE}`)
  else if (error instanceof ScaffoldError) console.error(`create-livets-app: ${error.message}`)
  else console.error(error)
  process.exitCode = 1
})
