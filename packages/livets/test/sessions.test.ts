// Sessions that outlive their socket and their process, spoken to at the protocol level: resume
// with exactly the missed frames, exactly-once events, refused credentials, restore from a
// checkpoint after a graceful restart, rollback of failed handlers, and handler timeouts.
import { after, before, describe, test } from 'node:test'
import diagnostics from 'node:diagnostics_channel'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { CHANNEL, LiveView, broadcast, html, live, type ErrorMessage, type MountContext } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient, pageToken } from 'livets/testing'
import {
  CLOSE_BAD_TOKEN, CLOSE_MOUNT_FAILED, CLOSE_RESUME_REFUSED, CLOSE_SERVICE_RESTART, ERROR_HANDLER_FAILED, SESSION_FRESH, SESSION_RESTORED, SESSION_RESUMED,
  SESSION_RESYNCED,
} from '@livets/client/protocol'
import { until } from './fixtures/until.ts'

let mounts = 0
let restoredMounts = 0

class Tally extends LiveView<{ count: number; heard: string[]; note: string }> {
  mount(ctx: MountContext) {
    mounts++
    if (ctx.restored) restoredMounts++
    this.state = { count: 0, heard: [], note: '' }
    this.subscribe('tally')
  }
  increment() { this.state.count++ }
  half() { this.state.count = -1; throw new Error('half-way') }
  async hang() { this.state.note = 'hanging'; await new Promise(() => {}) }
  handleInfo(message: string) { this.state.heard.push(message) }
  render() {
    return html`<p><b>${this.state.count}</b> <i>${this.state.heard.join(',')}</i> <u>${this.state.note}</u>
<button ts-on:click="increment">+</button><button ts-on:click="half">½</button><button ts-on:click="hang">…</button></p>`
  }
}

class Fragile extends LiveView<{ count: number }> {
  static persist = false
  mount() { mounts++; this.state = { count: 0 } }
  increment() { this.state.count++ }
  half() { this.state.count = -1; throw new Error('half-way') }
  render() { return html`<p>${this.state.count}<button ts-on:click="increment">+</button><button ts-on:click="half">½</button></p>` }
}

class Clock extends LiveView<{ at: Date }> {
  mount() { this.state = { at: new Date(0) } }
  tick() { this.state.at = new Date(1) }
  render() { return html`<button ts-on:click="tick">${this.state.at.getTime()}</button>` }
}

/** How the next version of Shape reads its state: as it did, with another shape, or not at all. */
let shapeVersion: 'count' | 'tally' | 'broken' = 'count'

class Shape extends LiveView<any> {
  mount() { this.state = shapeVersion === 'tally' ? { tally: { value: 0 } } : { count: 0 } }
  increment() { if (shapeVersion === 'tally') this.state.tally.value++; else this.state.count++ }
  render() {
    if (shapeVersion === 'broken') throw new Error('broken whatever the state')
    return html`<p>${shapeVersion === 'tally' ? this.state.tally.value : this.state.count}</p><button ts-on:click="increment">+</button>`
  }
}

const logs: string[] = []
const logger = { error: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) }
const app = new Hono()
app.get('/', live(Tally))
app.get('/fragile', live(Fragile))
app.get('/clock', live(Clock))
app.get('/shape', live(Shape))
const sessionFile = join(mkdtempSync(join(tmpdir(), 'livets-sessions-')), 'sessions.json')
let server: LiveServer
let base: string

const start = async (port = 0): Promise<LiveServer> => {
  const s = await serve(app, { port, logger, sessionFile, handleSignals: false, handlerTimeoutMs: 200, dev: true })
  base = `http://127.0.0.1:${s.port}/`
  return s
}
before(async () => { server = await start() })
after(() => server.close())

/** A graceful restart on the same port, the next process running `version` of Shape. */
async function restart(version: typeof shapeVersion = shapeVersion): Promise<void> {
  const port = Number(new URL(base).port)
  await server.close()
  shapeVersion = version
  server = await start(port)
}

/** `clicks` increments on /shape, then a restart into `version`: the client that made them. */
async function clickThenRestartAs(clicks: number, version: typeof shapeVersion): Promise<LiveClient> {
  shapeVersion = 'count'
  const { client } = await LiveClient.connect(`${base}shape`)
  for (let i = 0; i < clicks; i++) await client.event('increment')
  await restart(version)
  return client
}

