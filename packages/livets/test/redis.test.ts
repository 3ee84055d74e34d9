// One process with Redis configured, against a real redis-server of the test's own: broadcasts are
// delivered once here (the process's own message coming back from Redis is ignored), presence is read
// from Redis, checkpoints are written to Redis signed and with a TTL, and a checkpoint that waited
// out an outage is written when Redis is back. Many processes: e2e/scale.test.ts.
process.env.LIVETS_SECRET ??= 'redis-test-secret-0123456789abcdef'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { createClient } from '@redis/client'
import { LiveView, broadcast, html, live, presence, syncPresence, type MountContext, type PresenceDiff, type PresenceList } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient } from 'livets/testing'
import { SESSION_RESTORED } from '@livets/client/protocol'
import { startRedis, type RedisServer } from '../../../e2e/processes.ts'
import { until } from './fixtures/until.ts'

class Listener extends LiveView<{ heard: string[] }> {
  mount() { this.state = { heard: [] }; this.subscribe('news') }
  handleInfo(message: string) { this.state.heard.push(message) }
  render() { return html`<p>${this.state.heard.join(',')}</p>` }
}

class Visitor extends LiveView<{ online: PresenceList; diffs: number }> {
  async mount(ctx: MountContext) {
    this.state = { online: {}, diffs: 0 }
    if (!ctx.connected) return
    this.subscribe('lobby')
    if (ctx.query.name) this.track('lobby', ctx.query.name, { tab: ctx.query.tab ?? '1' })
    this.state.online = await presence('lobby')
  }
  handlePresence(diff: PresenceDiff) { this.state.online = syncPresence(this.state.online, diff); this.state.diffs++ }
  render() {
    const { online } = this.state
    return html`<p>${Object.keys(online).sort().map((key) => `${key}:${online[key].metas.map((m) => m.tab).sort().join('+')}`).join(' ')}</p>`
  }
}

class Tally extends LiveView<{ count: number }> {
  mount() { this.state = { count: 0 } }
  increment() { this.state.count++ }
  render() { return html`<b>${this.state.count}</b><button ts-on:click="increment">+</button>` }
}

const app = new Hono()
app.get('/listen', live(Listener))
app.get('/visit', live(Visitor))
app.get('/tally', live(Tally))

const logs: string[] = []
const logger = { error: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) }
let redis: RedisServer
let server: LiveServer
let base: string
let client: ReturnType<typeof createClient>

before(async () => {
  redis = await startRedis()
  server = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger })
  base = `http://127.0.0.1:${server.port}`
  client = createClient({ url: redis.url })
  client.on('error', () => {}) // the last test stops Redis under it
  await client.connect()
})
after(async () => {
  client.destroy()
  await server.close()
  await redis.stop()
})

const text = (reply: { ops: unknown[] }) => JSON.stringify(reply.ops)

