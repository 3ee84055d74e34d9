// The TypeScript half of the shared protocol vectors (the C# half: ProtocolVectorTests.cs).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import * as protocol from '@livets/client/protocol'

const vectors = JSON.parse(readFileSync(new URL('../../../protocol/test-vectors.json', import.meta.url), 'utf8'))
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'))
const table = protocol as unknown as Record<string, unknown>
const exported = Object.keys(protocol).filter((name) => /^[A-Z][A-Z0-9_]+$/.test(name))
/** Numbers and strings are constants; lists and maps are the vocabulary. */
const constantNames = exported.filter((name) => typeof table[name] !== 'object')
const vocabularyNames = exported.filter((name) => typeof table[name] === 'object')

test('every constant has the same name and value as in the vectors (and so in C#)', () => {
  for (const [name, value] of Object.entries(vectors.constants)) assert.equal(table[name], value, name)
  assert.deepEqual(constantNames.sort(), Object.keys(vectors.constants).sort())
})

test('every vocabulary list is the vectors\' (and so C#\'s), and there are no others', () => {
  const lists = Object.entries(vectors.vocabulary).filter(([name]) => name !== 'comment')
  for (const [name, value] of lists) assert.deepEqual(table[name], value, name)
  assert.deepEqual(vocabularyNames.sort(), lists.map(([name]) => name).sort())
})

/** A link's event names after it sent these in order (an EVENT vector's "defined"). */
function linkThatDefined(names: string[]): protocol.EventNames {
  const link = new protocol.EventNames()
  for (const name of names) link.reference(name, new TextEncoder().encode(name).length)
  return link
}

test('an event name goes in full once per link, then by index; a long one, or one past the table\'s room, always in full', () => {
  const link = new protocol.EventNames()
  const click = () => protocol.encodeEvent(0, 'increment', 0, {}, link)
  assert.equal(click().length, 15)
  assert.equal(click().length, 5) // a counter click: opcode, ack, index, target, field count
  const long = 'x'.repeat(protocol.EVENT_NAME_INDEXED_BYTES + 1)
  assert.equal(link.reference(long, protocol.EVENT_NAME_INDEXED_BYTES + 1), 0)
  assert.equal(link.reference(long, protocol.EVENT_NAME_INDEXED_BYTES + 1), 0)
  for (let i = 2; i <= protocol.EVENT_NAMES_MAX; i++) link.reference('e' + i, 2)
  assert.equal(link.reference('e' + protocol.EVENT_NAMES_MAX, 4), protocol.EVENT_NAMES_MAX)
  assert.equal(link.reference('one too many', 12), 0)
  assert.equal(link.reference('one too many', 12), 0)
})

test('client frames encode to the vector bytes', () => {
  for (const vector of vectors.clientFrames) {
    const f = vector.frame
    const bytes = f.kind === 'join' ? protocol.encodeJoin({ token: f.token, credential: f.credential, applied: f.applied, next: f.next })
      : f.kind === 'event' ? protocol.encodeEvent(f.ack, f.name, f.target, Object.fromEntries(f.fields), linkThatDefined(f.defined))
      : f.kind === 'ack' ? protocol.encodeAck(f.ack)
      : f.kind === 'upload' ? protocol.encodeUpload(f.ack, f.name, f.entries.map(([ref, name, size, type]: [string, string, number, string]) => ({ ref, name, size, type })))
      : f.kind === 'chunk' ? protocol.encodeUploadChunk(f.ack, f.ref, f.offset, hex(f.data))
      : f.kind === 'navigate' ? protocol.encodeNavigate(f.ack, f.mode, f.history, f.url)
      : protocol.encodeHeartbeat(f.ack)
    assert.deepEqual([...bytes], [...hex(vector.hex)], vector.name)
  }
})

