// npm run bench [-- --quick]: every scenario on every system, side by side in one run.
// The load client runs on core 0 (bench/run.sh pins it), each server on core 1.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import os from 'node:os'
import { execFileSync } from 'node:child_process'
import { summarize, round, ratio, latencyMs } from './lib/stats.ts'
import { collectGarbage, cpuSecondsOf, withServer, withServers, type ServerProcess } from './lib/server-process.ts'
import { runOpenLoop } from './drivers/open-loop.ts'
import { longPollConnection } from './drivers/long-poll-client.ts'
import { echoConnection, heartbeat, liveConnection, openMany, type BenchConnection } from './drivers/livets-client.ts'
import { launch, measureClicks } from './drivers/chromium.ts'
import { LiveClient } from 'livets/testing'
import WebSocket from 'ws'
import { io as ioClient } from 'socket.io-client'
import { BENCH_DIR, buildBlazor, buildServers, startBlazor, startFloor, startFloorOn, startLiveTs, startLiveTsOn, startSocketIo } from './scenarios/systems.ts'
import { measureCreate } from './scenarios/create.ts'
import { checkpointCost, processesThroughput, restoreTimes, withRedis } from './scenarios/scale.ts'
import { blazorDriver } from './scenarios/blazor.ts'
import { throughputAtP99 } from './scenarios/throughput.ts'
import { measureParseDiff } from './scenarios/parse.ts'
import { maxConnections } from './scenarios/max-connections.ts'
import { FIXED_NURSERY, idleReadings } from './lib/idle.ts'
import { blazorCounterConnection } from './drivers/blazor-circuit.ts'
import { writeReport } from './report.ts'
import { s6ZodForm, s7Upload } from './scenarios/forms.ts'
import { measureTesting } from './scenarios/testing.ts'
import { measureNavigation } from './scenarios/navigation.ts'
import { measureHotReload } from './scenarios/hot-reload.ts'
import { measureComponents } from './scenarios/components.ts'

