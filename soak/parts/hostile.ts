// Every bad input a client can send, over and over, while a canary page clicks: each must get its
// defined answer (docs/security.md, docs/protocol.md "Closing") and the canary must not notice.
import { createHmac } from 'node:crypto'
import WebSocket from 'ws'
import { LiveClient, pageToken } from 'livets/testing'
import {
  CLOSE_BAD_TOKEN, CLOSE_FRAME_TOO_LARGE, CLOSE_PROTOCOL_ERROR, CLOSE_RATE_LIMITED,
  ERROR_UNKNOWN_EVENT, FRAME_EVENT, SOCKET_PATH, encodeEvent, encodeJoin,
} from '@livets/client/protocol'
import { summarize, latencyMs } from '../../bench/lib/stats.ts'
import { appStats, publish, sleep, withSoakApp, SOAK_SECRET } from '../app-process.ts'
import { forkCanary } from '../canary-process.ts'

export interface HostileOptions { seconds: number; canaryPerSecond: number }

type Outcome = string
const ATTACK_TIMEOUT_MS = 10_000
interface Attack { name: string; expected: Outcome; run(url: string): Promise<Outcome> }

const closeOf = (c: LiveClient) => c.closed().then((closed) => `close ${closed.code}`)
const refusedJoin = (url: string, token: string) =>
  LiveClient.join(url, token).then(async ({ client }) => { await client.close(); return 'joined' }, (e: { code: number }) => `close ${e.code}`)

/** A page token dated `ageMs` ago, signed with the app's secret (the engine's format: docs/security.md, "Tokens"). */
function backdated(token: string, ageMs: number): string {
  const fields = Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8').split('\n')
  fields[3] = String(Date.now() - ageMs)
  const body = Buffer.from(fields.join('\n'), 'utf8')
  return `${body.toString('base64url')}.${createHmac('sha256', SOAK_SECRET).update(body).digest('base64url')}`
}

async function sendAndClose(url: string, frame: Uint8Array | string): Promise<Outcome> {
  const { client } = await LiveClient.connect(url)
  client.sendRaw(frame)
  return closeOf(client)
}

function upgradeWithOrigin(url: string, origin: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(new URL(SOCKET_PATH, url.replace('http', 'ws')), { origin })
    socket.once('open', () => { socket.terminate(); resolve('upgraded') })
    socket.once('unexpected-response', (_q, response) => resolve(`http ${response.statusCode}`))
    socket.once('error', () => {})
  })
}

const hex = (text: string) => Uint8Array.from(text.split(' ').map((b) => parseInt(b, 16)))

