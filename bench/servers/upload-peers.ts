// S7's baselines, in their own process: the same bytes received over a bare `ws` socket (each
// binary message appended to a file) and as an HTTP multipart POST to a Hono route (the usual
// `parseBody()`, then the file written out). Both write to a temporary file, as LiveTS does.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { WebSocketServer } from 'ws'

const dir = await mkdtemp(join(tmpdir(), 'livets-bench-upload-'))

const app = new Hono()
app.post('/hono-upload', async (c) => {
  const body = await c.req.parseBody()
  const file = body.file as File
  const path = join(dir, 'hono.bin')
  await writeFile(path, new Uint8Array(await file.arrayBuffer()))
  await rm(path)
  return c.text(String(file.size))
})

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(`listening on http://127.0.0.1:${info.port}`)
})
const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => {
  const path = join(dir, `ws-${Date.now()}.bin`)
  const out = createWriteStream(path)
  let bytes = 0
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) { bytes += data.length; out.write(data); return }
    out.end(() => { ws.send(`ok:${bytes}`); void rm(path) })
  })
}))
process.on('SIGTERM', () => { void rm(dir, { recursive: true, force: true }).finally(() => process.exit(0)) })
