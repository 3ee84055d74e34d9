// Pages that come and go: connect → join → click → close, many times. Every mount must be unmounted
// (once the retention window passed) and the app's RSS come back to where it started.
import { LiveClient } from 'livets/testing'
import { appStats, sleep, withSoakApp } from '../app-process.ts'

const RETENTION_MS = 1_000

export async function cycles({ cycles: total, parallel }: { cycles: number; parallel: number }) {
  return withSoakApp({ SOAK_RETENTION_MS: String(RETENTION_MS) }, async (app) => {
    const url = new URL('/soak', app.url).href
    let failures = 0
    const cycle = async () => {
      const { client } = await LiveClient.connect(url)
      const reply = await client.event('increment')
      if (reply.error) failures++
      await client.close()
    }
    const run = async (count: number) => {
      let next = 0
      await Promise.all(Array.from({ length: parallel }, async () => {
        while (next++ < count) await cycle().catch(() => { failures++ })
      }))
    }
    const warmUp = Math.min(500, Math.ceil(total / 20))
    await run(warmUp)
    await sleep(RETENTION_MS + 2_000)
    const start = await appStats(app)
    const began = performance.now()
    await run(total)
    const seconds = (performance.now() - began) / 1000
    await sleep(RETENTION_MS + 3_000) // the sessions' retention passes: each is unmounted
    const end = await appStats(app)
    return {
      cycles: total, warmUpCycles: warmUp, parallel, seconds: Math.round(seconds), failures, retentionMs: RETENTION_MS,
      mounts: end.mounts - start.mounts, unmounts: end.unmounts - start.unmounts,
      rssStartBytes: start.rssBytes, rssEndBytes: end.rssBytes,
      rssChange: Number(((end.rssBytes - start.rssBytes) / start.rssBytes).toFixed(4)),
      // JS heap and buffers after a full collection: what JS still holds (RSS also counts pages V8 and the engine keep).
      heldStartBytes: start.heapUsedBytes + start.externalBytes, heldEndBytes: end.heapUsedBytes + end.externalBytes,
    }
  })
}