export const ATTACKS: Attack[] = [
  { name: 'forged token', expected: `close ${CLOSE_BAD_TOKEN}`, async run(url) {
    const token = pageToken(await (await fetch(url)).text())
    return refusedJoin(url, token.slice(0, token.indexOf('.') + 1) + 'A'.repeat(43))
  } },
  { name: 'expired token (6 min old, validly signed)', expected: `close ${CLOSE_BAD_TOKEN}`, async run(url) {
    return refusedJoin(url, backdated(pageToken(await (await fetch(url)).text()), 6 * 60_000))
  } },
  { name: 'replayed token', expected: `close ${CLOSE_BAD_TOKEN}`, async run(url) {
    const html = await (await fetch(url)).text()
    const { client } = await LiveClient.join(url, pageToken(html))
    const outcome = await refusedJoin(url, pageToken(html))
    await client.close()
    return outcome
  } },
  { name: 'bad Origin', expected: 'http 403', run: (url) => upgradeWithOrigin(url, 'https://evil.example') },
  { name: 'oversize frame (64 KiB + 1)', expected: `close ${CLOSE_FRAME_TOO_LARGE}`, run(url) {
    const big = new Uint8Array(64 * 1024 + 1)
    big[0] = FRAME_EVENT
    return sendAndClose(url, big)
  } },
  { name: 'random bytes', expected: `close ${CLOSE_PROTOCOL_ERROR}`, run: (url) => sendAndClose(url, Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x17)) },
  { name: 'a text frame', expected: `close ${CLOSE_PROTOCOL_ERROR}`, run: (url) => sendAndClose(url, '{"event":"increment"}') },
  { name: 'truncated varint', expected: `close ${CLOSE_PROTOCOL_ERROR}`, run: (url) => sendAndClose(url, hex('02 00 ff')) },
  { name: 'oversized varint (over 32 bits)', expected: `close ${CLOSE_PROTOCOL_ERROR}`, run: (url) => sendAndClose(url, hex('02 00 ff ff ff ff ff 61')) },
  { name: 'invalid UTF-8 in an event name', expected: `close ${CLOSE_PROTOCOL_ERROR}`, run: (url) => sendAndClose(url, hex('02 00 01 c3 00 00')) },
  ...['__proto__', 'constructor', 'mount'].map((name): Attack => ({
    name: `'${name}' as an event name`, expected: `error ${ERROR_UNKNOWN_EVENT}, then served`, async run(url) {
      const { client } = await LiveClient.connect(url)
      const refused = await client.event(name)
      const after = await client.event('increment')
      await client.close()
      return `error ${refused.error?.code ?? 'none'}${after.error ? '' : ', then served'}`
    },
  })),
  // Refusals (ERROR_RATE_LIMITED) queue behind the answers of the burst's events, so the 4429 often comes first.
  { name: 'flood (2,000 events at once)', expected: `close ${CLOSE_RATE_LIMITED}`, async run(url) {
    const { client } = await LiveClient.connect(url)
    let open = true
    void client.closed().then(() => { open = false })
    // A burst past the limit is refused; bursts sent regardless close the connection.
    for (let burst = 0; burst < 20 && open; burst++) {
      for (let i = 0; i < 2_000; i++) client.eventNoWait('increment')
      await sleep(100)
    }
    return closeOf(client)
  } },
  // Only form events count their fields (ERROR_BAD_PAYLOAD past 1,000: docs/forms.md); a click's fields are bounded by the 64 KiB frame.
  { name: 'too many fields (5,000 in one click)', expected: 'served, then served', async run(url) {
    const { client } = await LiveClient.connect(url)
    const fields = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`f${i}`, '']))
    const first = await client.event('increment', fields)
    const after = await client.event('increment')
    await client.close()
    return `${first.error ? `error ${first.error.code}` : 'served'}, ${after.error ? `error ${after.error.code}` : 'then served'}`
  } },
  { name: 'a never-settling handler, then 1,100 events behind it', expected: `close ${CLOSE_RATE_LIMITED}`, async run(url) {
    const { client } = await LiveClient.connect(url)
    void client.event('hang')
    for (let i = 0; i < 1_100; i++) void client.event('increment')
    return closeOf(client)
  } },
  { name: 'a slow reader (stops reading, 4 MB pushed)', expected: 'server memory bounded', async run(url) {
    const topic = `slow${Math.random().toString(36).slice(2)}`
    const html = await (await fetch(`${url}?feed=${topic}`)).text()
    const socket = new WebSocket(new URL(SOCKET_PATH, url.replace('http', 'ws')))
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send(encodeJoin({ token: pageToken(html) }))
    await sleep(50)
    ;(socket as unknown as { _socket: { pause(): void } })._socket.pause()
    await publish(url, topic, 200_000, 20)
    socket.terminate()
    return 'server memory bounded'
  } },
]

export async function hostile({ seconds, canaryPerSecond }: HostileOptions) {
  return withSoakApp({}, async (app) => {
    const url = new URL('/soak', app.url).href
    const canary = await forkCanary(url, canaryPerSecond)
    await sleep(2_000) // warm-up
    await canary.take()
    await sleep(seconds * 1000)
    const before = await canary.take()
    const rssBefore = (await appStats(app)).rssBytes
    const tally = new Map<string, { expected: string; runs: number; misses: number; seen: Set<string> }>()
    const end = performance.now() + seconds * 1000
    let rounds = 0
    let peakRss = 0
    while (performance.now() < end) {
      for (const attack of ATTACKS) {
        const outcome = await Promise.race([
          attack.run(url).catch((e: Error) => `threw: ${e.message}`),
          sleep(ATTACK_TIMEOUT_MS).then(() => `no answer in ${ATTACK_TIMEOUT_MS / 1000} s`),
        ])
        if (process.env.SOAK_VERBOSE) console.log(attack.name, '→', outcome)
        const row = tally.get(attack.name) ?? { expected: attack.expected, runs: 0, misses: 0, seen: new Set() }
        row.runs++
        if (outcome !== attack.expected) row.misses++
        row.seen.add(outcome)
        tally.set(attack.name, row)
      }
      peakRss = Math.max(peakRss, app.rssBytes())
      rounds++
    }
    const during = await canary.take()
    await canary.stop()
    const after = await appStats(app)
    const p99Before = summarize(before.samples).p99, p99During = summarize(during.samples).p99
    return {
      seconds, canaryPerSecond, rounds,
      canaryBefore: { ...latencyMs(summarize(before.samples)), clicks: before.samples.length, errors: before.errors },
      canaryDuring: { ...latencyMs(summarize(during.samples)), clicks: during.samples.length, errors: during.errors },
      p99Move: Number(((p99During - p99Before) / p99Before).toFixed(3)),
      attacks: [...tally].map(([name, row]) => ({ name, expected: row.expected, runs: row.runs, misses: row.misses, seen: [...row.seen] })),
      appRssBeforeBytes: rssBefore, appRssPeakBytes: peakRss, appRssAfterBytes: after.rssBytes,
    }
  })
}
