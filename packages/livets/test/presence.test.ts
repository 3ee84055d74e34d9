// Presence in one process, spoken to over real sockets: track/untrack, handlePresence diffs, one key
// with a meta per tab, leaves when a session ends, and what track() refuses. With Redis and many
// processes: redis.test.ts and e2e/scale.test.ts.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { LiveView, html, live, presence, syncPresence, type EventPayload, type MountContext, type PresenceDiff, type PresenceList } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient } from 'livets/testing'

/** Tracks itself on the topic as ?name=, and shows who is there: "key:meta.tab+meta.tab …". */
class Member extends LiveView<{ name: string; online: PresenceList<{ tab: string }>; leaves: number }> {
  async mount(ctx: MountContext) {
    this.state = { name: ctx.query.name ?? '', online: {}, leaves: 0 }
    if (!ctx.connected) return
    this.subscribe('hall')
    if (this.state.name) this.track('hall', this.state.name, { tab: ctx.query.tab ?? '1' })
    this.state.online = await presence('hall')
  }
  away() { this.untrack('hall', this.state.name) }
  retab({ tab }: EventPayload) { this.track('hall', this.state.name, { tab }) }
  bad({ what }: EventPayload) {
    if (what === 'ref') this.track('hall', 'x', { ref: 'mine' })
    if (what === 'date') this.track('hall', 'x', { since: new Date() })
    if (what === 'key') this.track('hall', '', {})
  }
  handlePresence(diff: PresenceDiff<{ tab: string }>) {
    this.state.online = syncPresence(this.state.online, diff)
    this.state.leaves += Object.values(diff.leaves).reduce((n, { metas }) => n + metas.length, 0)
  }
  render() {
    const { online } = this.state
    const shown = Object.keys(online).sort().map((key) => `${key}:${online[key].metas.map((m) => m.tab).sort().join('+')}`).join(' ')
    return html`<p>${shown}</p><i>${this.state.leaves}</i>
<button ts-on:click="away">away</button><button ts-on:click="retab">retab</button><button ts-on:click="bad">bad</button>`
  }
}

const logs: string[] = []
let server: LiveServer
let base: string

before(async () => {
  const app = new Hono()
  app.get('/', live(Member))
  server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, retentionMs: 50, logger: { error: (m, e) => logs.push(`${m} ${e}`), warn: (m) => logs.push(m) } })
  base = `http://127.0.0.1:${server.port}/`
})
after(() => server.close())

const join = (query: string) => LiveClient.connect(`${base}?${query}`).then((r) => r.client)
/** The watcher's list after its next push. */
const nextList = async (client: LiveClient) => JSON.stringify((await client.nextPush()).ops)

describe('presence in one process', () => {
  test('subscribers hear joins and leaves; one user in two tabs is one key with two metas', async () => {
    const watcher = await join('')
    let seen = nextList(watcher)
    const ada1 = await join('name=ada&tab=1')
    assert.match(await seen, /ada:1/)
    seen = nextList(watcher)
    const ada2 = await join('name=ada&tab=2')
    assert.match(await seen, /ada:1\+2/)
    const list = await presence<{ tab: string }>('hall')
    assert.deepEqual(Object.keys(list), ['ada'])
    assert.equal(list.ada.metas.length, 2)

    seen = nextList(watcher)
    await ada2.close()
    assert.match(await seen, /"ada:1"/, 'the closed tab left at once')
    assert.equal((await presence('hall')).ada.metas.length, 1)
    await Promise.all([ada1.close(), watcher.close()])
  })

  test('untrack leaves; tracking the same key again replaces its meta (a leave and a join in one diff)', async () => {
    const watcher = await join('')
    const bob = await join('name=bob&tab=a')
    await watcher.nextPush()
    let seen = nextList(watcher)
    await bob.event('retab', { tab: 'b' })
    assert.match(await seen, /bob:b/)
    const metas = (await presence<{ tab: string }>('hall')).bob.metas
    assert.deepEqual(metas.map((m) => m.tab), ['b'])
    seen = nextList(watcher)
    await bob.event('away')
    assert.doesNotMatch(await seen, /bob/)
    assert.equal((await presence('hall')).bob, undefined)
    await Promise.all([bob.close(), watcher.close()])
  })

  test('a session whose socket dropped leaves when its retention window ends, not before', async () => {
    const carol = await join('name=carol')
    await carol.drop()
    await new Promise((r) => setTimeout(r, 20))
    assert.ok((await presence('hall')).carol, 'still here while the page may come back')
    // The sweep runs every 5 s; wait for the session to end.
    for (let i = 0; i < 150 && (await presence('hall')).carol; i++) await new Promise((r) => setTimeout(r, 50))
    assert.equal((await presence('hall')).carol, undefined)
  })

  test('track() refuses what cannot be shown to other processes, saying why', async () => {
    const dan = await join('name=dan')
    for (const [what, message] of [['ref', /'ref' is set by LiveTS/], ['date', /meta\.since is a Date/], ['key', /the key must be a non-empty string/]] as const) {
      const reply = await dan.event('bad', { what })
      assert.ok(reply.error, `${what}: answered with an error`)
      assert.ok(logs.some((l) => message.test(l)), `${what}: logged ${message}`)
    }
    await dan.close()
  })

  test('a presence TTL too short to heartbeat is refused at start, saying why', async () => {
    await assert.rejects(serve(new Hono(), { port: 0, presenceTtlMs: 0, handleSignals: false }), /presenceTtlMs must be a whole number of at least 300 ms/)
  })

  test('syncPresence applies a diff: leaves by ref, a join seen twice counts once', () => {
    const list = { ada: { metas: [{ tab: '1', ref: 'n.1' }] } }
    const join2 = { joins: { ada: { metas: [{ tab: '2', ref: 'n.2' }] } }, leaves: {} }
    const twice = syncPresence(syncPresence(list, join2), join2)
    assert.deepEqual(twice.ada.metas.map((m) => m.ref), ['n.1', 'n.2'])
    const left = syncPresence(twice, { joins: {}, leaves: { ada: { metas: [{ tab: '1', ref: 'n.1' }] } } })
    assert.deepEqual(left, { ada: { metas: [{ tab: '2', ref: 'n.2' }] } })
    assert.deepEqual(syncPresence(left, { joins: {}, leaves: left }), {})
    assert.deepEqual(list.ada.metas.length, 1, 'the list given is not changed')
  })
})
