// The counter, as its user sees it: in-process with livets/testing (no browser, no port).
import { afterEach, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { closeAll, render, type RenderedView } from 'livets/testing'
import { app } from '../src/app.ts'

let counter: RenderedView
beforeEach(async () => { counter = await render(app, '/') })
afterEach(closeAll)

test('the count starts at zero', () => {
  assert.equal(counter.find('#count').text(), '0')
})

test('plus counts up, minus counts down', async () => {
  await counter.click('[aria-label=increment]')
  await counter.click('[aria-label=increment]')
  assert.equal(counter.find('#count').text(), '2')

  await counter.click('[aria-label=decrement]')
  assert.equal(counter.find('#count').text(), '1')
})

test('what I type is echoed back in capitals, and stays in the field', async () => {
  await counter.input('#text', 'hello')
  assert.equal(counter.find('#echo').text(), 'HELLO')
  assert.equal(counter.find('#text').value(), 'hello')
})
