// N idle pages for a while, heartbeating as the browser client does: the app's RSS must not creep.
import { LiveClient } from 'livets/testing'
import { heartbeat, openMany } from '../../bench/drivers/livets-client.ts'
import { tallyCloses } from '../closes.ts'
import { appStats, mb, sleep, withSoakApp } from '../app-process.ts'

export async function idle({ connections, minutes }: { connections: number; minutes: number }) {
  return withSoakApp({}, async (app) => {
    const url = new URL('/soak', app.url).href
    // Heartbeats from the first page on: opening 10,000 takes longer than the 60 s of silence the
    // server allows (docs/security.md, "Limits"), so a timer started after them would come too late.
    const clients: LiveClient[] = []
    const stopHeartbeat = heartbeat(clients, 30_000)
    await openMany(connections, async () => { const { client } = await LiveClient.connect(url); clients.push(client); return client })
    const closes = tallyCloses(clients)
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
        connections, minutes, closedMeanwhile: closes.total(), closeCodes: { ...closes.byCode },
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
