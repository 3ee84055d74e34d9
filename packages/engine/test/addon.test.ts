// The addon's boundary: bad arguments become JS Errors with a code, and the process lives on.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadEngine, ReceiveKind } from '@livets/engine'

const engine = loadEngine()
engine.configure('a test secret of enough length', 65536, 60000)

function assertEngineError(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (e: Error & { code?: string }) => {
    assert.ok(e instanceof Error, 'a JS Error')
    assert.equal(e.code, code)
    if (message) assert.match(e.message, message)
    return true
  })
}

test('bad arguments throw JS errors with a code, and the process goes on', () => {
  const untyped = engine as unknown as Record<string, (...args: unknown[]) => unknown>
  assertEngineError(() => untyped.compileTemplate(42), 'LIVETS_INVALID_ARGUMENT', /statics must be an array/)
  assertEngineError(() => untyped.compileTemplate([1, 2]), 'LIVETS_INVALID_ARGUMENT', /statics\[0\] must be a string/)
  assertEngineError(() => untyped.render('not-an-id', ''), 'LIVETS_INVALID_ARGUMENT', /not a connection id/)
  assertEngineError(() => untyped.render('0'.repeat(32), ''), 'LIVETS_UNKNOWN_CONNECTION')
  assertEngineError(() => untyped.receive(engine.open(), 'not bytes'), 'LIVETS_INVALID_ARGUMENT', /Uint8Array/)
  assertEngineError(() => untyped.prerender('Qgarbage', '{}'), 'LIVETS_RENDER_TREE_INVALID')
  assertEngineError(() => untyped.prerender(), 'LIVETS_INVALID_ARGUMENT', /missing/)
  assertEngineError(() => untyped.errorReply(300, 'x'), 'LIVETS_INVALID_ARGUMENT', /byte/)
  assertEngineError(() => engine.compileTemplate(['<div ', '>']), 'LIVETS_TEMPLATE_INVALID', /line 1, column \d+/)
  assertEngineError(() => untyped.templateDirectives(-1), 'LIVETS_INVALID_ARGUMENT', /template id/)
  assertEngineError(() => untyped.templateDirectives(123456), 'LIVETS_UNKNOWN_TEMPLATE')
  assertEngineError(() => untyped.subscribe(engine.open(), ''), 'LIVETS_INVALID_ARGUMENT', /topic/)
  assertEngineError(() => untyped.subscribe('0'.repeat(32), 'room'), 'LIVETS_UNKNOWN_CONNECTION')
  assertEngineError(() => untyped.subscribers(7), 'LIVETS_INVALID_ARGUMENT', /topic must be a string/)
  assertEngineError(() => untyped.push(engine.open(), 5), 'LIVETS_INVALID_ARGUMENT', /tree must be a string/)
  assertEngineError(() => engine.compileTemplate(['<p ts-if="a &&"></p>']), 'LIVETS_TEMPLATE_INVALID', /ts-if: the expression ends too early/)
  // still alive and working
  const id = engine.compileTemplate(['<p>', '</p>'])
  assert.equal(typeof id, 'number')
  assert.deepEqual(engine.stats().length, 3)
})

test('receive reports garbage as a close with a protocol-error code', () => {
  const connection = engine.open()
  const [kind, reason, , code] = engine.receive(connection, Uint8Array.of(0xff, 0x00))
  assert.equal(kind, ReceiveKind.Close)
  assert.equal(code, 4400)
  assert.match(reason, /unknown frame opcode 0xff/)
  engine.close(connection)
})
