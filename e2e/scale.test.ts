// Many processes, real ones (docs/scaling.md): a redis-server of the test's own, the app of
// e2e/fixtures/cluster-app.ts in child processes, Chromium where a person would see the result.
// Processes are started in parallel and shared by the tests that can share them.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { get } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { LiveClient } from 'livets/testing'
import { CLIENT_PATH } from '@livets/client/protocol'
import { launchBrowser, settled } from './browser.ts'
import { connectionsTo, freePort, roundRobinProxy, startApp, startChild, startRedis, type Child, type RedisServer } from './processes.ts'

const APP = 'e2e/fixtures/cluster-app.ts'
const SECRET = 'e2e-scale-shared-secret-0123456789'
/** Short, so that a killed process's users leave within a few seconds. */
const PRESENCE_TTL_MS = 1500

let redis: RedisServer
let browser: Browser
const children: Child[] = []

const app = async (env: Record<string, string | undefined> = {}): Promise<Child> => {
  const child = await startApp(APP, { LIVETS_REDIS_URL: redis.url, LIVETS_SECRET: SECRET, PRESENCE_TTL_MS: String(PRESENCE_TTL_MS), ...env })
  children.push(child)
  return child
}

before(async () => {
  redis = await startRedis()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await Promise.all(children.map((child) => child.kill('SIGKILL')))
  await redis?.stop()
})

/** e2e/fixtures/cluster-app.ts under livets/cluster with two workers on a free port; ready once both listen. */
async function startCluster(): Promise<Child> {
  const cluster = await startChild('node', ['--conditions=livets-source', '--import', 'tsx', APP], /listening on (http:\S+)[^]*listening on http:/,
    { PORT: String(await freePort()), WORKERS: '2', LIVETS_REDIS_URL: redis.url, LIVETS_SECRET: SECRET, PRESENCE_TTL_MS: String(PRESENCE_TTL_MS) })
  children.push(cluster)
  return cluster
}

async function open(url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(url)
  await settled(page)
  return page
}

const textOf = (page: Page, selector: string) => page.textContent(selector)
const waitText = (page: Page, selector: string, expected: string, timeout = 5_000) =>
  page.waitForFunction(([s, e]) => document.querySelector(s)?.textContent === e, [selector, expected] as const, { timeout })

async function say(page: Page, text: string): Promise<void> {
  await page.fill('input[name=text]', text)
  await page.press('input[name=text]', 'Enter')
}

