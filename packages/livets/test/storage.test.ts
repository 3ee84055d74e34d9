// storage (docs/storage.md): the app's own data, kept by the server's session store — in memory and
// a file by default (a restart reads it back), in Redis when configured (every process sees it).
// A view reads it in its first render and in its live session alike.
process.env.LIVETS_SECRET ??= 'storage-test-secret-0123456789abcdef'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { createClient } from '@redis/client'
import { LiveView, html, live, storage, type MountContext } from 'livets'
import { serve } from 'livets/node'
import { LiveClient } from 'livets/testing'
import { DATA_WRITE_DELAY_MS } from '../src/storage/app-data-store.ts'
import { startRedis, type RedisServer } from '../../../e2e/processes.ts'

/** A note kept under the list the page names: written by a click, read by every render of a later page. */
class Note extends LiveView<{ list: string; text: string }> {
  async mount(ctx: MountContext) {
    this.state = { list: ctx.query.list ?? 'default', text: '' }
    this.state.text = (await storage.get<{ text: string }>(`note:${this.state.list}`))?.text ?? '(none)'
  }
  async write({ text }: Record<string, string>) {
    await storage.set(`note:${this.state.list}`, { text })
    this.state.text = text
  }
  render() { return html`<p>${this.state.text}</p><button ts-on:click="write">write</button>` }
}

const app = new Hono()
app.get('/', live(Note))
const quiet = { error() {}, warn() {} }
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** The note a page's first render shows (without the engine's part markers). */
const noteOf = (page: string): string | undefined => /<p>(?:<!--ts\[\d+-->)?(.*?)(?:<!--ts\]-->)?<\/p>/.exec(page)?.[1]

describe('storage with the embedded store', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'livets-storage-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('what a handler sets, a later page reads in its first render — and after a restart', async () => {
    // Arrange
    const dataFile = join(dir, 'data.json')
    const first = await serve(app, { port: 0, dataFile, sessionFile: null, handleSignals: false, logger: quiet })
    const { client } = await LiveClient.connect(`http://127.0.0.1:${first.port}/?list=a`)

    // Act
    await client.event('write', { text: 'milk' })
    const page = await (await fetch(`http://127.0.0.1:${first.port}/?list=a`)).text()
    await wait(DATA_WRITE_DELAY_MS * 3)
    const onDisk = JSON.parse(readFileSync(dataFile, 'utf8'))
    client.close()
    await first.close()
    const second = await serve(app, { port: 0, dataFile, sessionFile: null, handleSignals: false, logger: quiet })
    const again = await (await fetch(`http://127.0.0.1:${second.port}/?list=a`)).text()
    const other = await (await fetch(`http://127.0.0.1:${second.port}/?list=b`)).text()
    await second.close()

    // Assert
    assert.equal(noteOf(page), 'milk')
    assert.deepEqual(onDisk, { 'note:a': '{"text":"milk"}' }) // written shortly after the change, not only at shutdown
    assert.equal(noteOf(again), 'milk')
    assert.equal(noteOf(other), '(none)')
  })

  test('a file that is not a storage file is moved aside, said so, and storage starts empty', async () => {
    // Arrange
    const dataFile = join(dir, 'broken.json')
    writeFileSync(dataFile, 'not json')
    const logs: string[] = []

    // Act
    const server = await serve(app, { port: 0, dataFile, sessionFile: null, handleSignals: false, logger: { error: (m) => logs.push(m), warn: (m) => logs.push(m) } })
    const page = await (await fetch(`http://127.0.0.1:${server.port}/?list=a`)).text()
    await server.close()

    // Assert
    assert.equal(noteOf(page), '(none)')
    assert.ok(logs.some((l) => /broken\.json is not a LiveTS storage file; it was moved aside/.test(l)), logs.join('\n'))
    assert.equal(readdirSync(dir).filter((f) => f.startsWith('broken.json.unreadable-')).length, 1)
    assert.equal(existsSync(dataFile), false)
  })

  test('keys and values that cannot be kept are refused, saying why', async () => {
    await assert.rejects(storage.set('', 1), /keys are strings of 1 to 256 characters/)
    await assert.rejects(storage.get('k'.repeat(257)), /keys are strings of 1 to 256 characters \(got 257 characters\)/)
    await assert.rejects(storage.set('k', undefined), /not JSON data \(got undefined\); use storage.delete/)
    await assert.rejects(storage.set('k', () => 1), /not JSON data \(got function\)/)
  })

  test('without a server (a script, livets/testing) the process keeps it in memory', async () => {
    await storage.set('loose', [1, 2])
    assert.deepEqual(await storage.get('loose'), [1, 2])
    await storage.delete('loose')
    assert.equal(await storage.get('loose'), undefined)
  })
})

describe('storage with Redis', () => {
  let redis: RedisServer
  before(async () => { redis = await startRedis() })
  after(async () => { await redis.stop() })

  test('is kept in Redis without a TTL, so another server on the same Redis reads it', async () => {
    // Arrange
    const first = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger: quiet })
    const { client } = await LiveClient.connect(`http://127.0.0.1:${first.port}/?list=shared`)

    // Act
    await client.event('write', { text: 'bread' })
    client.close()
    await first.close()
    const second = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger: quiet })
    const page = await (await fetch(`http://127.0.0.1:${second.port}/?list=shared`)).text()
    await storage.delete('note:shared')
    const direct = createClient({ url: redis.url })
    await direct.connect()
    const afterDelete = await direct.get('livets:data:note:shared')
    await direct.quit()
    await second.close()

    // Assert
    assert.equal(noteOf(page), 'bread')
    assert.equal(afterDelete, null)
  })

  test('while Redis is unreachable a write fails at once, saying so; nothing is queued to land later', async () => {
    // Arrange
    const logs: string[] = []
    const server = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger: { error: (m) => logs.push(m), warn: (m) => logs.push(m) } })
    await redis.stop()
    await wait(300)

    // Act
    const write = storage.set('note:x', { text: 'lost?' })

    // Assert
    await assert.rejects(write, /Redis is unreachable, so "note:x" could not be written; try again once it is back/)
    await server.close()
    redis = await startRedis()
  })
})