describe('one process with Redis', () => {
  test('a broadcast reaches each subscriber here once: the copy that comes back from Redis is ignored', async () => {
    const [a, b] = await Promise.all([LiveClient.connect(`${base}/listen`), LiveClient.connect(`${base}/listen`)]).then((r) => r.map((x) => x.client))
    const pushes = Promise.all([a.nextPush(), b.nextPush()])
    assert.equal(broadcast('news', 'one'), 2)
    assert.deepEqual((await pushes).map(text), ['[["SET_TEXT",0,"one"]]', '[["SET_TEXT",0,"one"]]'])
    // A second message: had the first come back through Redis, this would be "one,one".
    const next = a.nextPush()
    broadcast('news', 'two')
    assert.equal(text(await next), '[["SET_TEXT",0,"one,two"]]')
    await Promise.all([a.close(), b.close()])
  })

  test('presence: one key with two metas (two tabs), read from Redis; a closed session leaves at once', async () => {
    const { client: watcher } = await LiveClient.connect(`${base}/visit`)
    const { client: tab1 } = await LiveClient.connect(`${base}/visit?name=ada&tab=1`)
    const { client: tab2 } = await LiveClient.connect(`${base}/visit?name=ada&tab=2`)
    await until(async () => (await presence('lobby')).ada?.metas.length === 2, 'two metas under ada')
    assert.equal(await client.hLen('livets:presence:lobby'), 2, 'both entries are in Redis')
    const list = await presence<{ tab: string }>('lobby')
    assert.deepEqual(Object.keys(list), ['ada'])
    assert.deepEqual(list.ada.metas.map((m) => m.tab).sort(), ['1', '2'])
    assert.notEqual(list.ada.metas[0].ref, list.ada.metas[1].ref)

    const left = watcher.nextPush()
    await tab2.close()
    assert.equal(text(await left), '[["SET_TEXT",0,"ada:1"]]', 'the watcher heard the leave of the closed tab')
    assert.equal(await client.hLen('livets:presence:lobby'), 1)
    await Promise.all([tab1.close(), watcher.close()])
    await until(async () => (await client.hLen('livets:presence:lobby')) === 0, 'every entry gone')
  })

  test('checkpoints go to Redis signed and with a TTL; a server that does not hold the session restores it from there', async () => {
    const { client: page } = await LiveClient.connect(`${base}/tally`)
    for (let i = 0; i < 3; i++) await page.event('increment')
    const bodyOf = (signed: string | null) => (signed ? signed.slice(signed.indexOf('\n') + 1) : '')
    let saved = ''
    await until(async () => {
      for (const key of await client.keys('livets:checkpoint:*')) {
        const value = await client.get(key)
        if (bodyOf(value).includes('"count":3')) { saved = key; return true }
      }
      return false
    }, 'the checkpoint with count 3 in Redis')
    const ttl = await client.pTTL(saved)
    assert.ok(ttl > 23 * 3600_000 && ttl <= 24 * 3600_000, `kept for a day (${ttl} ms)`)
    // What an idle page keeps in Redis: a 60-char seal (neither the session nor the digest in it),
    // then the JSON without the empty params, query and flash.
    const stored = (await client.get(saved))!
    assert.match(stored.slice(0, stored.indexOf('\n')), /^v3\.\d{13}\.[\w-]{43}$/)
    assert.doesNotMatch(bodyOf(stored), /"params"|"query"|"flash"/)
    await page.drop()

    // Another server in this process does not hold the session: it restores it from Redis.
    const other = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger })
    const { client: again, joinReply } = await LiveClient.join(`http://127.0.0.1:${other.port}/tally`, page.token, '', page.position)
    assert.equal(joinReply.session?.mode, SESSION_RESTORED)
    assert.match(text(joinReply), /3/)
    assert.equal(text(await again.event('increment')), '[["SET_TEXT",0,"4"]]')

    // A checkpoint changed in Redis is refused: the page mounts afresh.
    await until(async () => bodyOf(await client.get(saved)).includes('"count":4'), 'the checkpoint with count 4 in Redis')
    const signed = (await client.get(saved))!
    await again.drop()
    await client.set(saved, signed.replace('"count":4', '"count":99'), { expiration: 'KEEPTTL' })
    const third = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger })
    const { joinReply: fresh } = await LiveClient.join(`http://127.0.0.1:${third.port}/tally`, page.token, '', again.position)
    assert.notEqual(fresh.session?.mode, SESSION_RESTORED)
    assert.ok(logs.some((l) => l.includes('checkpoint could not be read') && l.includes('not the data that was signed')), 'the refusal is logged')
    await Promise.all([other.close(), third.close()])
  })

  test('a page nothing changed since its mount keeps no checkpoint: a server that does not hold it mounts it afresh, and its first change is stored', async () => {
    // Arrange: a page joins, is acknowledged live, and does nothing.
    const keys = async () => new Set(await client.keys('livets:checkpoint:*'))
    const before = await keys()
    const { client: page } = await LiveClient.connect(`${base}/tally`)
    await new Promise((r) => setTimeout(r, 60)) // past the store's 20 ms write batching
    // Assert: nothing of it in Redis.
    assert.equal((await keys()).size, before.size, 'no checkpoint for an unchanged page')
    await page.drop()

    // Act: it rejoins a server that does not hold it.
    const other = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger })
    const { client: again, joinReply } = await LiveClient.join(`http://127.0.0.1:${other.port}/tally`, page.token, '', page.position)
    // Assert: mounted afresh from its page, the same view showing the same count, and it goes on.
    assert.notEqual(joinReply.session?.mode, SESSION_RESTORED)
    assert.match(text(joinReply), /"0"|>0</)
    assert.equal(text(await again.event('increment')), '[["SET_TEXT",0,"1"]]')
    await until(async () => (await keys()).size === before.size + 1, 'the first change checkpointed')
    await again.close()
    await other.close()
  })

  test('a graceful shutdown closes the sockets only once the last checkpoints are in Redis: a page that rejoins elsewhere at once finds them', async () => {
    const leaving = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger })
    const { client: page } = await LiveClient.connect(`http://127.0.0.1:${leaving.port}/tally`)
    const staying = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger })
    // The page rejoins the other server the moment its socket is closed, as the browser client does after 1012.
    const rejoined = page.closed().then(() => LiveClient.join(`http://127.0.0.1:${staying.port}/tally`, page.token, '', { ...page.position, applied: page.position.applied + 1 }))
    page.eventNoWait('increment')
    await new Promise((r) => setTimeout(r, 5)) // received, not yet written to Redis (writes wait up to 20 ms)
    await leaving.close()
    const { client: again, joinReply } = await rejoined
    assert.equal(joinReply.session?.mode, SESSION_RESTORED)
    assert.match(text(joinReply), />1</, 'restored with the event handled just before the shutdown')
    await again.close()
    await staying.close()
  })

  test('while Redis is down checkpoints wait; the outage is logged once, and they are written when it is back', async () => {
    const { client: page } = await LiveClient.connect(`${base}/tally`)
    const brief = await serve(app, { port: 0, redis: redis.url, sessionFile: null, handleSignals: false, logger })
    const { client: briefPage } = await LiveClient.connect(`http://127.0.0.1:${brief.port}/tally`)
    const before = logs.length
    await redis.stop()
    for (let i = 0; i < 5; i++) await page.event('increment')
    // A server that stops meanwhile cannot write its pages' checkpoints, and says so.
    await briefPage.event('increment')
    await brief.close()
    assert.ok(logs.some((l) => l.includes('1 checkpoint(s) could not be written to Redis')), 'the lost checkpoint is reported')
    assert.equal(broadcast('news', 'alone'), 0) // no listener here; the broadcast is not sent elsewhere either
    await redis.restart()
    await until(() => logs.some((l) => l.includes('is back after')), 'the recovery line')
    const outage = logs.slice(before)
    assert.equal(outage.filter((l) => l.includes('is unreachable')).length, 1, outage.join('\n'))
    assert.match(outage.find((l) => l.includes('is back after'))!, /1 broadcast\(s\)/)
    await until(async () => (await client.keys('livets:checkpoint:*')).length === 1, 'the waiting checkpoint written to the new Redis')
    const [key] = await client.keys('livets:checkpoint:*')
    assert.match((await client.get(key))!, /"count":5/, 'the latest of the five')
    await page.close()
  })
})
