// create-livets-app without installing anything: the flags, the files each choice writes, and the
// refusals (a used folder, a name npm would not accept) as a user sees them from the command line.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp, ownVersion } from '../src/scaffold.ts'
import { UsageError, parseCli, runningPackageManager } from '../src/options.ts'

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'create-livets-app-'))
after(() => rmSync(work, { recursive: true, force: true }))

/** Runs the command line as a user would, without a terminal (so it asks nothing). */
function cli(args: string[], cwd = work) {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, ...args], { cwd, encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('flags', () => {
  test('every question has a flag', () => {
    assert.deepEqual(parseCli(['my-app', '--template', 'full', '--no-tailwind', '--no-install', '--package-manager', 'pnpm']),
      { name: 'my-app', template: 'full', tailwind: false, install: false, packageManager: 'pnpm', help: false, version: false })
    assert.deepEqual(parseCli([]), { name: undefined, template: undefined, tailwind: undefined, install: undefined, packageManager: undefined, help: false, version: false })
  })

  test('a wrong value names the flag and the choices', () => {
    assert.throws(() => parseCli(['--template', 'huge']), (e) => e instanceof UsageError && /--template must be one of minimal, full \(got "huge"\)/.test(e.message))
    assert.throws(() => parseCli(['--package-manager', 'yarn']), /--package-manager must be one of npm, pnpm, bun/)
    assert.throws(() => parseCli(['--colour']), UsageError)
    assert.throws(() => parseCli(['a', 'b']), /one app name/)
  })

  test('the package manager that runs the tool is the default', () => {
    assert.equal(runningPackageManager('pnpm/9.1.0 npm/? node/v20.20.2 linux x64'), 'pnpm')
    assert.equal(runningPackageManager('bun/1.2.0 npm/? node/v22 linux x64'), 'bun')
    assert.equal(runningPackageManager(''), 'npm')
  })
})

describe('the files of each choice', () => {
  for (const template of ['minimal', 'full'] as const) {
    for (const tailwind of [true, false]) {
      test(`${template}, ${tailwind ? 'Tailwind' : 'plain CSS'}`, () => {
        const dir = join(work, `${template}-${tailwind}`)
        const files = createApp({ dir, name: 'demo-app', template, tailwind, packageManager: 'npm' }).sort()
        const expected = ['.gitignore', 'README.md', 'package.json', 'public/favicon.svg', 'src/app.ts', 'src/layout.ts', 'src/nav.ts',
          'src/server.ts', 'src/views/counter.ts', 'test/counter.test.ts', 'tsconfig.json',
          ...(tailwind ? ['src/app.css'] : ['public/app.css']),
          ...(template === 'full' ? ['src/views/guestbook.ts', 'test/guestbook.test.ts'] : [])]
        assert.deepEqual(files, expected.sort())
        for (const file of files) assert.doesNotMatch(readFileSync(join(dir, file), 'utf8'), /__[A-Z_]+__/, `${file}: every placeholder filled`)

        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
        assert.equal(manifest.name, 'demo-app')
        assert.equal(manifest.dependencies.livets, `^${ownVersion()}`, 'an ordinary semver range')
        assert.match(manifest.dependencies.hono, /^\^4\./)
        assert.match(manifest.dependencies.zod, /^\^4\./)
        assert.equal(manifest.scripts.start, 'cross-env NODE_ENV=production node dist/server.js')
        assert.equal('@tailwindcss/cli' in manifest.devDependencies, tailwind)
        assert.equal(manifest.scripts.dev.includes('tailwindcss') || 'dev:css' in manifest.scripts, tailwind)
        assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8').includes('public/app.css'), tailwind, 'built CSS is ignored, written CSS is not')
        assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\.livets\/$/m, 'saved sessions and the development secret are not committed')
        if (!tailwind) assert.match(readFileSync(join(dir, 'public/app.css'), 'utf8'), /\.bg-indigo-600\{/, 'the plain stylesheet has the classes the views use')
        assert.match(readFileSync(join(dir, 'src/app.ts'), 'utf8'), /live\(Counter, \{ title: 'Counter · demo-app'/)
      })
    }
  }

  test('the README names the chosen package manager', () => {
    const dir = join(work, 'with-pnpm')
    createApp({ dir, name: 'with-pnpm', template: 'minimal', tailwind: true, packageManager: 'pnpm' })
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /`pnpm dev`/)
  })
})

describe('refusals, from the command line', () => {
  test('a folder that exists and is not empty is refused, and nothing in it changes', () => {
    const dir = join(work, 'taken')
    mkdirSync(dir)
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    const { status, stderr } = cli(['taken', '--no-install'])
    assert.equal(status, 1)
    assert.match(stderr, /The folder .*taken already exists and is not empty \(notes\.txt\)\. Choose another name, or empty the folder first\./)
    assert.deepEqual(readdirSync(dir), ['notes.txt'])
  })

  test('an empty folder, or one with only a .git, is fine', () => {
    mkdirSync(join(work, 'fresh', '.git'), { recursive: true })
    const { status, stdout } = cli(['fresh', '--no-install'])
    assert.equal(status, 0, stdout)
    assert.match(stdout, /Created fresh in .*fresh \(minimal template, Tailwind\)/)
    assert.match(stdout, /npm install\n {2}npm run dev/)
  })

  test('an invalid npm package name is refused with what is wrong and an example', () => {
    for (const [name, why] of [['My App', /name can only contain URL-friendly characters/], ['Capitals', /can no longer contain capital letters/], ['_private', /name cannot start with an underscore/]] as const) {
      const { status, stderr } = cli([name, '--no-install'])
      assert.equal(status, 1)
      assert.match(stderr, new RegExp(`"${name}" is not a valid npm package name`))
      assert.match(stderr, why)
      assert.match(stderr, /e\.g\. my-app/)
      assert.equal(existsSync(join(work, name)), false, 'nothing written')
    }
  })

  test('a bad flag prints the usage', () => {
    const { status, stderr } = cli(['x', '--template', 'huge'])
    assert.equal(status, 1)
    assert.match(stderr, /--template must be one of minimal, full/)
    assert.match(stderr, /Usage: npm create livets-app@latest/)
  })

  test('--help and --version', () => {
    assert.match(cli(['--help']).stdout, /--package-manager npm\|pnpm\|bun/)
    assert.equal(cli(['--version']).stdout.trim(), ownVersion())
  })
})

describe('in a terminal', () => {
  // `script` (util-linux) gives the tool a real terminal, so it asks; each answer is typed when its question shows.
  const hasScript = spawnSync('script', ['--version']).status === 0
  test('it asks for what the flags left open, and uses the answers', { skip: hasScript ? false : 'needs script(1) from util-linux', timeout: 30_000 }, async () => {
    const command = [process.execPath, '--import', import.meta.resolve('tsx'), CLI, '--no-install'].map((a) => `'${a}'`).join(' ')
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: work, env: { ...process.env, npm_config_user_agent: 'pnpm/9.0.0' } })
    const answers: Array<[RegExp, string]> = [[/App name: \(my-livets-app\) /, 'asked-app'], [/Template: \[minimal\/full\] \(minimal\) /, 'full'],
      [/Use Tailwind CSS\? \[y\/n\] \(y\) /, 'n'], [/Package manager: \[npm\/pnpm\/bun\] \(pnpm\) /, '']]
    let screen = ''
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString()
      const next = answers[0]
      if (next && next[0].test(screen)) { answers.shift(); screen = ''; child.stdin.write(`${next[1]}\r`) }
    })
    const timer = setTimeout(() => child.kill(), 25_000)
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    clearTimeout(timer)
    assert.equal(status, 0)
    assert.equal(answers.length, 0, 'every question was asked')
    const manifest = JSON.parse(readFileSync(join(work, 'asked-app', 'package.json'), 'utf8'))
    assert.ok(existsSync(join(work, 'asked-app', 'src/views/guestbook.ts')), 'the full template')
    assert.equal('@tailwindcss/cli' in manifest.devDependencies, false, 'no Tailwind')
    assert.match(readFileSync(join(work, 'asked-app', 'README.md'), 'utf8'), /`pnpm dev`/, 'the default manager: the one running the tool')
  })
})

