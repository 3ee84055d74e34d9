// Forms, uploads and flash over the wire, at the protocol level (no browser): what a page sends,
// what the view gets, and bad input that must be refused without hurting the connection or leaking.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { z } from 'zod'
import { LiveView, defineForm, field, flashGroup, html, input, live, type FormState, type UploadEntry } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient } from 'livets/testing'
import {
  ERROR_BAD_PAYLOAD, ERROR_UNKNOWN_EVENT, FLASH_COOKIE, UPLOAD_COMPLETE, UPLOAD_CONTINUE, UPLOAD_STOPPED, UPLOAD_UNKNOWN,
} from '@livets/client/protocol'
import { getEngine } from '../src/engine.ts'

// Temporary upload files go under this folder, so that the tests can see them come and go.
const uploadRoot = mkdtempSync(join(tmpdir(), 'livets-forms-test-'))
process.env.TMPDIR = uploadRoot
const uploadFiles = (): string[] => readdirSync(uploadRoot, { recursive: true }).map(String).filter((name) => name.endsWith('.part'))

const contact = defineForm('contact', z.object({
  name: z.string().min(1, 'Name is required'),
  age: z.coerce.number().int().min(0, 'Too young'),
  address: z.object({ city: z.string().min(1, 'City is required') }),
}))

const saved: unknown[] = []
const consumed: Array<{ entry: UploadEntry; bytes: string }> = []

class ContactForm extends LiveView<{ contact: FormState }> {
  mount() {
    this.state = { contact: contact.init({ name: '', address: { city: '' } }) }
    this.allowUpload('avatar', { accept: 'image/*', maxEntries: 2, maxFileSize: 1000, chunkSize: 100 })
  }
  save = contact.onSubmit(async (output) => {
    saved.push(output)
    const files = await this.consumeUploads('avatar', (entry, path) => consumed.push({ entry, bytes: readFileSync(path, 'utf8') }))
    this.flash('info', `Saved ${output.name} with ${files.length} file(s)`)
  })
  cancel({ ref }: { ref: string }) { return this.cancelUpload('avatar', ref) }
  render() {
    const form = this.state.contact
    const entries = this.uploads.avatar?.entries ?? []
    return html`<main>${flashGroup(this)}<form ts-form="contact" ts-on:submit="save">
${input(field(form, 'name'), { label: 'Name' })}${input(field(form, 'age'), { label: 'Age', type: 'number' })}
${input(field(form, 'address.city'), { label: 'City' })}
<input type="file" ts-upload="avatar"><input type="file" ts-upload="undeclared-in-view">
<button ts-on:click="cancel">cancel</button><button>Save</button></form>
<output id="uploads">${JSON.stringify(entries.map((e) => [e.ref, e.progress, e.done, e.errors]))}</output>
<output id="errors">${JSON.stringify(Object.fromEntries(['name', 'age', 'address.city'].map((path) => [path, field(form, path).errors])))}</output></main>`
  }
}

let server: LiveServer
let noRetention: LiveServer
let base: string
const logs: string[] = []

before(async () => {
  const app = new Hono()
  app.get('/', live(ContactForm))
  const logger = { error: (m: string, e?: unknown) => logs.push(`${m} ${e ?? ''}`), warn: (m: string) => logs.push(m) }
  server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger })
  noRetention = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger, retentionMs: 0 })
  base = `http://127.0.0.1:${server.port}/`
})
after(async () => {
  await server.close()
  await noRetention.close()
  rmSync(uploadRoot, { recursive: true, force: true })
})

/** Every text the patches of `frames` set, joined: enough to look for a message. */
const texts = (reply: { ops: unknown[] }): string => JSON.stringify(reply.ops)
const errorsIn = (reply: { ops: unknown[] }): Record<string, string[]> | undefined => {
  for (const op of reply.ops as unknown[][]) {
    const text = op.find((part) => typeof part === 'string' && (part as string).startsWith('{"name":'))
    if (text) return JSON.parse(text as string)
  }
  return undefined
}