describe('two processes sharing Redis', () => {
  let a: Child
  let b: Child
  let ada: Page
  let bob: Page

  before(async () => { [a, b] = await Promise.all([app(), app()]) })

  test('two browsers on two processes: a chat message from each reaches both, and presence lists both', async () => {
    ada = await open(`${a.url}room?name=ada`)
    bob = await open(`${b.url}room?name=bob`)
    await Promise.all([waitText(ada, '#online', 'ada,bob'), waitText(bob, '#online', 'ada,bob')])

    await say(ada, 'hello from ada')
    await say(bob, 'hello from bob')
    for (const page of [ada, bob]) {
      await page.waitForFunction(() => document.querySelectorAll('#messages li').length === 2)
      const messages = await page.locator('#messages li').allTextContents()
      assert.deepEqual([...messages].sort(), ['ada: hello from ada', 'bob: hello from bob'])
    }
  })

  test('one user in two tabs is one key with two metas; closing a tab leaves at once', async () => {
    const second = await open(`${b.url}room?name=ada`)
    await Promise.all([waitText(ada, '#tabs', 'ada×2,bob×1'), waitText(bob, '#tabs', 'ada×2,bob×1')])
    await second.close()
    await Promise.all([waitText(ada, '#tabs', 'ada×1,bob×1'), waitText(bob, '#tabs', 'ada×1,bob×1')])
  })

  test('broadcasts from a process reach every subscriber of another exactly once, in the order they were sent', async () => {
    const { client: sender } = await LiveClient.connect(`${a.url}room?name=sender`)
    const { client: hearer } = await LiveClient.connect(`${b.url}room?name=hearer`)
    const pushes: string[] = []
    const heard = (async () => {
      while (pushes.filter((p) => p.includes('sender: #')).length < 50) pushes.push(JSON.stringify((await hearer.nextPush()).ops))
    })()
    for (let i = 1; i <= 50; i++) sender.eventNoWait('send', { text: `#${i}` })
    await heard
    await new Promise((r) => setTimeout(r, 200)) // a duplicate would arrive by now
    const numbers = pushes.join('').match(/sender: #\d+/g)!.map((m) => Number(m.slice(9)))
    assert.deepEqual(numbers, Array.from({ length: 50 }, (_, i) => i + 1))
    assert.equal(hearer.frames.filter((f) => f[0] === 0x84 && Buffer.from(f).includes('sender: #')).length, 50)
    await Promise.all([sender.close(), hearer.close()])
  })

  test(`the users of a process killed with -9 leave the others' presence within its TTL (${PRESENCE_TTL_MS} ms here)`, async () => {
    await waitText(ada, '#online', 'ada,bob')
    const killed = Date.now()
    await b.kill('SIGKILL')
    await waitText(ada, '#online', 'ada', PRESENCE_TTL_MS * 3)
    const elapsed = Date.now() - killed
    assert.ok(elapsed >= PRESENCE_TTL_MS / 2, `left after ${elapsed} ms: not before the heartbeat could have expired`)
  })
})

describe('no sticky sessions', () => {
  test('behind a round-robin proxy, a page whose process is killed with -9 continues on another with its last state', async () => {
    const [one, two] = await Promise.all([app(), app()])
    const proxy = await roundRobinProxy([one, two].map((c) => ({ host: '127.0.0.1', port: Number(new URL(c.url).port) })))
    try {
      const page = await open(`${proxy.url}counter`)
      for (let i = 1; i <= 3; i++) {
        await page.getByRole('button', { name: '+' }).click()
        await waitText(page, '#count', String(i))
      }
      const holder = Number(await textOf(page, '#pid'))
      assert.ok([one.pid, two.pid].includes(holder))
      await new Promise((r) => setTimeout(r, 100)) // checkpoints reach Redis within 20 ms (docs/scaling.md)
      await [one, two].find((c) => c.pid === holder)!.kill('SIGKILL')

      await page.waitForFunction((pid) => document.querySelector('#pid')?.textContent !== String(pid), holder, { timeout: 10_000 })
      await settled(page)
      assert.equal(await textOf(page, '#count'), '3', 'the state of the last event, restored from Redis')
      await page.getByRole('button', { name: '+' }).click()
      await waitText(page, '#count', '4')
      assert.ok(new Set(proxy.routed).size === 2, `the proxy used both processes (${proxy.routed})`)
    } finally {
      await proxy.close()
    }
  })

  test('livets/cluster: workers on one port; a page\'s GET and its socket may reach different workers; a killed worker is replaced', async () => {
    const cluster = await startCluster()
    const pages: Page[] = []
    let crossed = 0
    // Which worker takes a connection is the cluster's round robin (the next free worker), and
    // Chromium's extra connections (preconnects, assets) can line a page's GET and its socket up
    // on one worker: eight pages without a crossing failed a CI run. Every other page therefore
    // opens one connection more in between — a request of the test's own, made before the page
    // gets its client script (which opens the socket) — and pages keep coming until one crossed
    // (about a third of pages do; at most 24).
    const oneMoreConnection = () => new Promise<void>((resolve, reject) => {
      get(`${cluster.url}counter`, { agent: false }, (response) => { response.resume(); response.on('end', resolve) }).on('error', reject)
    })
    for (let i = 0; i < 24 && (i < 8 || crossed === 0); i++) {
      const page = await (await browser.newContext()).newPage()
      if (i % 2 === 1) await page.route(`**${CLIENT_PATH}`, async (route) => { await oneMoreConnection(); await route.continue() })
      const response = await page.goto(`${cluster.url}counter`)
      const renderedBy = /id="pid">(?:<!--[^>]*-->)?(\d+)/.exec(await response!.text())![1]
      await settled(page)
      if (await textOf(page, '#pid') !== renderedBy) crossed++
      await page.getByRole('button', { name: '+' }).click()
      await waitText(page, '#count', '1')
      pages.push(page)
    }
    assert.ok(crossed > 0, 'at least one page was rendered by one worker and joined on the other')
    // The workers reach Redis through the primary, which holds the machine's two connections
    // (backplane/redis-relay.ts): broadcasts, presence and the checkpoints restored below all went that way.
    const workerPids = [...new Set(await Promise.all(pages.map((page) => textOf(page, '#pid'))))].map(Number)
    assert.equal(workerPids.length, 2)
    assert.deepEqual(workerPids.map((pid) => connectionsTo(pid, redis.port)), [0, 0], 'no worker connects to Redis itself')
    assert.equal(connectionsTo(cluster.pid, redis.port), 2, 'the primary holds one connection for commands and one for the broadcast channel')

    const victim = Number(await textOf(pages[0], '#pid'))
    await new Promise((r) => setTimeout(r, 100)) // checkpoints reach Redis within 20 ms (docs/scaling.md)
    process.kill(victim, 'SIGKILL')
    await pages[0].waitForFunction((pid) => document.querySelector('#pid')?.textContent !== String(pid), victim, { timeout: 10_000 })
    await settled(pages[0])
    assert.equal(await textOf(pages[0], '#count'), '1')
    await pages[0].getByRole('button', { name: '+' }).click()
    await waitText(pages[0], '#count', '2')
    await assertEventually(() => /worker \d+ died \(SIGKILL\); starting another/.test(cluster.output()), 'the primary replaced the worker')
    await assertEventually(() => (cluster.output().match(/listening on/g) ?? []).length === 3, 'the new worker listens')

    await cluster.kill('SIGTERM')
    assert.equal(await cluster.exited, 0, 'SIGTERM stops the workers gracefully and the primary exits')
  })
})

describe('processes that do not share LIVETS_SECRET refuse to start, saying what to set', () => {
  const refusal = async (env: Record<string, string | undefined>): Promise<string> => {
    const error = await startApp(APP, { LIVETS_REDIS_URL: redis.url, ...env }).then(
      (child) => { children.push(child); return undefined },
      (e: Error) => e.message)
    assert.match(error ?? '', /exited with 1 before it was ready/)
    assert.ok(error, 'it started')
    return error
  }

  test('a cluster of several workers (and one without Redis), a process with Redis, and a process whose secret differs from the running ones\'', async () => {
    const running = await app()
    const [cluster, clusterWithoutRedis, noSecret, otherSecret] = await Promise.all([
      refusal({ WORKERS: '2', LIVETS_SECRET: undefined }),
      refusal({ WORKERS: '2', LIVETS_SECRET: SECRET, LIVETS_REDIS_URL: undefined }),
      refusal({ LIVETS_SECRET: undefined }),
      refusal({ LIVETS_SECRET: 'another-secret-entirely-0123456789' }),
    ])
    assert.match(cluster, /LIVETS_SECRET is not set, and livets\/cluster starts 2 workers/)
    assert.match(clusterWithoutRedis, /node:cluster worker without Redis[^]*Configure Redis with serve\(app, \{ redis[^]*stopping the cluster/)
    assert.match(noSecret, /LIVETS_SECRET is not set, and Redis is configured/)
    assert.match(otherSecret, /sign with another LIVETS_SECRET/)
    for (const message of [cluster, noSecret, otherSecret]) assert.match(message, /Set LIVETS_SECRET to the same value in every process/)
    await running.kill()
  })
})

describe('Redis down', () => {
  test('each process goes on alone and logs it once; when Redis is back, broadcasts cross again', async () => {
    const [p, q] = await Promise.all([app(), app()])
    const join = (child: Child, name: string) => LiveClient.connect(`${child.url}room?name=${name}`).then((r) => r.client)
    const [x1, x2, y] = await Promise.all([join(p, 'x1'), join(p, 'x2'), join(q, 'y')])

    await redis.stop()
    for (let i = 1; i <= 20; i++) await x1.event('send', { text: `alone ${i}` })
    // Both views of p heard all twenty: the process's own pub/sub does not need Redis.
    for (const client of [x1, x2]) {
      await assertEventually(() => client.frames.some((f) => Buffer.from(f).includes('x1: alone 20')), 'p\'s views heard p\'s broadcasts')
    }
    assert.equal((p.output().match(/is unreachable/g) ?? []).length, 1, p.output())

    await redis.restart()
    await assertEventually(() => /is back after/.test(p.output()) && /is back after/.test(q.output()), 'both processes reconnected')
    await x1.event('send', { text: 'back again' })
    // Presence diffs (x1 and x2 written again to the new Redis) may come first.
    while (!JSON.stringify((await y.nextPush()).ops).includes('x1: back again'));
    assert.ok(!y.frames.some((f) => Buffer.from(f).includes('alone')), 'q did not hear what was said while Redis was down')
    assert.match(p.output(), /20 broadcast\(s\)/)
    await Promise.all([x1.close(), x2.close(), y.close()])
  })

  test('in a livets/cluster, whose workers reach Redis through the primary, each worker logs the outage once and its end', async () => {
    const cluster = await startCluster()
    const count = (pattern: RegExp) => (cluster.output().match(pattern) ?? []).length
    const room = await LiveClient.connect(`${cluster.url}room?name=z`).then((r) => r.client)

    await redis.stop()
    await assertEventually(() => count(/is unreachable/g) === 2, 'both workers logged the outage')
    await room.event('send', { text: 'alone' })
    await redis.restart()
    await assertEventually(() => count(/is back after/g) === 2, 'both workers heard that Redis is back')
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(count(/is unreachable/g), 2, 'logged once per worker, not once per retry')
    assert.doesNotMatch(cluster.output(), /Redis at \S+: /, 'no command failed once Redis was back')
    // Broadcasts go through Redis again (two new views, on either worker).
    const [first, second] = await Promise.all([1, 2].map(() => LiveClient.connect(`${cluster.url}room?name=w`).then((r) => r.client)))
    await first.event('send', { text: 'back again' })
    while (!JSON.stringify((await second.nextPush()).ops).includes('w: back again'));
    await Promise.all([room.close(), first.close(), second.close()])
    await cluster.kill('SIGTERM')
  })
})

async function assertEventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) assert.fail(`not reached in ${timeoutMs} ms: ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
