// A LiveTS connection over the long-poll fallback (docs/protocol.md, "Long-poll"), driven at the
// HTTP level with node:http and a keep-alive agent, as a page behind an upgrade-stripping proxy
// would be: one link, frames up in POSTs, frames down in GETs held until there is something.
// Bytes count the whole HTTP exchange — request and status lines, headers and bodies — so they
// compare with a WebSocket's frames honestly.
import http from 'node:http'
import { EventNames, FRAME_REPLY, FRAME_SESSION, LONG_POLL_PATH, decodeFrameBatch, encodeEvent, encodeFrameBatch, encodeJoin } from '@livets/client/protocol'
import { pageToken } from 'livets/testing'
import type { BenchConnection } from './livets-client.ts'

interface Answer { status: number; body: Buffer; bytes: number }

/** One HTTP request over `agent`; `bytes` is what crossed the wire both ways (headers included). */
function exchange(agent: http.Agent, url: URL, method: string, body?: Uint8Array): Promise<Answer & { sent: number }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers: body ? { 'content-type': 'application/octet-stream', 'content-length': body.length } : {} }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const head = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n` + rawHeaders(response.rawHeaders) + '\r\n'
        const received = Buffer.concat(chunks)
        resolve({ status: response.statusCode ?? 0, body: received, bytes: Buffer.byteLength(head) + received.length, sent: sentBytes })
      })
    })
    request.on('error', reject)
    const sentHead = `${method} ${url.pathname} HTTP/1.1\r\n` + rawHeaders(Object.entries(request.getHeaders()).flatMap(([k, v]) => [k, String(v)])) + `host: ${url.host}\r\n\r\n`
    const sentBytes = Buffer.byteLength(sentHead) + (body?.length ?? 0)
    request.end(body)
  })
}

const rawHeaders = (pairs: string[]): string => {
  let out = ''
  for (let i = 0; i + 1 < pairs.length; i += 2) out += `${pairs[i]}: ${pairs[i + 1]}\r\n`
  return out
}

/** A long-poll link to the page at `url`, joined; send() is one counter click answered by its REPLY. */
export async function longPollConnection(url: string, event = 'increment'): Promise<BenchConnection> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 })
  const page = await (await fetch(url)).text()
  const base = new URL(LONG_POLL_PATH, url)
  const opened = await exchange(agent, base, 'POST')
  const link = new URL(`${LONG_POLL_PATH}/${opened.body.toString()}`, url)
  let up = 0, down = 0
  let answered: (() => void) | undefined
  let closed = false
  const poll = async (): Promise<void> => {
    while (!closed) {
      const answer = await exchange(agent, link, 'GET').catch(() => null)
      if (!answer || answer.status !== 200) return
      up += answer.sent
      down += answer.bytes
      for (const frame of decodeFrameBatch(answer.body)) if (frame[0] === FRAME_REPLY || frame[0] === FRAME_SESSION) answered?.()
    }
  }
  const joined = new Promise<void>((resolve) => { answered = resolve })
  void poll()
  await exchange(agent, link, 'POST', encodeFrameBatch([encodeJoin({ token: pageToken(page) })]))
  await joined
  let ack = 0
  // The link's event names (docs/protocol.md, "Event names"): the first click sends the name, the rest its index.
  const names = new EventNames()
  return {
    send: async () => {
      const reply = new Promise<void>((resolve) => { answered = resolve })
      const posted = await exchange(agent, link, 'POST', encodeFrameBatch([encodeEvent(ack, event, 0, {}, names)]))
      ack = 1
      up += posted.sent
      down += posted.bytes
      await reply
    },
    bytesUp: () => up,
    bytesDown: () => down,
    close: () => { closed = true; void exchange(agent, link, 'POST', new Uint8Array(0)).catch(() => {}).finally(() => agent.destroy()) },
  }
}
