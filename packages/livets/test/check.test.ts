// `livets check`: a clean app passes, each kind of finding is reported at its file:line:col, the
// command prints and exits as documented (docs/dev-loop.md), and the runtime never loads TypeScript.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import ts from 'typescript'
import { checkProgram, checkProject, formatFinding } from '../src/check/check.ts'
import { main } from '../src/cli/main.ts'

const here = dirname(fileURLToPath(import.meta.url))
const fixtures = join(here, 'fixtures', 'check')
const repo = join(here, '..', '..', '..')
const run = promisify(execFile)

/** Where `snippet` (the first time it is written in `file`) starts, plus `offset` characters, as 1-based line and column. */
function place(file: string, snippet: string, offset = 0): { line: number; column: number } {
  const text = readFileSync(file, 'utf8')
  const at = text.indexOf(snippet)
  assert.ok(at >= 0, `${snippet} is in ${file}`)
  const before = text.slice(0, at + offset).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

describe('livets check', () => {
  test('a clean app passes: helpers, base classes, optional and nullable fields, arrays, records, handleEvent', () => {
    assert.deepEqual(checkProject(join(fixtures, 'clean', 'tsconfig.json')), [])
  })

  test('a ts-target that names no component the app places is reported; card-…, literal ids and @view are not', () => {
    const file = join(fixtures, 'targets', 'board.ts')
    const findings = checkProject(join(fixtures, 'targets', 'tsconfig.json'))
    assert.equal(findings.length, 1, findings.map((f) => formatFinding(f)).join('\n'))
    assert.deepEqual({ ...findings[0], message: undefined }, { file, ...place(file, 'ts-target="cart"', 'ts-target="'.length), message: undefined })
    assert.match(findings[0].message, /ts-target="cart" names no component: no component\(…, \{ id \}\) in the program places 'cart'/)
  })

  test('the example apps pass', () => {
    const files = ['counter/src/app.ts', 'todo/src/app.ts', 'contacts/src/app.ts', 'board/src/app.ts'].map((file) => join(repo, 'examples', file))
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true, noEmit: true, allowImportingTsExtensions: true, customConditions: ['livets-source'], types: [],
    })
    assert.deepEqual(checkProgram(program), [])
  })

  test('each kind of finding is reported once, at its place', () => {
    const file = join(fixtures, 'findings', 'views.ts')
    const findings = checkProject(join(fixtures, 'findings', 'tsconfig.json'))
    const expected: Array<[snippet: string, offset: number, message: RegExp]> = [
      // a handler name in a helper outside the class, rendered by the view
      ['ts-on:click="removeRow"', 13, /^ts-on:click="removeRow": Profile has no method removeRow\(payload\), and no handleEvent\(name, payload\) to fall back on; its methods: save, increment, broken$/],
      ['ts-on:click="incremnt"', 13, /^ts-on:click="incremnt": Profile has no method incremnt\(payload\)/],
      ['ts-model="form.emial"', 10, /^ts-model="form\.emial": Profile's state\.form has no 'emial'; it has email$/],
      ['ts-text="user.nmae"', 9, /^ts-text="user\.nmae": Profile's state\.user has no 'nmae'; it has name$/],
      ['ts-bogus', 0, /^unknown directive 'ts-bogus'; known: ts-on:<event>\[\.modifiers\], ts-model\[/],
      ['ts-on:click.prevnt', 0, /^'ts-on:click\.prevnt': unknown modifier '\.prevnt'$/],
      // no component(…) in the program places 'cart'
      ['ts-target="cart"', 11, /^ts-target="cart" names no component/],
      ['ts-on:click="render"', 13, /^ts-on:click="render": render is a LiveView method, never called for an event/],
      // after escapes (\u00e9, \n) on the same line: the column is the file's
      ['form.valid', 0, /^ts-show="count > 1 && !form\.valid": Profile's state\.form has no 'valid'; it has email$/],
      ['${attrs}', 0, /^a \$\{\.\.\.\} inside a tag must be an attribute value/],
      ['nothing.here', 0, /^ts-model="nothing\.here": Profile's state\.nothing is null, so it never has 'here'$/],
      // the handlers a hook may call and the events ts-js pushes are handler names too; a ts-js that does not parse is a template error
      ['ts-hook-events="save saev"', 16, /^ts-hook-events="save saev": Profile has no method saev\(payload\)/],
      ['ts-js="hide(\'#menu\').push(\'sav\')"', 7, /^ts-js="hide\('#menu'\)\.push\('sav'\)": Profile has no method sav\(payload\)/],
      ['ts-js="shw(', 0, /^ts-js: ts-js: unknown command 'shw' at 0; known: show, hide/],
    ]
    for (const [snippet, offset, message] of expected) {
      const { line, column } = place(file, snippet, offset)
      const found = findings.filter((f) => f.line === line && f.column === column && message.test(f.message))
      assert.equal(found.length, 1, `${snippet} at ${line}:${column}; found:\n${findings.map((f) => formatFinding(f)).join('\n')}`)
      assert.equal(found[0].file, file)
    }
    assert.equal(findings.length, expected.length, 'nothing else')
  })

  test('the command prints file:line:col message and exits 1 on findings, 0 when clean, 2 when it cannot run', async () => {
    const livets = async (...args: string[]) => {
      const out: string[] = []
      const err: string[] = []
      const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) })
      return { code, out, err: err.join('\n') }
    }
    const findings = await livets('check', '--project', join(fixtures, 'findings', 'tsconfig.json'))
    assert.equal(findings.code, 1)
    assert.equal(findings.out.length, 14)
    const { line, column } = place(join(fixtures, 'findings', 'views.ts'), 'ts-on:click="incremnt"', 13)
    assert.ok(findings.out.includes(`${relative(process.cwd(), join(fixtures, 'findings', 'views.ts'))}:${line}:${column} ts-on:click="incremnt": Profile has no method incremnt(payload), and no handleEvent(name, payload) to fall back on; its methods: save, increment, broken`))
    assert.match(findings.err, /livets check: 14 problems/)

    const clean = await livets('check', '-p', join(fixtures, 'clean', 'tsconfig.json'))
    assert.deepEqual([clean.code, clean.out], [0, []])

    const missing = await livets('check', '--project', 'nope/tsconfig.json')
    assert.equal(missing.code, 2)
    assert.match(missing.err, /no nope\/tsconfig.json here; give your tsconfig with --project/)
    const unknown = await livets('lint')
    assert.equal(unknown.code, 2)
    assert.match(unknown.err, /unknown command 'lint'/)
  })

  test('the executable exits with the command\'s code', async () => {
    const cli = join(here, '..', 'src', 'cli', 'livets.ts')
    const result = await run(process.execPath, ['--conditions=livets-source', '--import', 'tsx', cli, 'check', '--project', join(fixtures, 'findings', 'tsconfig.json')], { cwd: repo })
      .then(() => ({ code: 0, stdout: '' }), (e: { code: number; stdout: string }) => e)
    assert.equal(result.code, 1)
    assert.equal(result.stdout.trim().split('\n').length, 14)
  })

  test('the runtime never loads TypeScript: only `livets check` does', async () => {
    const probe = `import { createRequire } from 'node:module'
await import('livets'); await import('livets/node'); await import('livets/testing')
console.log(Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\\\/]typescript[\\\\/]/.test(path)).length)`
    const { stdout } = await run(process.execPath, ['--conditions=livets-source', '--import', 'tsx', '--input-type=module', '-e', probe], { cwd: join(here, '..') })
    assert.equal(stdout.trim(), '0')
  })
})
