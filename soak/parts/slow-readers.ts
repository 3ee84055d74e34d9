// Pages that stop reading while big renders keep coming: the app holds at most about 2 MiB for each
// (1 MiB unsent on its socket + its 1 MiB outbox: docs/security.md), and closes them with 4412
// once slowReaderTimeoutMs passes.
import WebSocket from 'ws'
import { pageToken } from 'livets/testing'
import { SOCKET_PATH, encodeJoin } from '@livets/client/protocol'
import { appStats, publish, sleep, withSoakApp } from '../app-process.ts'

const PER_READER_BOUND_BYTES = 2 * 1024 * 1024
const TIMEOUT_MS = 10_000

export async function slowReaders({ readers, pushes, pushBytes }: { readers: number; pushes: number; pushBytes: number }) {
  return withSoakApp({ SOAK_SLOW_READER_TIMEOUT_MS: String(TIMEOUT_MS) }, async (app) => {
    const url = new URL('/soak?feed=slow', app.url).href
    const sockets = await Promise.all(Array.from({ length: readers }, async () => {
      const html = await (await fetch(url)).text()
      const socket = new WebSocket(new URL(SOCKET_PATH, url.replace('http', 'ws')))
      await new Promise((resolve) => socket.once('open', resolve))
      const closed = new Promise<number>((resolve) => socket.once('close', resolve))
      socket.send(encodeJoin({ token: pageToken(html) }))
      return { socket, closed, tcp: (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket }
    }))
    // The same pushes once while every page reads: the heap grows to what the renders need, so the
    // growth measured next is what the stalled pages hold, not V8 sizing itself for the renders.
    for (let i = 0; i < pushes; i += 10) await publish(app.url, 'slow', pushBytes, Math.min(10, pushes - i))
    await sleep(3_000)
    for (const { tcp } of sockets) tcp.pause()
    const start = await appStats(app)
    let peak = 0
    for (let i = 0; i < pushes; i += 10) {
      await publish(app.url, 'slow', pushBytes, Math.min(10, pushes - i))
      peak = Math.max(peak, app.rssBytes())
    }
    await sleep(500)
    const held = await appStats(app)
    peak = Math.max(peak, held.rssBytes)
    await sleep(TIMEOUT_MS + 2_000)
    for (const { tcp } of sockets) tcp.resume()
    const codes = await Promise.all(sockets.map(({ closed }) => Promise.race([closed, sleep(15_000).then(() => 0)])))
    const after = await appStats(app)
    for (const { socket } of sockets) socket.terminate()
    const bound = readers * PER_READER_BOUND_BYTES
    return {
      readers, pushes, pushBytes, publishedBytesPerReader: pushes * pushBytes, slowReaderTimeoutMs: TIMEOUT_MS,
      rssStartBytes: start.rssBytes, rssHeldBytes: held.rssBytes, rssPeakBytes: peak, rssAfterCloseBytes: after.rssBytes,
      growthBytes: peak - start.rssBytes, boundBytes: bound,
      // What the app still holds after a full collection, against the bound (RSS also counts pages V8 keeps after collecting).
      heldGrowthBytes: held.heapUsedBytes + held.externalBytes - start.heapUsedBytes - start.externalBytes,
      closedWith4412: codes.filter((c) => c === 4412).length,
    }
  })
}
