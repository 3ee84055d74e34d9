// npm run bench [-- --quick]: every scenario on every system, side by side in one run.
// The load client runs on core 0 (bench/run.sh pins it), each server on core 1.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import os from 'node:os'
import { execFileSync } from 'node:child_process'
import { summarize, round, ratio, latencyMs } from './lib/stats.ts'
import { collectGarbage, cpuSecondsOf, withServer, withServers, type ServerProcess } from './lib/server-process.ts'
import { runOpenLoop } from './drivers/open-loop.ts'
import { echoConnection, heartbeat, liveConnection, openMany, type BenchConnection } from './drivers/livets-client.ts'
import { launch, measureClicks } from './drivers/chromium.ts'
import { LiveClient } from 'livets/testing'
import WebSocket from 'ws'
import { io as ioClient } from 'socket.io-client'
import { BENCH_DIR, buildBlazor, startBlazor, startFloor, startLiveTs, startSocketIo } from './scenarios/systems.ts'
import { BENCH_SECRET, checkpointCost, processesThroughput, restoreTimes, withRedis } from './scenarios/scale.ts'
import { blazorDriver } from './scenarios/blazor.ts'
import { throughputAtP99 } from './scenarios/throughput.ts'
import { measureParseDiff } from './scenarios/parse.ts'
import { blazorCounterConnection } from './drivers/blazor-circuit.ts'
import { writeReport } from './report.ts'

const quick = process.argv.includes('--quick')
// --only S2,S4 runs those scenarios alone (for working on one; the report then holds only them)
const onlyIndex = process.argv.indexOf('--only')
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1]?.split(',') : undefined
const want = (scenario: string) => !only || only.includes(scenario)
const config = quick
  ? { idle: [200], loadConnections: 100, loadSeconds: 4, rttClicks: 1000, browserClicks: 20, formKeys: 2000, tableEvents: 60, listEvents: 30, parseRenders: 20, chatSubscribers: 200, chatMessages: 10,
      throughput: { connections: 50, rates: [1000, 4000, 8000], secondsPerStep: 1.5, p99TargetMs: 10 },
      checkpointEvents: 500, checkpointRounds: 1, restoreSessions: 200, resumeDrops: 50,
      processes: { connections: 50, seconds: 2, rounds: 1 } }
  : { idle: [1000, 10000], loadConnections: 1000, loadSeconds: 20, rttClicks: 5000, browserClicks: 100, formKeys: 5000, tableEvents: 500, listEvents: 200, parseRenders: 100, chatSubscribers: 1000, chatMessages: 50,
      throughput: { connections: 100, rates: [500, 1000, 2000, 3000, 4000, 6000, 8000, 12000, 16000], secondsPerStep: 4, p99TargetMs: 10 },
      checkpointEvents: 10000, checkpointRounds: 3, restoreSessions: 1000, resumeDrops: 200,
      processes: { connections: 200, seconds: 5, rounds: 3 } }

type Row = Record<string, unknown>
const results: Record<string, Record<string, Row>> = {}
const notes: string[] = []
const record = (scenario: string, system: string, row: Row) => { ((results[scenario] ??= {})[system] = row); console.log(scenario, system, JSON.stringify(row)) }


// ---- S1 single user: closed-loop round trips on one connection (issue 2's figure) ----
async function s1Single(system: string, start: () => Promise<ServerProcess>, open: (url: string) => Promise<BenchConnection>, path: string) {
  await withServer(start, async (server) => {
    const connection = await open(new URL(path, server.url).href)
    for (let i = 0; i < 100; i++) await connection.send() // warm-up
    const upBefore = connection.bytesUp(), downBefore = connection.bytesDown()
    const cpuBefore = server.cpuSeconds()
    const samples: number[] = []
    for (let i = 0; i < config.rttClicks; i++) {
      const t = performance.now()
      await connection.send()
      samples.push(performance.now() - t)
    }
    const cpu = server.cpuSeconds() - cpuBefore
    record('S1-single', system, {
      clicks: config.rttClicks,
      bytesUpPerEvent: (connection.bytesUp() - upBefore) / config.rttClicks,
      bytesDownPerEvent: (connection.bytesDown() - downBefore) / config.rttClicks,
      roundTripMs: latencyMs(summarize(samples)),
      serverCpuUsPerEvent: round(cpu * 1e6 / config.rttClicks, 1),
    })
    connection.close()
  })
}

