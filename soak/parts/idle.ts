// N idle pages for a while, heartbeating as the browser client does: the app's RSS must not creep.
import { LiveClient } from 'livets/testing'
import { heartbeat, openMany } from '../../bench/drivers/livets-client.ts'
import { appStats, mb, sleep, withSoakApp } from '../app-process.ts'

export async function idle({ connections, minutes }: { connections: number; minutes: number }) {
  return withSoakApp({}, async (app) => {
    const url = new URL('/soak', app.url).href
    const clients = await openMany(connections, async () => (await LiveClient.connect(url)).client)
    const stopHeartbeat = heartbeat(clients, 30_000)
    const closes: number[] = []
    for (const client of clients) void client.closed().then((c) => closes.push(c.code))
    try {
      await sleep(10_000) // past the keep-alive of each page load's HTTP connection
      const start = await appStats(app)
      const samples = [{ minute: 0, rssMB: mb(start.rssBytes) }]
      const end = Date.now() + minutes * 60_000
      while (Date.now() < end) {
        await sleep(Math.min(60_000, end - Date.now()))
        samples.push({ minute: Math.round((minutes * 60_000 - (end - Date.now())) / 600) / 100, rssMB: mb((await appStats(app)).rssBytes) })
      }
      const last = await appStats(app)
      return {
        connections, minutes, closedMeanwhile: closes.length,
        rssStartBytes: start.rssBytes, rssEndBytes: last.rssBytes,
        rssGrowth: Number(((last.rssBytes - start.rssBytes) / start.rssBytes).toFixed(4)),
        rssSamples: samples,
      }
    } finally {
      stopHeartbeat()
      for (const client of clients) client.socket.terminate()
    }
  })
}