describe('sessions', () => {
  test('a dropped socket resumes the same view: the broadcasts sent meanwhile arrive in order, nothing twice', async () => {
    const { client, joinReply } = await LiveClient.connect(base)
    assert.equal(joinReply.session?.mode, SESSION_FRESH)
    await client.event('increment')
    const mountsBefore = mounts
    await client.drop()
    await new Promise((r) => setTimeout(r, 20))
    for (const word of ['one', 'two', 'three']) broadcast('tally', word)
    await new Promise((r) => setTimeout(r, 20))

    const { client: again, joinReply: resumed } = await LiveClient.join(base, client.token, '', client.position)
    const replayed: string[] = []
    while (replayed.length < 3) replayed.push(JSON.stringify((await again.nextPush()).ops))

    assert.equal(resumed.session?.mode, SESSION_RESUMED)
    assert.deepEqual(resumed.ops, [], 'a resume re-renders nothing')
    assert.deepEqual(replayed, ['[["SET_TEXT",1,"one"]]', '[["SET_TEXT",1,"one,two"]]', '[["SET_TEXT",1,"one,two,three"]]'])
    assert.equal(mounts, mountsBefore, 'the view was not mounted again')
    const reply = await again.event('increment')
    assert.deepEqual(reply.ops, [['SET_TEXT', 0, '2']], 'the same view instance, count 1 → 2')
    await again.close()
  })

  test('an event sent as the link drops is applied exactly once, whether or not it arrived', async () => {
    // It arrived and was handled, but its reply was lost with the socket: the reply is replayed, the resent copy dropped.
    const { client } = await LiveClient.connect(base)
    client.eventNoWait('increment')
    await new Promise((r) => setTimeout(r, 30))
    await client.drop()
    const replyLost = { ...client.position, applied: client.position.applied - 1, nextEvent: client.position.nextEvent - 1 }
    const { client: again } = await LiveClient.join(base, client.token, '', replyLost, [['increment', {}]])
    assert.deepEqual((await again.event('increment')).ops, [['SET_TEXT', 0, '2']], 'the first click and this one: the copy was dropped')
    await again.drop()

    // It never left the page: sent after the resume, it counts.
    const { client: third } = await LiveClient.join(base, client.token, '', again.position, [['increment', {}]])
    assert.deepEqual((await third.event('increment')).ops, [['SET_TEXT', 0, '4']])
    await third.close()
  })

  test('a resume with a forged credential, another page\'s credential or frame numbers from the future is refused with 4410', async () => {
    const { client } = await LiveClient.connect(base)
    const { client: other } = await LiveClient.connect(base)
    await Promise.all([client.drop(), other.drop()])
    const forged = client.position.credential.slice(0, -4) + (client.position.credential.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    const attempts = [
      { ...client.position, credential: forged },
      { ...client.position, credential: other.position.credential },
      { ...client.position, applied: client.position.applied + 5 },
      { ...client.position, nextEvent: client.position.nextEvent + 3 },
    ]
    for (const position of attempts) {
      await assert.rejects(LiveClient.join(base, client.token, '', position), (e: { code: number }) => e.code === CLOSE_RESUME_REFUSED)
    }
    // The browser client then tries to join afresh, but the page token already started a session:
    // a replay is refused (4401) and the page reloads for a fresh token (docs/security.md).
    await assert.rejects(LiveClient.join(base, client.token), (e: { code: number }) => e.code === CLOSE_BAD_TOKEN)
  })

  test('past the outbox bound a resume re-renders the page whole (resynced), never an unbounded buffer', async () => {
    const { client } = await LiveClient.connect(base)
    await client.drop()
    await new Promise((r) => setTimeout(r, 20))
    for (let i = 0; i < 1_100; i++) broadcast('tally', 'x') // more than the 1,000 frames kept
    await new Promise((r) => setTimeout(r, 100))
    const { client: again, joinReply } = await LiveClient.join(base, client.token, '', client.position)
    assert.equal(joinReply.session?.mode, SESSION_RESYNCED)
    assert.equal(joinReply.ops.length, 1)
    assert.equal(joinReply.ops[0][0], 'ROOT_HTML')
    assert.match(String(joinReply.ops[0][1]), /x,x,x/)
    assert.deepEqual((await again.event('increment')).ops, [['SET_TEXT', 0, '1']])
    await again.close()
  })

  test('a graceful restart keeps the state: the new server restores the view from its checkpoint', async () => {
    const { client } = await LiveClient.connect(base)
    for (let i = 0; i < 42; i++) await client.event('increment')
    const closed = client.closed()
    const port = Number(new URL(base).port)
    await server.close()
    assert.equal((await closed).code, CLOSE_SERVICE_RESTART, 'pages are told to come back at once')

    server = await start(port)
    const restoredBefore = restoredMounts
    const { client: again, joinReply } = await LiveClient.join(base, client.token, '', client.position)
    assert.equal(joinReply.session?.mode, SESSION_RESTORED)
    assert.equal(restoredMounts, restoredBefore + 1, 'mount ran with ctx.restored')
    assert.match(JSON.stringify(joinReply.ops), /<b><!--ts\[0-->42<!--ts\]--><\/b>/)
    assert.deepEqual((await again.event('increment')).ops, [['SET_TEXT', 0, '43']])
    await again.close()
  })

  test('a checkpoint the new code cannot restore (its shape changed): the view mounts afresh, and says why', async () => {
    const errors: ErrorMessage[] = []
    const hear = (m: unknown) => errors.push(m as ErrorMessage)
    diagnostics.subscribe(CHANNEL.error, hear)
    try {
      const client = await clickThenRestartAs(3, 'tally')

      const { client: again, joinReply } = await LiveClient.join(`${base}shape`, client.token, '', client.position)
      assert.equal(joinReply.session?.mode, SESSION_FRESH, 'mounted afresh, not restored')
      assert.match(JSON.stringify(joinReply.ops), /<p><!--ts\[0-->0<!--ts\]--><\/p>/)
      assert.equal(errors.length, 1)
      assert.deepEqual([errors[0].view, errors[0].phase, errors[0].remounted], ['Shape', 'Shape.render()', true])
      assert.match(String(errors[0].error), /Cannot read properties of undefined \(reading 'value'\)/)
      assert.ok(logs.some((l) => l.includes('Shape: its saved state could not be restored (Shape.render() threw: Cannot read properties of undefined')), logs.join('\n'))
      assert.deepEqual((await again.event('increment')).ops, [['SET_TEXT', 0, '1']])
      await again.close()
    } finally {
      diagnostics.unsubscribe(CHANNEL.error, hear)
      shapeVersion = 'count'
    }
  })

  test('a version that cannot render at all keeps the checkpoint for the next one, which restores it', async () => {
    const client = await clickThenRestartAs(4, 'broken')
    await assert.rejects(LiveClient.join(`${base}shape`, client.token, '', client.position), (e: { code: number }) => e.code === CLOSE_MOUNT_FAILED)
    await assert.rejects(LiveClient.join(`${base}shape`, client.token, '', client.position), (e: { code: number }) => e.code === CLOSE_MOUNT_FAILED, 'and again')

    await restart('count') // the fix is saved: the next process starts
    const { client: again, joinReply } = await LiveClient.join(`${base}shape`, client.token, '', client.position)
    assert.equal(joinReply.session?.mode, SESSION_RESTORED)
    assert.match(JSON.stringify(joinReply.ops), /<p><!--ts\[0-->4<!--ts\]--><\/p>/)
    await again.close()
  })

  test('a handler that throws leaves no half-change: the state rolls back to before the event', async () => {
    const { client } = await LiveClient.connect(base)
    await client.event('increment')
    const failed = await client.event('half')
    assert.equal(failed.error?.code, ERROR_HANDLER_FAILED)
    assert.ok(logs.some((l) => l.includes('Tally.half() threw: half-way')))
    assert.deepEqual((await client.event('increment')).ops, [['SET_TEXT', 0, '2']], '1 + 1, not -1 + 1')
    await client.close()
  })

  test('a view that keeps no checkpoint (persist = false) mounts again when a handler throws', async () => {
    const { client } = await LiveClient.connect(`${base}fragile`)
    await client.event('increment')
    const mountsBefore = mounts
    assert.equal((await client.event('half')).error?.code, ERROR_HANDLER_FAILED)
    await until(() => mounts === mountsBefore + 1, 'the view mounted again')
    const reply = await client.event('increment')
    assert.deepEqual(reply.ops, [['SET_TEXT', 0, '1']], 'a fresh mount: 0 + 1')
    await client.close()
  })

  test('a handler that never settles is given up on after the timeout; heartbeats are answered meanwhile', async () => {
    const { client } = await LiveClient.connect(base)
    const hung = client.event('hang')
    const heartbeat = new Promise<void>((resolve) => client.socket.once('message', () => resolve()))
    client.heartbeat()
    await heartbeat // the HEARTBEAT_ACK came while the handler was still running
    const answer = await hung
    assert.equal(answer.error?.code, ERROR_HANDLER_FAILED)
    assert.ok(logs.some((l) => l.includes('Tally.hang() still running after 200 ms')))
    assert.deepEqual((await client.event('increment')).ops, [['SET_TEXT', 0, '1']], 'the queue moved on, and the half-change was rolled back')
    await client.close()
  })

  test('in development, state that JSON would not bring back is reported with its path', async () => {
    const { client } = await LiveClient.connect(`${base}clock`)
    await client.event('tick')
    assert.ok(logs.some((l) => l.includes('Clock: state.at is a Date, which JSON does not bring back')), logs.join('\n'))
    await client.close()
  })

  test('a page token is not a session credential', async () => {
    const html = await (await fetch(base)).text()
    const token = pageToken(html)
    await assert.rejects(LiveClient.join(base, token, '', { credential: token, applied: 0, nextEvent: 1 }), (e: { code: number }) => e.code === CLOSE_RESUME_REFUSED)
  })
})