// ---- S1 load: N connections, 1 event/s each, open loop ----
async function s1Load(system: string, start: () => Promise<ServerProcess>, open: (url: string) => Promise<BenchConnection>, path: string) {
  await withServer(start, async (server) => {
    const url = new URL(path, server.url).href
    const connections = await openMany(config.loadConnections, () => open(url))
    const cpuBefore = server.cpuSeconds()
    const result = await runOpenLoop(connections, 1, config.loadSeconds)
    const cpu = server.cpuSeconds() - cpuBefore
    record('S1-load', system, {
      connections: config.loadConnections, ratePerConnection: 1, seconds: config.loadSeconds,
      sent: result.sent, completed: result.completed, lateSends: result.lateSends,
      latencyMs: latencyMs(summarize(result.latenciesMs)),
      serverCpuUsPerEvent: round(cpu * 1e6 / Math.max(1, result.completed), 1),
    })
    for (const c of connections) c.close()
  })
}

// ---- S0 idle: memory per connection after a full GC ----
async function s0Idle(system: string, start: () => Promise<ServerProcess>, connect: (url: string) => Promise<{ close(): void; client?: LiveClient }>, path: string, n: number) {
  await withServer(start, async (server) => {
    const url = new URL(path, server.url).href
    // One connection first, so code paths and caches that every connection shares are warm.
    const warm = await connect(url)
    const before = await collectGarbage(server.url)
    const rssBefore = server.rssBytes()
    const connections = await openMany(n, () => connect(url), 100)
    const stopHeartbeat = heartbeat(connections.flatMap((c) => (c.client ? [c.client] : [])))
    await new Promise((r) => setTimeout(r, 2000))
    const after = await collectGarbage(server.url)
    const rssAfter = server.rssBytes()
    stopHeartbeat()
    record(`S0-idle-${n}`, system, {
      connections: n,
      serverReports: after.connections,
      rssBytesPerConnection: Math.round((rssAfter - rssBefore) / n),
      jsHeapBytesPerConnection: after.jsHeap !== undefined ? Math.round((after.jsHeap - before.jsHeap) / n) : null,
      managedHeapBytesPerConnection: after.managedHeap !== undefined ? Math.round((after.managedHeap - before.managedHeap) / n) : null,
    })
    for (const c of connections) c.close()
    warm.close()
  })
}

// ---- S5 form: 10 fields validated on each keystroke ----
async function s5Form(system: string, start: () => Promise<ServerProcess>) {
  await withServer(start, async (server) => {
    const { client } = await LiveClient.connect(new URL('/form', server.url).href)
    const upBefore = client.bytesUp, downBefore = client.bytesDown
    const cpuBefore = server.cpuSeconds()
    let text = ''
    for (let i = 0; i < config.formKeys; i++) {
      text = i % 8 === 7 ? '' : text + 'abcdefgh'[i % 8] // type, then clear: the error text comes and goes
      await client.event('validate', { field: `field${i % 10}`, value: text })
    }
    const cpu = server.cpuSeconds() - cpuBefore
    record('S5-form', system, {
      keystrokes: config.formKeys,
      bytesUpPerKeystroke: round((client.bytesUp - upBefore) / config.formKeys, 1),
      bytesDownPerKeystroke: round((client.bytesDown - downBefore) / config.formKeys, 1),
      serverCpuUsPerKeystroke: round(cpu * 1e6 / config.formKeys, 1),
    })
    await client.close()
  })
}

