// The ts-js grammar on the client's side, against the examples both parsers check
// (protocol/test-vectors.json "jsCommands"; the C# half: NavigationAndHooksTests.cs).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { parseJs } from '@livets/client'

const vectors = JSON.parse(readFileSync(new URL('../../../protocol/test-vectors.json', import.meta.url), 'utf8')).jsCommands

test('valid ts-js values parse to the commands the vectors list', () => {
  for (const { text, commands } of vectors.valid) {
    assert.deepEqual(parseJs(text).map(({ name, args }) => [name, ...args]), commands, text)
  }
})

test('invalid ts-js values are refused with a message', () => {
  for (const text of vectors.invalid) assert.throws(() => parseJs(text), /ts-js/, JSON.stringify(text))
})

test('the messages say what is wrong and where', () => {
  assert.throws(() => parseJs("shw('#m')"), /unknown command 'shw' at 0; known: show, hide, toggle/)
  assert.throws(() => parseJs("addClass()"), /addClass\(\) needs its classes: addClass\(classes, \[target\]\)/)
  assert.throws(() => parseJs("show('#a') hide()"), /expected '\.' between commands at 11, found 'h'/)
  assert.throws(() => parseJs('constructor()'), /unknown command 'constructor'/)
})