describe('a ts-form form', () => {
  test('a change validates: only the used field shows its error, with aria attributes', async () => {
    const { client } = await LiveClient.connect(base)
    const reply = await client.event('ts-form:contact', [['contact[name]', ''], ['contact[age]', '-1'], ['contact[address][city]', ''], ['_target', 'contact[age]']] as never)
    assert.deepEqual(errorsIn(reply), { name: [], age: ['Too young'], 'address.city': [] })
    // aria-invalid and aria-describedby now point at the error text.
    assert.match(texts(reply), /\["SET_ATTR",\d+,"true"\],\["SET_ATTR",\d+,"contact_age-error"\]/)
    await client.close()
  })

  test('a valid submit hands the handler the typed output; an invalid one shows every error and calls nothing', async () => {
    const { client } = await LiveClient.connect(base)
    saved.length = 0
    const invalid = await client.event('save', [['contact[name]', ''], ['contact[age]', 'x']] as never)
    assert.deepEqual(errorsIn(invalid), { name: ['Name is required'], age: ['Invalid input: expected number, received NaN'], 'address.city': ['Required'] })
    assert.equal(saved.length, 0)
    const valid = await client.event('save', [['contact[name]', 'Ann'], ['contact[age]', '42'], ['contact[address][city]', 'Oslo']] as never)
    assert.deepEqual(saved, [{ name: 'Ann', age: 42, address: { city: 'Oslo' } }])
    assert.match(texts(valid), /Saved Ann with 0 file\(s\)/)
    await client.close()
  })

  test('10,000 fields, or a 60 KB field name, are refused with a clear error; the connection goes on', async () => {
    const { client } = await LiveClient.connect(base)
    // Short names, so that the 10,000 fit the 64 KiB frame: it is the count that is refused.
    const many = Array.from({ length: 10_000 }, (): [string, string] => ['x', ''])
    const refused = await client.event('ts-form:contact', many as never)
    assert.equal(refused.error?.code, ERROR_BAD_PAYLOAD)
    assert.match(refused.error!.message, /at most 1000 fields; this one had 10000/)
    const long = await client.event('save', [[`contact[${'n'.repeat(60_000)}]`, 'x']] as never)
    assert.equal(long.error?.code, ERROR_BAD_PAYLOAD)
    assert.match(long.error!.message, /at most 1024 characters/)
    const fine = await client.event('ts-form:contact', [['contact[name]', 'Bo'], ['_target', 'contact[name]']] as never)
    assert.equal(fine.error, undefined)
    await client.close()
  })

  test('names that reach for a prototype are ignored; nothing is polluted', async () => {
    const { client } = await LiveClient.connect(base)
    saved.length = 0
    const reply = await client.event('save', [['contact[name]', 'Ann'], ['contact[age]', '1'], ['contact[address][city]', 'Rome'],
      ['contact[__proto__][polluted]', 'yes'], ['contact[constructor][prototype][polluted]', 'yes'], ['__proto__[polluted]', 'yes'], ['contact[address][prototype]', 'x']] as never)
    assert.equal(reply.error, undefined)
    assert.deepEqual(saved, [{ name: 'Ann', age: 1, address: { city: 'Rome' } }])
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    await client.close()
  })
})