// ---- S2 table: one event at a time on a 1,000-row table ----
async function s2Table(system: string, start: () => Promise<ServerProcess>) {
  await withServer(start, async (server) => {
    const { client } = await LiveClient.connect(new URL('/table', server.url).href)
    const actions: Array<[string, (i: number) => [string, Record<string, string>]]> = [
      ['update one label', (i) => ['update', { index: String((i * 37) % 1000) }]],
      ['select a row', (i) => ['select', { id: String(1 + ((i * 53) % 1000)) }]],
      ['swap two rows', () => ['swap', {}]],
    ]
    const row: Row = { rows: 1000, events: config.tableEvents }
    for (const [label, event] of actions) {
      for (let i = 0; i < 20; i++) await client.event(...event(i)) // warm-up
      const downBefore = client.bytesDown
      const cpuBefore = server.cpuSeconds()
      for (let i = 0; i < config.tableEvents; i++) await client.event(...event(i))
      row[label] = {
        bytesDownPerEvent: round((client.bytesDown - downBefore) / config.tableEvents, 1),
        serverCpuUsPerEvent: round((server.cpuSeconds() - cpuBefore) * 1e6 / config.tableEvents, 1),
      }
    }
    record('S2-table', system, row)
    await client.close()
  })
}

// ---- S2 long list: append one item to 10,000 keyed items ----
async function s2List(system: string, start: () => Promise<ServerProcess>) {
  await withServer(start, async (server) => {
    const { client } = await LiveClient.connect(new URL('/list', server.url).href)
    for (let i = 0; i < 10; i++) await client.event('append') // warm-up
    const downBefore = client.bytesDown
    const cpuBefore = server.cpuSeconds()
    for (let i = 0; i < config.listEvents; i++) await client.event('append')
    record('S2-list', system, {
      items: 10_000, events: config.listEvents,
      bytesDownPerEvent: round((client.bytesDown - downBefore) / config.listEvents, 1),
      serverCpuUsPerEvent: round((server.cpuSeconds() - cpuBefore) * 1e6 / config.listEvents, 1),
    })
    await client.close()
  })
}

// ---- S4 chat: one message fanned out to every subscriber ----
/** A member of a fan-out: `arrival()` resolves when its next message arrives. */
interface FanoutMember { arrival(): Promise<number>; bytesDown(): number; close(): void }

/**
 * `starts`: one server, or several sharing Redis (members join them in turn, the sender the first);
 * their CPU is added up. `redisPid`: the Redis they share, whose CPU per message is reported too.
 */
async function s4Chat(system: string, starts: Array<() => Promise<ServerProcess>>, join: (url: string) => Promise<FanoutMember & { send(): Promise<void> }>, redisPid?: number) {
  await withServers(starts, async (servers) => {
    let joined = 0
    const members = await openMany(config.chatSubscribers, () => join(servers[joined++ % servers.length].url))
    const sender = members[0]
    const lastArrivalMs: number[] = []
    const downBefore = members.reduce((sum, m) => sum + m.bytesDown(), 0)
    const cpu = () => servers.reduce((sum, server) => sum + server.cpuSeconds(), 0)
    const cpuBefore = cpu()
    const redisBefore = redisPid === undefined ? 0 : cpuSecondsOf(redisPid)
    for (let m = 0; m < config.chatMessages; m++) {
      const arrivals = members.map((member) => member.arrival())
      const sent = performance.now()
      await sender.send()
      lastArrivalMs.push(Math.max(...(await Promise.all(arrivals))) - sent)
      await new Promise((r) => setTimeout(r, 100)) // let the machine settle between messages
    }
    const used = cpu() - cpuBefore
    const recipients = config.chatMessages * members.length
    record(servers.length > 1 ? 'S4-chat-processes' : 'S4-chat', system, {
      processes: servers.length, subscribers: members.length, messages: config.chatMessages,
      bytesDownPerRecipient: round((members.reduce((sum, m) => sum + m.bytesDown(), 0) - downBefore) / recipients, 1),
      lastSubscriberMs: latencyMs(summarize(lastArrivalMs)),
      serverCpuUsPerRecipient: round(used * 1e6 / recipients, 2),
      redisCpuUsPerMessage: redisPid === undefined ? null : round((cpuSecondsOf(redisPid) - redisBefore) * 1e6 / config.chatMessages, 1),
    })
    for (const member of members) member.close()
  })
}

