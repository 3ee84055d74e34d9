// The scenarios of durable sessions and many processes (docs/scaling.md): what checkpoints cost,
// how fast pages come back after a SIGTERM or a dropped socket, and what a second process adds.
// Each starts a redis-server of its own (e2e/processes.ts) and the LiveTS bench app with it.
import { createClient } from '@redis/client'
import { LiveClient } from 'livets/testing'
import { CLOSE_SERVICE_RESTART, SESSION_RESTORED, SESSION_RESUMED } from '@livets/client/protocol'
import { startRedis, type RedisServer } from '../../e2e/processes.ts'
import { cpuSecondsOf, withServer, withServers, type ServerProcess } from '../lib/server-process.ts'
import { latencyMs, round, summarize } from '../lib/stats.ts'
import { lightConnection, openMany } from '../drivers/livets-client.ts'
import { BENCH_SECRET, startLiveTs } from './systems.ts'

/** The LIVETS_SECRET every bench process of one scenario shares. */

type Record_ = (scenario: string, system: string, row: Record<string, unknown>) => void

/** Runs `body` with a redis-server of its own, stopped afterwards. */
export async function withRedis<T>(body: (redis: RedisServer) => Promise<T>): Promise<T> {
  const redis = await startRedis()
  try { return await body(redis) } finally { await redis.stop() }
}

const shared = (redis: RedisServer, env: Record<string, string> = {}) => ({ LIVETS_REDIS_URL: redis.url, LIVETS_SECRET: BENCH_SECRET, ...env })

/** Bytes Redis has received so far (INFO stats). */
async function redisBytesIn(url: string): Promise<number> {
  const client = createClient({ url })
  await client.connect()
  try {
    const info = await client.info('stats')
    return Number(/total_net_input_bytes:(\d+)/.exec(info)![1])
  } finally {
    client.destroy()
  }
}

/**
 * S6: the cost of checkpointing. One connection, closed loop, the same events with checkpoints to
 * Redis (the default with Redis) and with `static persist = false`, in alternating rounds; the
 * lowest CPU of the rounds counts (the machine is shared: noise only adds).
 */
export async function checkpointCost(events: number, rounds: number, record: Record_): Promise<void> {
  const cases: Array<[string, string, string, (i: number) => [string, Record<string, string>]]> = [
    ['counter', 'checkpoints to Redis', '/counter', () => ['increment', {}]],
    ['counter', 'no checkpoints', '/counter-no-checkpoint', () => ['increment', {}]],
    ['todos100', 'checkpoints to Redis', '/todos100', (i) => ['toggle', { id: String(1 + (i % 100)) }]],
    ['todos100', 'no checkpoints', '/todos100-no-checkpoint', (i) => ['toggle', { id: String(1 + (i % 100)) }]],
  ]
  await withRedis((redis) => withServer(() => startLiveTs({ env: shared(redis) }), async (server) => {
    const best = new Map<string, Record<string, number>>()
    for (let round_ = 0; round_ < rounds; round_++) {
      for (const [view, mode, path, event] of cases) {
        const { client } = await LiveClient.connect(new URL(path, server.url).href)
        for (let i = 0; i < 200; i++) await client.event(...event(i)) // warm-up
        await new Promise((r) => setTimeout(r, 50))
        const [cpu0, redisCpu0, in0, down0] = [server.cpuSeconds(), cpuSecondsOf(redis.pid), await redisBytesIn(redis.url), client.bytesDown]
        for (let i = 0; i < events; i++) await client.event(...event(i))
        await new Promise((r) => setTimeout(r, 50)) // the last checkpoints reach Redis
        const row = {
          serverCpuUsPerEvent: (server.cpuSeconds() - cpu0) * 1e6 / events,
          redisCpuUsPerEvent: (cpuSecondsOf(redis.pid) - redisCpu0) * 1e6 / events,
          bytesToRedisPerEvent: ((await redisBytesIn(redis.url)) - in0) / events,
          bytesDownPerEvent: (client.bytesDown - down0) / events,
        }
        const key = `${view} ${mode}`
        const previous = best.get(key)
        if (!previous || row.serverCpuUsPerEvent < previous.serverCpuUsPerEvent) best.set(key, row)
        await client.close()
      }
    }
    for (const [view] of cases.filter((_, i) => i % 2 === 0)) {
      const on = best.get(`${view} checkpoints to Redis`)!, off = best.get(`${view} no checkpoints`)!
      record('S8-checkpoints', view, {
        events, rounds,
        cpuUsPerEventOn: round(on.serverCpuUsPerEvent, 1), cpuUsPerEventOff: round(off.serverCpuUsPerEvent, 1),
        cpuRatio: round(on.serverCpuUsPerEvent / off.serverCpuUsPerEvent, 2),
        redisCpuUsPerEvent: round(on.redisCpuUsPerEvent, 1),
        bytesToRedisPerEventOn: round(on.bytesToRedisPerEvent, 0), bytesToRedisPerEventOff: round(off.bytesToRedisPerEvent, 0),
        bytesDownPerEvent: round(on.bytesDownPerEvent, 1),
      })
    }
  }))
}

/**
 * S7: pages coming back. (1) `sessions` pages on process A, which gets SIGTERM: each page rejoins
 * process B as soon as its socket is closed with 1012, as the browser client does (it waits up to
 * 100 ms first; here it rejoins at once) — time from the signal to each page restored, and to the
 * last. (2) A dropped socket: the page rejoins the same process at once — time to the resumed page.
 */