describe('uploads', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

  test('an allowed file streams in chunk by chunk, one acknowledged at a time, and is consumed on submit', async () => {
    const { client } = await LiveClient.connect(base)
    consumed.length = 0
    const body = 'x'.repeat(250)
    const announced = await client.upload('avatar', [{ ref: 'a1', name: 'me.png', size: 250, type: 'image/png' }])
    assert.equal(announced.error, undefined)
    let ack = await client.nextUploadAck()
    assert.deepEqual(ack, { ref: 'a1', status: UPLOAD_CONTINUE, received: 0, next: 100 })
    while (ack.status === UPLOAD_CONTINUE) {
      client.chunk('a1', ack.received, bytes(body.slice(ack.received, ack.received + ack.next)))
      ack = await client.nextUploadAck()
    }
    assert.deepEqual(ack, { ref: 'a1', status: UPLOAD_COMPLETE, received: 250, next: 0 })
    assert.equal(uploadFiles().length, 1)
    await client.event('save', [['contact[name]', 'Ann'], ['contact[age]', '3'], ['contact[address][city]', 'Oslo']] as never)
    assert.deepEqual(consumed.map((c) => [c.entry.name, c.entry.size, c.bytes]), [['me.png', 250, body]])
    assert.deepEqual(uploadFiles(), []) // consumed: the temporary file is gone
    await client.close()
  })

  test('too large, a type outside accept, too many files: each shows its error and no byte is asked for', async () => {
    const { client } = await LiveClient.connect(base)
    const reply = await client.upload('avatar', [
      { ref: 'big', name: 'huge.png', size: 5000, type: 'image/png' },
      { ref: 'pdf', name: 'cv.pdf', size: 10, type: 'application/pdf' },
      { ref: 'ok1', name: 'a.png', size: 10, type: 'image/png' },
      { ref: 'ok2', name: 'b.png', size: 10, type: 'image/png' },
      { ref: 'ok3', name: 'c.png', size: 10, type: 'image/png' },
    ])
    const shown = texts(reply)
    assert.match(shown, /huge.png is too large \(0\.01 MB; at most 0\.001 MB\)|huge.png is too large/)
    assert.match(shown, /cv.pdf: this type of file is not accepted \(image\/\*\)/)
    assert.match(shown, /too many files: at most 2/)
    const acks = [await client.nextUploadAck(), await client.nextUploadAck()]
    assert.deepEqual(acks.map((a) => a.ref), ['ok1', 'ok2'])
    // A refused entry's bytes sent anyway are told to stop.
    client.chunk('pdf', 0, bytes('%PDF'))
    assert.equal((await client.nextUploadAck()).status, UPLOAD_STOPPED)
    await client.close()
  })

  test('an upload the view did not allow, or no template declares, is an error reply; the connection goes on', async () => {
    const { client } = await LiveClient.connect(base)
    const notAllowed = await client.upload('undeclared-in-view', [{ ref: 'r', name: 'a.png', size: 1, type: 'image/png' }])
    assert.equal(notAllowed.error?.code, ERROR_BAD_PAYLOAD)
    assert.match(notAllowed.error!.message, /upload 'undeclared-in-view' is not allowed: call this.allowUpload/)
    const undeclared = await client.upload('secret', [{ ref: 'r', name: 'a.png', size: 1, type: 'image/png' }])
    assert.equal(undeclared.error?.code, ERROR_UNKNOWN_EVENT)
    assert.equal((await client.event('ts-form:contact', [] as never)).error, undefined)
    await client.close()
  })

  test('a chunk for an entry never announced, or another connection’s entry, is unknown', async () => {
    const owner = (await LiveClient.connect(base)).client
    const other = (await LiveClient.connect(base)).client
    await owner.upload('avatar', [{ ref: 'mine', name: 'a.png', size: 300, type: 'image/png' }])
    await owner.nextUploadAck()
    other.chunk('mine', 0, bytes('stolen'))
    assert.deepEqual(await other.nextUploadAck(), { ref: 'mine', status: UPLOAD_UNKNOWN, received: 0, next: 0 })
    other.chunk('never', 0, bytes('x'))
    assert.equal((await other.nextUploadAck()).status, UPLOAD_UNKNOWN)
    // The owner's entry is untouched.
    owner.chunk('mine', 0, bytes('y'.repeat(100)))
    assert.deepEqual(await owner.nextUploadAck(), { ref: 'mine', status: UPLOAD_CONTINUE, received: 100, next: 100 })
    await owner.close()
    await other.close()
  })

  test('more bytes than announced, a chunk past the chunk size, a chunk before the last was acknowledged: stopped, file gone', async () => {
    const { client } = await LiveClient.connect(base)
    await client.upload('avatar', [{ ref: 'liar', name: 'a.png', size: 50, type: 'image/png' }, { ref: 'fat', name: 'b.png', size: 900, type: 'image/png' }])
    await client.nextUploadAck(); await client.nextUploadAck()
    client.chunk('liar', 0, bytes('z'.repeat(40)))
    assert.equal((await client.nextUploadAck()).status, UPLOAD_CONTINUE)
    client.chunk('liar', 40, bytes('z'.repeat(20))) // 60 > 50 announced
    assert.equal((await client.nextUploadAck()).status, UPLOAD_STOPPED)
    client.chunk('fat', 0, bytes('z'.repeat(101))) // chunkSize is 100
    assert.equal((await client.nextUploadAck()).status, UPLOAD_STOPPED)
    // Progress pushes come first; one shows the failure.
    let shown = ''
    for (let i = 0; i < 5 && !/upload failed/.test(shown); i++) shown = texts(await client.nextPush())
    assert.match(shown, /upload failed/)
    assert.deepEqual(uploadFiles(), [])
    assert.ok(logs.some((line) => /sent more than the 50 bytes it announced/.test(line)))
    assert.ok(logs.some((line) => /sent a chunk of 101 bytes; at most 100/.test(line)))
    await client.close()
  })

  test('cancel mid-upload removes the entry and its partial file; its next chunk is told to stop', async () => {
    const { client } = await LiveClient.connect(base)
    await client.upload('avatar', [{ ref: 'c1', name: 'a.png', size: 500, type: 'image/png' }])
    await client.nextUploadAck()
    client.chunk('c1', 0, bytes('q'.repeat(100)))
    await client.nextUploadAck()
    assert.equal(uploadFiles().length, 1)
    const reply = await client.event('cancel', { ref: 'c1' })
    assert.doesNotMatch(texts(reply), /"c1"/)
    assert.deepEqual(uploadFiles(), [])
    client.chunk('c1', 100, bytes('q'.repeat(100)))
    assert.equal((await client.nextUploadAck()).status, UPLOAD_STOPPED)
    await client.close()
  })

  test('a client that starts an upload and disappears leaves no file once its session ends', async () => {
    const { client } = await LiveClient.connect(`http://127.0.0.1:${noRetention.port}/`)
    await client.upload('avatar', [{ ref: 'gone', name: 'a.png', size: 500, type: 'image/png' }])
    await client.nextUploadAck()
    client.chunk('gone', 0, bytes('g'.repeat(100)))
    await client.nextUploadAck()
    assert.equal(uploadFiles().length, 1)
    await client.drop()
    for (let i = 0; i < 50 && uploadFiles().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    assert.deepEqual(uploadFiles(), [])
  })
})