let chatMessageNumber = 0
async function liveChatMember(url: string) {
  const { client } = await LiveClient.connect(new URL('/chat', url).href)
  return {
    arrival: () => client.nextPush().then(() => performance.now()),
    bytesDown: () => client.bytesDown,
    send: async () => { await client.event('send', { text: `message ${chatMessageNumber++} with a few words in it` }) },
    close: () => client.socket.terminate(),
  }
}

/** A Socket.IO member (socket.io-client over WebSocket, as a browser would connect). */
async function socketIoChatMember(url: string) {
  const socket = ioClient(url, { transports: ['websocket'], forceNew: true, reconnection: false })
  await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject) })
  let down = 0
  ;(socket.io.engine.transport as unknown as { ws: WebSocket }).ws.on('message', (data: Buffer) => { down += data.length })
  const waiting: Array<(at: number) => void> = []
  socket.on('message', () => { waiting.shift()?.(performance.now()) })
  return {
    arrival: () => new Promise<number>((resolve) => waiting.push(resolve)),
    bytesDown: () => down,
    send: async () => { socket.emit('send', `message ${chatMessageNumber++} with a few words in it`) },
    close: () => socket.disconnect(),
  }
}

/** The floor's fan-out carries a message as large as LiveTS's patch per recipient, measured just before. */
async function floorChatMember(url: string) {
  const bytes = Math.max(1, Math.round(results['S4-chat']?.livets?.bytesDownPerRecipient as number ?? 64))
  const socket = new WebSocket(new URL('/fanout', url.replace(/^http/, 'ws')))
  await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject) })
  let down = 0
  const waiting: Array<(at: number) => void> = []
  socket.on('message', (data: Buffer) => { down += data.length; waiting.shift()?.(performance.now()) })
  const message = new Uint8Array(bytes).fill(0x61)
  return {
    arrival: () => new Promise<number>((resolve) => waiting.push(resolve)),
    bytesDown: () => down,
    send: async () => { socket.send(message) },
    close: () => socket.terminate(),
  }
}

// ---- S1 through Chromium: payload bytes per click (CDP) and click→DOM latency ----
async function s1Browser(system: string, start: () => Promise<ServerProcess>, path: string, button: string, output: string,
  ready: Parameters<typeof measureClicks>[5]) {
  const browser = await launch()
  try {
    await withServer(start, async (server) => {
      const clicks = await measureClicks(browser, new URL(path, server.url).href, button, output, config.browserClicks, ready)
      record('S1-browser', system, {
        clicks: config.browserClicks,
        bytesUpPerClick: round(clicks.bytesUpPerClick, 1),
        bytesDownPerClick: round(clicks.bytesDownPerClick, 1),
        clickToDomMs: latencyMs(summarize(clicks.latenciesMs)),
      })
    })
  } finally { await browser.close() }
}

const liveReady = (page: import('playwright-core').Page) =>
  page.waitForFunction(() => window.LiveTS?.connection.status.connected && window.LiveTS.connection.status.pending === 0)

