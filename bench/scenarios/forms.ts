// S6 and S7 (docs/forms.md): the cost of a validated keystroke on a zod form, and uploads streamed
// over the live connection next to a bare ws transfer and an HTTP multipart POST, same run.
import WebSocket from 'ws'
import { LiveClient } from 'livets/testing'
import { UPLOAD_COMPLETE, UPLOAD_CONTINUE } from '@livets/client/protocol'
import { round } from '../lib/stats.ts'
import { measureKeystrokes, typedText } from '../lib/keystrokes.ts'
import { withServer, startServer, type ServerProcess } from '../lib/server-process.ts'
import { BENCH_DIR, REPO_DIR, SERVER_CORE, startLiveTs } from './systems.ts'
import { join } from 'node:path'

type Record_ = (scenario: string, system: string, row: Record<string, unknown>) => void

const FIELDS = ['name', 'email', 'age', 'city', 'zip']

/** S6 on LiveTS: each keystroke sends what the browser client sends — every field of the form and the one that changed. */
export async function s6ZodForm(keys: number, record: Record_): Promise<void> {
  await withServer(startLiveTs, async (server) => {
    const { client } = await LiveClient.connect(new URL('/zod-form', server.url).href)
    const values = FIELDS.map(() => '')
    const keystroke = (i: number) => {
      const at = typedText(values, i)
      const pairs: Array<[string, string]> = FIELDS.map((f, j) => [`contact[${f}]`, values[j]])
      pairs.push(['_target', `contact[${FIELDS[at]}]`])
      return client.event('ts-form:contact', pairs as never)
    }
    for (let i = 0; i < 200; i++) await keystroke(i) // warm-up
    record('S6-zod-form', 'livets', await measureKeystrokes({
      keys, counts: () => ({ up: client.bytesUp, down: client.bytesDown }), cpuSeconds: () => server.cpuSeconds(), keystroke,
    }))
    await client.close()
  })
}

/**
 * Samples a server's RSS every 50 ms while `body` runs: before, the highest in each quarter of the
 * run, and after. Streaming stays flat from quarter to quarter; buffering grows with the bytes.
 */
async function watchingRss<T>(server: ServerProcess, body: () => Promise<T>): Promise<{ result: T; rss: { beforeMB: number; quartersPeakMB: number[]; peakMB: number; afterMB: number } }> {
  const before = server.rssBytes()
  const samples: Array<[number, number]> = []
  const start = performance.now()
  const timer = setInterval(() => samples.push([performance.now() - start, server.rssBytes()]), 50)
  try {
    const result = await body()
    const duration = performance.now() - start
    samples.push([duration, server.rssBytes()])
    const quarters = [0, 1, 2, 3].map((q) => Math.max(before, ...samples.filter(([t]) => t >= q * duration / 4 && t <= (q + 1) * duration / 4).map(([, rss]) => rss)))
    const mb = (bytes: number) => round(bytes / 1e6, 1)
    return { result, rss: { beforeMB: mb(before), quartersPeakMB: quarters.map(mb), peakMB: mb(Math.max(...quarters)), afterMB: mb(server.rssBytes()) } }
  } finally { clearInterval(timer) }
}

const megabytesPerSecond = (bytes: number, ms: number): number => round(bytes / 1e6 / (ms / 1000), 1)

const startUploadPeers = (): Promise<ServerProcess> => startServer({
  name: 'upload-peers', core: SERVER_CORE, ready: /listening on (http:\/\/\S+)/, cwd: REPO_DIR,
  command: ['node', '--import', 'tsx', join(BENCH_DIR, 'servers', 'upload-peers.ts')],
})

/** S7: `megabytes` MB uploaded once through each system; throughput and the server's RSS during the upload. */
export async function s7Upload(megabytes: number, record: Record_, notes: string[]): Promise<void> {
  const size = megabytes * 1_000_000
  const data = Buffer.alloc(size)
  for (let i = 0; i < size; i += 4096) data[i] = i & 0xff // not all zeros

  await withServer(startLiveTs, async (server) => {
    const { client } = await LiveClient.connect(new URL('/upload', server.url).href)
    const { result: ms, rss } = await watchingRss(server, async () => {
      const t = performance.now()
      await client.upload('file', [{ ref: 'f1', name: 'big.bin', size, type: 'application/octet-stream' }])
      let ack = await client.nextUploadAck()
      while (ack.status === UPLOAD_CONTINUE) {
        client.chunk('f1', ack.received, data.subarray(ack.received, ack.received + ack.next))
        ack = await client.nextUploadAck()
      }
      if (ack.status !== UPLOAD_COMPLETE || ack.received !== size) throw new Error(`LiveTS upload ended with status ${ack.status} at ${ack.received} bytes`)
      return performance.now() - t
    })
    const check = await client.event('check')
    const stored = JSON.stringify(check.ops).includes(`"${size}"`)
    if (!stored) notes.push(`S7 LiveTS: the consumed file's size was not ${size}: ${JSON.stringify(check.ops).slice(0, 200)}`)
    record('S7-upload', 'livets', { megabytes, seconds: round(ms / 1000, 2), MBps: megabytesPerSecond(size, ms), serverRss: rss, framesUp: Math.ceil(size / 65_408) })
    await client.close()
  })

  await withServer(startUploadPeers, async (server) => {
    const url = new URL('/ws', server.url)
    url.protocol = 'ws:'
    const socket = new WebSocket(url)
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject) })
    const { result: ms, rss } = await watchingRss(server, async () => {
      const t = performance.now()
      const done = new Promise<string>((resolve) => socket.once('message', (m) => resolve(m.toString())))
      for (let offset = 0; offset < size; offset += 65_408) {
        socket.send(data.subarray(offset, offset + 65_408))
        while (socket.bufferedAmount > 1024 * 1024) await new Promise((r) => setImmediate(r)) // the client's own backpressure
      }
      socket.send('done')
      const answer = await done
      if (answer !== `ok:${size}`) throw new Error(`bare ws upload answered ${answer}`)
      return performance.now() - t
    })
    record('S7-upload', 'ws', { megabytes, seconds: round(ms / 1000, 2), MBps: megabytesPerSecond(size, ms), serverRss: rss, framesUp: Math.ceil(size / 65_408) })
    socket.close()
  })

  await withServer(startUploadPeers, async (server) => {
    const { result: ms, rss } = await watchingRss(server, async () => {
      const t = performance.now()
      const form = new FormData()
      form.append('file', new Blob([data]), 'big.bin')
      const response = await fetch(new URL('/hono-upload', server.url), { method: 'POST', body: form })
      const answer = await response.text()
      if (answer !== String(size)) throw new Error(`Hono upload answered ${answer}`)
      return performance.now() - t
    })
    record('S7-upload', 'hono-multipart', { megabytes, seconds: round(ms / 1000, 2), MBps: megabytesPerSecond(size, ms), serverRss: rss, framesUp: null })
  })
  const note = 'S7: LiveTS acknowledges each chunk (one 65,408-byte chunk in flight, written to the temporary file before the next is asked for); ' +
    'the bare ws baseline sends without waiting (the client only keeps its own send buffer under 1 MB) and appends each message to a file stream; ' +
    'the Hono baseline is `await c.req.parseBody()` then the file written out, as a route usually does. RSS is the server process\'s, sampled every 50 ms.'
  if (!notes.includes(note)) notes.push(note)
}