describe('flash', () => {
  test('a flash shows until clicked away (clearFlash)', async () => {
    const { client } = await LiveClient.connect(base)
    const saved = await client.event('save', [['contact[name]', 'Cy'], ['contact[age]', '9'], ['contact[address][city]', 'Rome']] as never)
    assert.match(texts(saved), /Saved Cy/)
    const cleared = await client.event('clearFlash', { kind: 'info' })
    assert.doesNotMatch(texts(cleared), /Saved Cy/)
    assert.match(texts(cleared), /LIST_REMOVE/)
    await client.close()
  })

  test('a signed flash cookie shows on the next page load once, and clears itself; a forged one shows nothing', async () => {
    const signed = getEngine().signFlash(JSON.stringify({ info: 'Welcome back' }))
    const response = await fetch(base, { headers: { cookie: `${FLASH_COOKIE}=${encodeURIComponent(signed)}` } })
    const page = await response.text()
    assert.match(page, /Welcome back/)
    assert.match(response.headers.get('set-cookie') ?? '', new RegExp(`${FLASH_COOKIE}=; Path=/; Max-Age=0`))
    // The live session starts with it too (the page's token carries it).
    const { client, joinReply } = await LiveClient.join(base, /data-ts-token="([^"]+)"/.exec(page)![1], page)
    assert.doesNotMatch(texts(joinReply), /Welcome back/) // nothing to patch: the page shows it already
    const reply = await client.event('clearFlash', { kind: 'info' })
    assert.match(texts(reply), /LIST_REMOVE/)
    await client.close()
    const forged = await (await fetch(base, { headers: { cookie: `${FLASH_COOKIE}=${encodeURIComponent(signed.slice(0, -3) + 'AAA')}` } })).text()
    assert.doesNotMatch(forged, /Welcome back/)
  })
})
