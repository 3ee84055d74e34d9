// Development's error details (docs/dev-loop.md): where a template error is, the stack as the
// overlay shows it, the page a route answers when its view cannot render, and the development
// secret that lets a restarted server verify the pages and checkpoints of the one before.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { templateExcerpt, templatePosition } from '../src/template-position.ts'
import { errorDetails, stackFrames } from '../src/dev/error-details.ts'
import { errorPage } from '../src/dev/error-page.ts'
import { RenderError, encodeRender } from '../src/render-tree.ts'
import { getEngine } from '../src/engine.ts'
import { html } from '../src/html.ts'

test('the engine\'s template error names its line and column; the excerpt is the lines around them, slots as ${...}', () => {
  assert.deepEqual(templatePosition('template error at line 3, column 7: unknown directive \'ts-bogus\''),
    { line: 3, column: 7, message: 'unknown directive \'ts-bogus\'' })
  assert.equal(templatePosition('something else'), undefined)
  const statics = ['<main>\n  <h1>', '</h1>\n  <p ts-bogus>x</p>\n  <i>', '</i>\n  <b></b>\n  <s></s>\n</main>']
  assert.deepEqual(templateExcerpt(statics, 3, 6), {
    line: 3, column: 6,
    lines: [
      { number: 1, text: '<main>' }, { number: 2, text: '  <h1>${...}</h1>' }, { number: 3, text: '  <p ts-bogus>x</p>' },
      { number: 4, text: '  <i>${...}</i>' }, { number: 5, text: '  <b></b>' },
    ],
  })
  assert.deepEqual(templateExcerpt(statics, 7, 1).lines.map((l) => l.number), [5, 6, 7], 'cut at the end')
})

test('a template the engine refuses throws a RenderError that carries its excerpt; the details show it instead of the stack', () => {
  const broken = () => html`<div>
  <p ts-bogus="x">${1}</p>
</div>`
  let thrown: unknown
  try { encodeRender(getEngine(), broken(), 'Broken') } catch (error) { thrown = error }
  assert.ok(thrown instanceof RenderError)
  assert.equal(thrown.template?.line, 2)
  assert.deepEqual(thrown.template?.lines.map((l) => l.text), ['<div>', '  <p ts-bogus="x">${...}</p>', '</div>'])
  assert.ok(!Object.keys(thrown).includes('template'), 'a logged error does not print the excerpt again')
  const details = errorDetails('Broken', 'Broken.render()', thrown)
  assert.equal(details.template, thrown.template)
  assert.deepEqual(details.stack, [])
})

test('the stack leaves out Node\'s own frames and marks the dependencies\'', () => {
  const error = new Error('boom')
  error.stack = [
    'Error: boom',
    '    at Counter.fail (/app/src/counter.ts:10:18)',
    '    at LiveSession.run (/app/node_modules/livets/src/session.ts:489:37)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ].join('\n')
  assert.deepEqual(stackFrames(error), [
    { text: 'Counter.fail (/app/src/counter.ts:10:18)', library: false },
    { text: 'LiveSession.run (/app/node_modules/livets/src/session.ts:489:37)', library: true },
  ])
  assert.deepEqual(errorDetails('Counter', 'Counter.fail()', 'a string', { timedOut: true }),
    { view: 'Counter', phase: 'Counter.fail()', message: 'a string', stack: [], timedOut: true, remounted: false })
})

test('the error page carries the details as data no message can break out of', () => {
  const details = errorDetails('Evil', 'Evil.mount()', new Error('</script><script>alert(1)</script><!--'))
  const page = errorPage('Evil <page>', details)
  assert.equal(page.match(/<\/script>/g)?.length, 1, 'only the data block\'s own end')
  assert.match(page, /<title>Error · Evil &lt;page&gt;<\/title>/)
  const data = /<script type="application\/json" id="livets-dev-error">(.*)<\/script>/.exec(page)![1]
  assert.deepEqual(JSON.parse(data), JSON.parse(JSON.stringify(details)))
})

test('a development server keeps its secret in a file: the next process verifies what the last one signed', () => {
  const folder = mkdtempSync(join(tmpdir(), 'livets-dev-secret-'))
  const file = join(folder, '.livets', 'dev-secret')
  const engine = fileURLToPath(new URL('../src/engine.ts', import.meta.url))
  // Each run is a new process, as each restart under tsx watch is.
  const run = (script: string) => {
    const env = { ...process.env }
    delete env.LIVETS_SECRET
    delete env.NODE_ENV
    delete env.NODE_TEST_CONTEXT
    const result = spawnSync(process.execPath, ['--conditions=livets-source', '--import', 'tsx', '--input-type=module', '-e',
      `import { useDevelopmentSecret, getEngine } from ${JSON.stringify(engine)}\nconsole.log(useDevelopmentSecret(${JSON.stringify(file)}))\n${script}`],
    { env, encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
    return result.stdout.trim().split('\n')
  }
  try {
    const [used, signed] = run('console.log(getEngine().signCheckpoint("00000000000000000000000000000001", "{}"))')
    assert.equal(used, 'true')
    assert.equal(statSync(file).mode & 0o777, 0o600, 'readable by its owner only')
    // The second process reads the secret the first one wrote: the seal holds there (it throws otherwise).
    const [, verified] = run(`getEngine().verifyCheckpoint("00000000000000000000000000000001", ${JSON.stringify(signed)}, "{}"); console.log('held')`)
    assert.equal(verified, 'held')
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})
