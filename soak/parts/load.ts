// Many pages clicking at a steady rate for a while: every click answered, none with an error.
import { LiveClient } from 'livets/testing'
import { openMany } from '../../bench/drivers/livets-client.ts'
import { latencyMs, summarize } from '../../bench/lib/stats.ts'
import { tallyCloses } from '../closes.ts'
import { appStats, sleep, withSoakApp } from '../app-process.ts'

export async function load({ clients: count, perSecond, minutes }: { clients: number; perSecond: number; minutes: number }) {
  return withSoakApp({}, async (app) => {
    const url = new URL('/soak', app.url).href
    const clients = await openMany(count, async () => (await LiveClient.connect(url)).client)
    const closes = tallyCloses(clients)
    const start = await appStats(app)
    let sent = 0, answered = 0, errors = 0
    const latencies: number[] = []
    // Open loop: click k of client i is due at (k + i / n) / perSecond seconds, answered or not.
    const interval = 1000 / perSecond
    const total = Math.floor(minutes * 60 * perSecond) * count
    const began = performance.now()
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now() - began
        while (sent < total) {
          const k = Math.floor(sent / count), i = sent % count
          const due = (k + i / count) * interval
          if (due > now) break
          sent++
          void clients[i].event('increment').then((reply) => {
            answered++
            if (reply.error) errors++
            latencies.push(performance.now() - began - due)
          })
        }
        if (sent < total) setTimeout(tick, 1)
        else resolve()
      }
      tick()
    })
    for (let i = 0; i < 100 && answered < sent; i++) await sleep(100)
    const end = await appStats(app)
    for (const client of clients) client.socket.terminate()
    return {
      clients: count, perSecond, minutes, sent, answered, errors, lost: sent - answered, closedMeanwhile: closes.total(), closeCodes: { ...closes.byCode },
      latencyMs: latencyMs(summarize(latencies)), appErrorLines: end.errorLines - start.errorLines,
      rssStartBytes: start.rssBytes, rssEndBytes: end.rssBytes,
    }
  })
}