async function main() {
  const started = Date.now()
  const blazorBuild = process.argv.includes('--no-blazor') ? { ok: false as const, why: 'skipped with --no-blazor' } : buildBlazor()
  const blazor = blazorBuild.ok ? blazorDriver : null
  if (!blazorBuild.ok) notes.push(`Blazor Server not measured: ${blazorBuild.why}`)

  if (want('S1')) {
    await s1Single('livets', startLiveTs, (u) => liveConnection(u), '/counter')
    await s1Single('floor', startFloor, (u) => echoConnection(u), '/')
    if (blazor) await blazor.s1Single(config.rttClicks, record, notes)

    await s1Load('livets', startLiveTs, (u) => liveConnection(u), '/counter')
    await s1Load('floor', startFloor, (u) => echoConnection(u), '/')
    if (blazor) await blazor.s1Load(config.loadConnections, config.loadSeconds, record, notes)
  }

  if (want('S1')) {
    record('S1-throughput', 'livets', await throughputAtP99(startLiveTs, (u) => liveConnection(u), '/counter', config.throughput))
    record('S1-throughput', 'floor', await throughputAtP99(startFloor, (u) => echoConnection(u), '/', config.throughput))
    if (blazor) record('S1-throughput', 'blazor', await throughputAtP99(startBlazor, blazorCounterConnection, '/counter', config.throughput))
  }

  if (want('S0')) for (const n of config.idle) {
    await s0Idle('livets', startLiveTs, async (u) => {
      const { client } = await LiveClient.connect(u)
      return { client, close: () => client.socket.terminate() }
    }, '/idle', n)
    await s0Idle('floor', startFloor, (u) => echoConnection(u), '/', n)
    if (blazor) await blazor.s0Idle(n, record, notes)
  }

  if (want('S2')) {
    await s2Table('livets', startLiveTs)
    if (blazor) await blazor.s2Table(config.tableEvents, record, notes)
    await s2List('livets', startLiveTs)
    record('S2-plain-300KB', 'livets', measureParseDiff(300_000, config.parseRenders))
  }
  if (want('S4')) {
    await s4Chat('livets', [startLiveTs], liveChatMember)
    await s4Chat('floor', [startFloor], floorChatMember)
    if (blazor) await blazor.s4Chat(config.chatSubscribers, config.chatMessages, record, notes)
    // Across two processes: each takes half the members, the sender is on the first.
    await withRedis(async (redis) => {
      const shared = { LIVETS_REDIS_URL: redis.url, LIVETS_SECRET: BENCH_SECRET }
      await s4Chat('livets', [() => startLiveTs(shared), () => startLiveTs(shared)], liveChatMember, redis.pid)
      await s4Chat('socket.io', [() => startSocketIo({ REDIS_URL: redis.url }), () => startSocketIo({ REDIS_URL: redis.url })], socketIoChatMember, redis.pid)
    })
  }

  if (want('S6')) await checkpointCost(config.checkpointEvents, config.checkpointRounds, record)
  if (want('S7')) await restoreTimes(config.restoreSessions, config.resumeDrops, record)
  if (want('S8')) {
    await processesThroughput('/todos100', 'toggle', Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1) })), config.processes, record)
    await processesThroughput('/counter', 'increment', [{}], config.processes, record)
  }

  if (want('S5')) {
    await s5Form('livets', startLiveTs)
    if (blazor) await blazor.s5Form(config.formKeys, record, notes)
  }

  if (want('S1')) {
    await s1Browser('livets', startLiveTs, '/counter', 'button[aria-label=increment]', '#count', liveReady)
    if (blazor) await blazor.s1Browser(config.browserClicks, record, notes)
  }

  const meta = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    seconds: Math.round((Date.now() - started) / 1000),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
    node: process.version,
    dotnet: execFileSync('dotnet', ['--version']).toString().trim(),
    pinning: 'load client on core 0, servers on core 1 (taskset); S8\'s cluster free to use both cores',
    config,
  }
  const day = meta.date.slice(0, 10)
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true })
  const file = join(BENCH_DIR, 'results', `${day}${quick ? '-quick' : ''}.json`)
  writeFileSync(file, JSON.stringify({ meta, results, notes }, null, 2) + '\n')
  writeReport({ meta, results, notes }, ratio)
  console.log(`results: ${file}`)
}

await main()
process.exit(0)
