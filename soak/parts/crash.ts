// One page whose handler throws, whose render throws, whose mount throws, whose handler never
// settles — again and again — while other pages click: none of them sees an error.
import { LiveClient } from 'livets/testing'
import { openMany } from '../../bench/drivers/livets-client.ts'
import { latencyMs, summarize } from '../../bench/lib/stats.ts'
import { appStats, sleep, withSoakApp } from '../app-process.ts'

export async function crash({ clickers, seconds, perSecond }: { clickers: number; seconds: number; perSecond: number }) {
  return withSoakApp({ SOAK_HANDLER_TIMEOUT_MS: '1000' }, async (app) => {
    const url = new URL('/soak', app.url).href
    const clients = await openMany(clickers, async () => (await LiveClient.connect(url)).client)
    let sent = 0, answered = 0, errors = 0
    const latencies: number[] = []
    let crashing = true
    const failures = { handler: 0, render: 0, mount: 0, hang: 0 }
    const crasher = (async () => {
      while (crashing) {
        const { client } = await LiveClient.connect(url)
        if ((await client.event('crash')).error) failures.handler++
        if ((await client.event('hang')).error) failures.hang++
        if ((await client.event('breakRender')).error) failures.render++
        await client.close()
        await LiveClient.connect(`${url}?crash=mount`).then(({ client }) => client.close(), () => { failures.mount++ })
      }
    })()
    const end = performance.now() + seconds * 1000
    while (performance.now() < end) {
      const round = performance.now()
      for (const client of clients) {
        sent++
        const at = performance.now()
        void client.event('increment').then((reply) => { answered++; if (reply.error) errors++; latencies.push(performance.now() - at) })
      }
      await sleep(Math.max(0, 1000 / perSecond - (performance.now() - round)))
    }
    crashing = false
    await crasher
    for (let i = 0; i < 50 && answered < sent; i++) await sleep(100)
    const stats = await appStats(app)
    for (const client of clients) client.socket.terminate()
    return {
      clickers, perSecond, seconds, sent, answered, errors, lost: sent - answered, latencyMs: latencyMs(summarize(latencies)),
      crashes: failures, appErrorLines: stats.errorLines,
    }
  })
}
