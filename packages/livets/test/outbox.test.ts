// The numbered-frame buffer behind resume: what a returning client is sent, and its bounds.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Outbox } from '../src/sessions/outbox.ts'

const frame = (n: number, size = 1): Uint8Array => new Uint8Array(size).fill(n)

test('frames are numbered from 1 and a resume gets exactly those after what the client applied', () => {
  const outbox = new Outbox({ frames: 10, bytes: 1_000 })
  for (let n = 1; n <= 4; n++) assert.equal(outbox.add(frame(n)), n)

  const missed = outbox.since(2)

  assert.deepEqual(missed, [frame(3), frame(4)])
  assert.deepEqual(outbox.size, { frames: 2, bytes: 2 }, 'what the client applied is forgotten')
})

test('acknowledged frames are forgotten; acknowledging more than was sent is refused', () => {
  const outbox = new Outbox({ frames: 10, bytes: 1_000 })
  for (let n = 1; n <= 3; n++) outbox.add(frame(n))

  assert.equal(outbox.ack(2), true)
  assert.deepEqual(outbox.size, { frames: 1, bytes: 1 })
  assert.equal(outbox.ack(2), false, 'only one frame is left unacknowledged')
  assert.deepEqual(outbox.since(3), [], 'up to date')
})

test('past the frame or byte bound the oldest go, and a resume that needed them is told they are lost', () => {
  const byFrames = new Outbox({ frames: 3, bytes: 1_000 })
  for (let n = 1; n <= 5; n++) byFrames.add(frame(n))
  assert.equal(byFrames.since(1), 'lost')
  assert.deepEqual(byFrames.since(2), [frame(3), frame(4), frame(5)])

  const byBytes = new Outbox({ frames: 100, bytes: 25 })
  for (let n = 1; n <= 5; n++) byBytes.add(frame(n, 10))
  assert.deepEqual(byBytes.size, { frames: 2, bytes: 20 })
  assert.equal(byBytes.since(2), 'lost')
})

test('a client that counts frames never sent is from the future', () => {
  const outbox = new Outbox({ frames: 10, bytes: 1_000 })
  outbox.add(frame(1))
  assert.equal(outbox.since(2), 'future')
})

test('restart: a SESSION frame stood for the page, numbering goes on from there', () => {
  const outbox = new Outbox({ frames: 10, bytes: 1_000 })
  outbox.add(frame(1))
  outbox.restart(7)
  assert.equal(outbox.add(frame(8)), 8)
  assert.deepEqual(outbox.since(7), [frame(8)])
})
