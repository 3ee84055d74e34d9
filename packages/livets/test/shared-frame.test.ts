// A broadcast's identical patches become one buffer (sessions/shared-frame.ts).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { shareFrame } from '../src/sessions/shared-frame.ts'

test('a frame with the same bytes as the previous one is that frame; another is kept as the next to share', () => {
  const first = shareFrame(Buffer.from([0x84, 1, 0, 2, 0x34, 0x32]))
  assert.equal(shareFrame(Buffer.from([0x84, 1, 0, 2, 0x34, 0x32])), first, 'same bytes: the same object')
  const other = Buffer.from([0x84, 1, 0, 2, 0x34, 0x33])
  assert.equal(shareFrame(other), other, 'other bytes: itself')
  assert.equal(shareFrame(Buffer.from([0x84, 1, 0, 2, 0x34, 0x33])), other)
  assert.notEqual(shareFrame(Buffer.from([0x84, 1, 0, 2, 0x34])), other, 'a prefix is not the same frame')
})