export async function restoreTimes(sessions: number, drops: number, record: Record_): Promise<void> {
  await withRedis((redis) => withServers([() => startLiveTs({ env: shared(redis) }), () => startLiveTs({ env: shared(redis) })], async ([a, b]: ServerProcess[]) => {
    const pages = await openMany(sessions, () => LiveClient.connect(new URL('/counter', a.url).href).then((r) => r.client))
    await Promise.all(pages.map((page) => page.event('increment')))
    await new Promise((r) => setTimeout(r, 200)) // every checkpoint in Redis
    let signalled = 0
    let wrong = 0
    const restored = pages.map((page) => page.closed().then(async ({ code }) => {
      if (code !== CLOSE_SERVICE_RESTART) throw new Error(`closed with ${code}, not 1012`)
      const { client, joinReply } = await LiveClient.join(new URL('/counter', b.url).href, page.token, '', page.position)
      if (joinReply.session?.mode !== SESSION_RESTORED || !JSON.stringify(joinReply.ops).includes('>1<')) wrong++
      const at = performance.now() - signalled
      client.socket.terminate()
      return at
    }))
    signalled = performance.now()
    const stopped = a.stop()
    const times = await Promise.all(restored)
    await stopped
    record('S9-sigterm', 'livets', {
      sessions, notRestoredWithTheirState: wrong,
      lastRestoredMs: round(Math.max(...times), 1), restoredMs: latencyMs(summarize(times)),
    })

    const { client: first } = await LiveClient.connect(new URL('/counter', b.url).href)
    let page = first
    const resumeMs: number[] = []
    for (let i = 0; i < drops; i++) {
      await page.event('increment')
      await page.drop()
      const t = performance.now()
      const { client, joinReply } = await LiveClient.join(new URL('/counter', b.url).href, page.token, '', page.position)
      resumeMs.push(performance.now() - t)
      if (joinReply.session?.mode !== SESSION_RESUMED) throw new Error(`a dropped socket was not resumed (mode ${joinReply.session?.mode})`)
      page = client
    }
    await page.close()
    record('S9-resume', 'livets', { drops, resumeMs: latencyMs(summarize(resumeMs)) })
  }))
}

/**
 * S8: events per second with two processes against one on this 2-core machine: livets/cluster with
 * 1 and with 2 workers, free to use both cores, sharing Redis (checkpoints on); the load client
 * (pinned to core 0, as everywhere; light: pre-encoded events, replies counted) keeps every
 * connection busy — the next event leaves as soon as the previous reply arrived — so the figure is
 * what the servers complete at saturation. (A p99
 * target, as S1's throughput uses, ends the ramp at the first stall of this shared machine; a
 * saturated rate over several seconds is steadier.) The best of `rounds` counts.
 */
export async function processesThroughput(path: string, event: string, payloads: Array<Record<string, string>>,
  options: { connections: number; seconds: number; rounds: number }, record: Record_): Promise<void> {
  let opened = 0
  // Each connection starts at another payload (another todo to toggle).
  const open = (url: string) => lightConnection(url, event, [...payloads.slice(opened % payloads.length), ...payloads.slice(0, opened++ % payloads.length)])
  await withRedis(async (redis) => {
    for (const workers of [1, 2]) {
      await withServer(() => startLiveTs({ env: shared(redis, { WORKERS: String(workers) }), core: '0,1' }), async (server) => {
        const connections = await openMany(options.connections, () => open(new URL(path, server.url).href))
        await saturate(connections, 2) // warm-up: JIT, templates, socket buffers
        type Round = Awaited<ReturnType<typeof saturate>> & { cpu: Record<string, number> }
        let best: Round | undefined
        for (let round_ = 0; round_ < options.rounds; round_++) {
          const before = { server: server.cpuSeconds(), redis: cpuSecondsOf(redis.pid), client: process.cpuUsage() }
          const result = await saturate(connections, options.seconds)
          const events = result.eventsPerSecond * result.seconds
          const client = process.cpuUsage(before.client)
          // Where the two cores went, per event: what is left of 2 × the wall time went to other programs on this machine.
          const cpu = {
            server: (server.cpuSeconds() - before.server) * 1e6 / events,
            redis: (cpuSecondsOf(redis.pid) - before.redis) * 1e6 / events,
            client: (client.user + client.system) / events,
            available: 2 * result.seconds * 1e6 / events,
          }
          if (!best || result.eventsPerSecond > best.eventsPerSecond) best = { ...result, cpu }
        }
        record(`S10-processes${path.replace('/', '-')}`, `${workers} process${workers > 1 ? 'es' : ''}`, {
          connections: options.connections, seconds: options.seconds, rounds: options.rounds,
          eventsPerSecond: Math.round(best!.eventsPerSecond), latencyMs: latencyMs(summarize(best!.latencies)),
          serverCpuUsPerEvent: round(best!.cpu.server, 1), redisCpuUsPerEvent: round(best!.cpu.redis, 1),
          clientCpuUsPerEvent: round(best!.cpu.client, 1), twoCoresUsPerEvent: round(best!.cpu.available, 1),
        })
        for (const c of connections) c.close()
      })
    }
  })
}

/** Every connection sends its next event as soon as its previous one was answered, for `seconds`. */
async function saturate(connections: Array<{ send(): Promise<void> }>, seconds: number): Promise<{ eventsPerSecond: number; seconds: number; latencies: ArrayLike<number> }> {
  const latencies: number[] = []
  const start = performance.now()
  const end = start + seconds * 1000
  await Promise.all(connections.map(async (connection) => {
    while (performance.now() < end) {
      const t = performance.now()
      await connection.send()
      latencies.push(performance.now() - t)
    }
  }))
  const elapsed = (performance.now() - start) / 1000
  return { eventsPerSecond: latencies.length / elapsed, seconds: elapsed, latencies }
}