test('server frames decode to the vector operations', () => {
  for (const vector of vectors.serverFrames) {
    const bytes = hex(vector.hex)
    if (vector.frame?.kind === 'session') {
      const r = new protocol.FrameReader(bytes)
      assert.equal(r.byte(), protocol.FRAME_SESSION)
      assert.deepEqual(protocol.readSessionHead(r), { mode: vector.frame.mode, lastFrame: vector.frame.lastFrame, answered: vector.frame.answered, credential: vector.frame.credential }, vector.name)
      assert.deepEqual(protocol.decodePatch(bytes), vector.ops, vector.name)
      continue
    }
    if (vector.frame?.kind === 'uploadAck') {
      const r = new protocol.FrameReader(bytes)
      assert.equal(r.byte(), protocol.FRAME_UPLOAD_ACK)
      const { kind: _kind, ...ack } = vector.frame
      assert.deepEqual(protocol.readUploadAck(r), ack, vector.name)
      assert.ok(r.done, vector.name)
      continue
    }
    if (vector.frame?.kind === 'error') {
      const r = new protocol.FrameReader(bytes)
      assert.equal(r.byte(), protocol.FRAME_ERROR)
      assert.equal(r.byte(), vector.frame.code)
      assert.equal(r.string(), vector.frame.message)
      continue
    }
    if (vector.ops === null) { assert.equal(bytes[0], protocol.FRAME_HEARTBEAT_ACK); continue }
    assert.equal(bytes[0], vector.push ? protocol.FRAME_PUSH : protocol.FRAME_REPLY, vector.name)
    assert.deepEqual(protocol.decodePatch(bytes), vector.ops, vector.name)
  }
})

test('the host\'s own server frames encode to the vector bytes and read back', () => {
  for (const vector of vectors.hostFrames.frames) {
    const f = vector.frame
    const expected = [...hex(vector.hex)]
    switch (f.kind) {
      case 'replyData': {
        const reply = Uint8Array.from([protocol.FRAME_REPLY, protocol.PATCH_SET_TEXT, f.ops[0][1], ...Buffer.from([f.ops[0][2].length]), ...Buffer.from(f.ops[0][2])])
        assert.deepEqual([...protocol.encodeReplyData(f.data, reply)], expected, vector.name)
        const r = new protocol.FrameReader(hex(vector.hex))
        assert.equal(r.byte(), protocol.FRAME_REPLY_DATA)
        assert.equal(r.string(), f.data)
        assert.deepEqual(protocol.decodePatch(hex(vector.hex)), f.ops, vector.name)
        break
      }
      case 'location': {
        const { kind: _kind, ...location } = f
        assert.deepEqual([...protocol.encodeLocation(location)], expected, vector.name)
        const r = new protocol.FrameReader(hex(vector.hex))
        assert.equal(r.byte(), protocol.FRAME_LOCATION)
        assert.deepEqual(protocol.readLocation(r), location, vector.name)
        assert.ok(r.done)
        break
      }
      case 'title': assert.deepEqual([...protocol.encodeTitle(f.title)], expected, vector.name); break
      case 'exec': assert.deepEqual([...protocol.encodeExec(f.commands)], expected, vector.name); break
      case 'hookEvent': assert.deepEqual([...protocol.encodeHookEvent(f.event, f.payload)], expected, vector.name); break
      default: assert.fail(`unknown host frame kind in '${vector.name}'`)
    }
    assert.ok(protocol.isNumbered(expected[0]), `${vector.name} is numbered`)
  }
  assert.ok(protocol.answersEvent(protocol.FRAME_REPLY_DATA) && !protocol.answersEvent(protocol.FRAME_LOCATION))
})

test('a truncated patch is an error, not a silent partial apply', () => {
  assert.throws(() => protocol.decodePatch(hex('81 01 00 05 31')), /ended early|past the frame/)
  assert.throws(() => protocol.decodePatch(hex('81 7f')), /unknown patch op/)
})

test('a long-poll body carries frames of any length and refuses one that runs short', () => {
  // Arrange: a short frame and one whose length takes two varuint bytes
  const short = protocol.encodeAck(1)
  const long = protocol.encodeEvent(0, 'save', 0, { text: 'x'.repeat(300) }, new protocol.EventNames())

  // Act
  const body = protocol.encodeFrameBatch([short, long])

  // Assert
  assert.deepEqual(protocol.decodeFrameBatch(body).map((f) => [...f]), [[...short], [...long]])
  assert.throws(() => protocol.decodeFrameBatch(body.subarray(0, body.length - 1)), /runs past/)
})