const quick = process.argv.includes('--quick')
// --only S2,S4 runs those scenarios alone (for working on one, or rerunning a step that looked off): they replace
// their rows in the latest results of the mode and the report, the other scenarios stay as measured before (a note says when).
const onlyIndex = process.argv.indexOf('--only')
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1]?.split(',') : undefined
const want = (scenario: string) => !only || only.includes(scenario)
// --max-steps 20000,50000 replaces S0-max's connection counts (a short try of the layout before the full ramp).
const maxStepsIndex = process.argv.indexOf('--max-steps')
const maxSteps = maxStepsIndex > 0 ? process.argv[maxStepsIndex + 1]?.split(',').map(Number) : undefined
if (maxSteps && !maxSteps.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--max-steps takes whole numbers separated by commas (got ${process.argv[maxStepsIndex + 1]})`)
const config = quick
  ? { createRuns: 1, idle: [200], maxConnections: { steps: [1000, 5000], heartbeatMs: 30_000, heartbeatP99LimitMs: 100 }, pageConnections: { table: 100, list: 10 }, loadConnections: 100, loadSeconds: 4, limitsRounds: 1, rttClicks: 1000, browserClicks: 20, formKeys: 2000, zodFormKeys: 1000, uploadMB: 20, tableEvents: 60, listEvents: 30, parseRenders: 20, chatSubscribers: 200, chatMessages: 10,
      testing: { inProcess: 50, socket: 50, browser: 10 }, navigations: 10, hotReloadEdits: 3, components: { events: 500, streamPages: 2 },
      throughput: { connections: 50, rates: [1000, 4000, 8000], secondsPerStep: 1.5, p99TargetMs: 10 },
      checkpointEvents: 500, checkpointRounds: 1, restoreSessions: 200, resumeDrops: 50,
      processes: { connections: 50, seconds: 2, rounds: 1 } }
  : { createRuns: 3, idle: [1000, 10000], maxConnections: { steps: [10_000, 100_000, 250_000, 500_000, 750_000, 1_000_000], heartbeatMs: 30_000, heartbeatP99LimitMs: 100 }, pageConnections: { table: 1000, list: 100 }, loadConnections: 1000, loadSeconds: 20, limitsRounds: 3, rttClicks: 5000, browserClicks: 100, formKeys: 5000, zodFormKeys: 5000, uploadMB: 100, tableEvents: 500, listEvents: 200, parseRenders: 100, chatSubscribers: 1000, chatMessages: 50,
      testing: { inProcess: 300, socket: 300, browser: 40 }, navigations: 60, hotReloadEdits: 9, components: { events: 3000, streamPages: 5 },
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

// ---- S1 limits: the CPU an event costs with the per-connection limits at their defaults, against
// values that never bind; the rounds alternate so the machine's noise falls on both alike ----
async function s1Limits(rounds: number) {
  const systems = {
    'livets-limits-default': () => startLiveTs({ env: { LIVETS_FRAMES_PER_SECOND: '100', LIVETS_FRAME_BURST: '500' } }),
    'livets-limits-off': () => startLiveTs(), // the bench's 1,000,000 frames/s, 1,000,000 burst
  }
  const perRound: Record<string, number[]> = { 'livets-limits-default': [], 'livets-limits-off': [] }
  const p99s: Record<string, number[]> = { 'livets-limits-default': [], 'livets-limits-off': [] }
  for (let r = 0; r < rounds; r++) for (const [system, start] of Object.entries(systems)) {
    await withServer(start, async (server) => {
      const connections = await openMany(config.loadConnections, () => liveConnection(new URL('/counter', server.url).href))
      const cpuBefore = server.cpuSeconds()
      const result = await runOpenLoop(connections, 1, config.loadSeconds)
      perRound[system].push(round((server.cpuSeconds() - cpuBefore) * 1e6 / Math.max(1, result.completed), 1))
      p99s[system].push(latencyMs(summarize(result.latenciesMs)).p99)
      for (const c of connections) c.close()
    })
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
  for (const system of Object.keys(systems)) {
    record('S1-limits', system, {
      connections: config.loadConnections, ratePerConnection: 1, seconds: config.loadSeconds, rounds,
      serverCpuUsPerEvent: median(perRound[system]), serverCpuUsPerEventByRound: perRound[system], p99MsByRound: p99s[system],
    })
  }
}

// ---- S0 idle: memory per connection after a full GC ----

async function s0Idle(system: string, start: () => Promise<ServerProcess>, connect: (url: string) => Promise<{ close(): void; client?: LiveClient }>, path: string, n: number,
  scenario = `S0-idle-${n}`) {
  await withServer(start, async (server) => {
    const url = new URL(path, server.url).href
    // One connection first, so code paths and caches that every connection shares are warm.
    const warm = await connect(url)
    const before = await collectGarbage(server.url)
    const rssBefore = server.rssBytes()
    const connections = await openMany(n, () => connect(url), 100)
    const opened = performance.now()
    const stopHeartbeat = heartbeat(connections.flatMap((c) => (c.client ? [c.client] : [])))
    for (const reading of idleReadings(scenario, system)) {
      await new Promise((r) => setTimeout(r, Math.max(0, reading.ms - (performance.now() - opened))))
      const after = await collectGarbage(server.url)
      const rssAfter = server.rssBytes()
      record(scenario, reading.system, {
        connections: n,
        idleSeconds: reading.ms / 1000,
        serverReports: after.connections,
        rssBytesPerConnection: Math.round((rssAfter - rssBefore) / n),
        jsHeapBytesPerConnection: after.jsHeap !== undefined ? Math.round((after.jsHeap - before.jsHeap) / n) : null,
        // V8's committed heap: what the JS heap adds to RSS (used bytes plus V8's own slack).
        jsHeapCommittedBytesPerConnection: after.jsHeapCommitted !== undefined ? Math.round((after.jsHeapCommitted - before.jsHeapCommitted) / n) : null,
        managedHeapBytesPerConnection: after.managedHeap !== undefined ? Math.round((after.managedHeap - before.managedHeap) / n) : null,
      })
    }
    stopHeartbeat()
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

// ---- S2 long list: append, remove or edit one item of a keyed list of 100, 1,000 and 10,000 ----
const LIST_SIZES = [100, 1000, 10_000]
const LIST_OPS = ['append', 'remove', 'edit'] as const

/** Server CPU in µs from the server's own process.cpuUsage(): /proc's 10 ms ticks are too coarse for 100 small events. */
async function serverCpuMicros(server: ServerProcess): Promise<number> {
  const response = await fetch(new URL('/_bench/cpu', server.url))
  return ((await response.json()) as { cpuMicros: number }).cpuMicros
}

async function s2List(system: string, start: () => Promise<ServerProcess>) {
  await withServer(start, async (server) => {
    // Warm the server's code paths (V8's optimizing compiler) so the first size measured is not the slowest.
    const warm = (await LiveClient.connect(new URL('/list?n=1000', server.url).href)).client
    for (let i = 0; i < 200; i++) await warm.event(LIST_OPS[i % LIST_OPS.length])
    await warm.close()
    const row: Row = {}
    for (const n of LIST_SIZES) {
      const sizeRow: Row = {}
      for (const op of LIST_OPS) {
        // The list holds n items on average while it is measured: appends start below n, removals above.
        const events = Math.min(config.listEvents, n)
        const startSize = op === 'append' ? n - events / 2 : op === 'remove' ? n + events / 2 + 10 : n
        const { client } = await LiveClient.connect(new URL(`/list?n=${startSize}`, server.url).href)
        for (let i = 0; i < 10; i++) await client.event(op) // warm-up
        // What reading the CPU counter itself costs the server, taken off the events' figure.
        const readingCost = -(await serverCpuMicros(server)) + await serverCpuMicros(server)
        const downBefore = client.bytesDown
        const cpuBefore = await serverCpuMicros(server)
        for (let i = 0; i < events; i++) await client.event(op)
        const cpu = await serverCpuMicros(server) - cpuBefore - readingCost
        sizeRow[op] = { events, bytesDownPerEvent: round((client.bytesDown - downBefore) / events, 1), serverCpuUsPerEvent: round(cpu / events, 1) }
        await client.close()
      }
      row[String(n)] = sizeRow
    }
    record('S2-list', system, row)
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
  buildServers()

  if (want('create')) {
    const { livets, blazor: blazorCreate } = await measureCreate(config.createRuns, !process.argv.includes('--no-blazor'))
    record('create', 'livets', livets)
    if (blazorCreate) record('create', 'blazor', blazorCreate)
  }

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

  if (want('S1-limits')) await s1Limits(config.limitsRounds)

  const liveIdle = async (u: string) => {
    const { client } = await LiveClient.connect(u)
    return { client, close: () => client.socket.terminate() }
  }
  // A live connection has exchanged its JOIN and SESSION frames before it sits idle; a floor
  // connection exchanges one message likewise, so that `ws` holds what it keeps once a socket has
  // read and written (the receiver's buffer list, the sender's queue) on both sides.
  const floorIdle = async (u: string) => {
    const connection = await echoConnection(u)
    await connection.send()
    return connection
  }
  if (want('S0')) for (const n of config.idle) {
    await s0Idle('livets', () => startLiveTs({ nodeOptions: FIXED_NURSERY }), liveIdle, '/idle', n)
    await s0Idle('floor', () => startFloor(FIXED_NURSERY), floorIdle, '/', n)
    if (blazor) await blazor.s0Idle(n, record, notes)
  }
  // Real pages: what a connection costs while it shows the 1,000-row table or the 10,000-item list.
  for (const page of ['table', 'list'] as const) {
    if (!want('S0') && !want(`S0-${page}`)) continue
    const n = config.pageConnections[page]
    await s0Idle('livets', startLiveTs, liveIdle, `/${page}`, n, `S0-${page}`)
    if (blazor) await blazor.s0Idle(n, record, notes, `/${page}`, `S0-${page}`)
  }

  // Opt-in only (it runs for many minutes and takes the whole machine): --only S0-max.
  if (only?.includes('S0-max')) await maxConnections({ ...config.maxConnections, ...(maxSteps && { steps: maxSteps }) }, record, notes)

  if (want('S2')) {
    await s2Table('livets', startLiveTs)
    if (blazor) await blazor.s2Table(config.tableEvents, record, notes)
    await s2List('livets', startLiveTs)
    record('S2-plain-300KB', 'livets', measureParseDiff(300_000, config.parseRenders, 'middle'))
    record('S2-plain-300KB', 'livets-top', measureParseDiff(300_000, config.parseRenders, 'top'))
    record('S2-plain-300KB', 'livets-every', measureParseDiff(300_000, config.parseRenders, 'every'))
  }
  if (want('S4')) {
    await s4Chat('livets', [startLiveTs], liveChatMember)
    await s4Chat('floor', [startFloor], floorChatMember)
    if (blazor) await blazor.s4Chat(config.chatSubscribers, config.chatMessages, record, notes)
    // Across two processes: each takes half the members, the sender is on the first.
    await withRedis(async (redis) => {
      const shared = { LIVETS_REDIS_URL: redis.url }
      await s4Chat('livets', [() => startLiveTs({ env: shared }), () => startLiveTs({ env: shared })], liveChatMember, redis.pid)
      await s4Chat('socket.io', [() => startSocketIo({ REDIS_URL: redis.url }), () => startSocketIo({ REDIS_URL: redis.url })], socketIoChatMember, redis.pid)
    })
  }

  if (want('S8')) await checkpointCost(config.checkpointEvents, config.checkpointRounds, record)
  if (want('S9')) await restoreTimes(config.restoreSessions, config.resumeDrops, record)
  if (want('S10')) {
    await processesThroughput('/todos100', 'toggle', Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1) })), config.processes, record)
    await processesThroughput('/counter', 'increment', [{}], config.processes, record)
  }

  if (want('S5')) {
    await s5Form('livets', startLiveTs)
    if (blazor) await blazor.s5Form(config.formKeys, record, notes)
  }

  // The long-poll fallback against the WebSocket, same server, same clicks (--only longpoll).
  if (want('longpoll')) {
    await s1Single('livets', startLiveTs, (u) => liveConnection(u), '/counter')
    await s1Single('livets-long-poll', startLiveTs, (u) => longPollConnection(u), '/counter')
  }

  // Bun and Deno: S1 and S0 against each runtime's own bare WebSocket server (--only runtimes).
  if (want('runtimes')) for (const runtime of ['bun', 'deno'] as const) {
    const live = () => startLiveTsOn(runtime), floor = () => startFloorOn(runtime)
    await s1Single(`livets-${runtime}`, live, (u) => liveConnection(u), '/counter')
    await s1Single(`floor-${runtime}`, floor, (u) => echoConnection(u), '/')
    await s1Load(`livets-${runtime}`, live, (u) => liveConnection(u), '/counter')
    await s1Load(`floor-${runtime}`, floor, (u) => echoConnection(u), '/')
    for (const n of config.idle) {
      await s0Idle(`livets-${runtime}`, () => startLiveTsOn(runtime, FIXED_NURSERY), async (u) => {
        const { client } = await LiveClient.connect(u)
        return { client, close: () => client.socket.terminate() }
      }, '/idle', n)
      await s0Idle(`floor-${runtime}`, () => startFloorOn(runtime, FIXED_NURSERY), floorIdle, '/', n)
    }
  }

  if (want('S6')) {
    await s6ZodForm(config.zodFormKeys, record)
    if (blazor) await blazor.s6EditForm(config.zodFormKeys, record, notes)
  }
  if (want('S7')) await s7Upload(config.uploadMB, record, notes)

  if (want('S1')) {
    await s1Browser('livets', startLiveTs, '/counter', 'button[aria-label=increment]', '#count', liveReady)
    if (blazor) await blazor.s1Browser(config.browserClicks, record, notes)
  }

  // ---- S11: a component's event on a page of 1,000 components; a 100,000-item stream's memory ----
  if (want('S11')) await measureComponents(startLiveTs, blazor !== null, config.components, record, notes)

  // ---- S12: a live navigation between two views against a page load of the same view, in Chromium ----
  if (want('S12')) await measureNavigation(startLiveTs, config.navigations, (system, row) => record('S12-navigation', system, row))

  // ---- T1: one simple test of the counter, three ways (livets/testing's render(), LiveClient, Chromium) ----
  if (want('testing')) await measureTesting(config.testing, (system, row) => record('T1-test', system, row))

  // ---- hot reload: save a view's file → the page shows the new code with its state (tsx watch, Chromium) ----
  if (want('hot-reload')) record('hot-reload', 'livets', await measureHotReload(config.hotReloadEdits))

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
  // A rerun of some scenarios (--only) replaces them in the latest results of its mode (today's, or
  // an earlier day's when a rerun comes after midnight) and keeps the others, so one step that looked
  // off can be measured again without redoing the whole run.
  const ofMode = quick ? /^\d{4}-\d{2}-\d{2}-quick\.json$/ : /^\d{4}-\d{2}-\d{2}\.json$/
  const latest = readdirSync(join(BENCH_DIR, 'results')).filter((name) => ofMode.test(name)).sort().at(-1)
  const file = join(BENCH_DIR, 'results', only && latest ? latest : `${day}${quick ? '-quick' : ''}.json`)
  if (only && existsSync(file)) {
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as { meta: Record<string, any>; results: typeof results; notes: string[] }
    const rerun = Object.keys(results)
    // Per system: a rerun without Blazor keeps Blazor's rows of the same scenario.
    for (const [scenario, rows] of Object.entries(earlier.results)) results[scenario] = { ...rows, ...results[scenario] }
    const measuredAt: Record<string, string> = earlier.meta.measuredAt ?? Object.fromEntries(Object.keys(earlier.results).map((sc) => [sc, earlier.meta.date]))
    for (const scenario of rerun) measuredAt[scenario] = meta.date
    // Earlier notes about a scenario measured again are out of date; Blazor's rows stay even when this rerun skipped it.
    const stale = (note: string) => rerun.some((sc) => note.startsWith(sc + ' ') || note.startsWith(sc + ':') || note.startsWith(`Blazor ${sc}`)) || note.startsWith('Blazor Server not measured')
    // A new note the same as a kept one is written once; one the same as a stale one is written again (the stale one is gone).
    const kept = earlier.notes.filter((n) => !stale(n))
    notes.splice(0, notes.length, ...kept, ...notes.filter((n) => !n.startsWith('Blazor Server not measured') && !kept.includes(n)))
    // The header's date and duration stay the first run's: the rerun's time is in measuredAt.
    Object.assign(meta, { date: earlier.meta.date, seconds: earlier.meta.seconds, measuredAt })
  }
  writeFileSync(file, JSON.stringify({ meta, results, notes }, null, 2) + '\n')
  writeReport({ meta, results, notes }, ratio)
  console.log(`results: ${file}`)
}

await main()
process.exit(0)
