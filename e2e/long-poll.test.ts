// The long-poll fallback in Chromium: behind a proxy that refuses WebSocket upgrades the page goes
// live over HTTP with the same frames, and when upgrades pass again it moves back to a WebSocket,
// resuming its session (docs/protocol.md, "Long-poll").
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { app } from '../examples/counter/src/app.ts'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'

let browser: Browser
let served: Served
let proxy: http.Server
let proxyUrl: string
let upgrades: 'refuse' | 'pass' = 'refuse'

/** An HTTP proxy in front of the app that forwards requests and, while told to, refuses upgrades (as some proxies do). */
function startProxy(target: URL): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const forward = http.request({ host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    })
    forward.on('error', () => response.destroy())
    request.pipe(forward)
  })
  server.on('upgrade', (request, socket, head) => {
    if (upgrades === 'refuse') { socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'); return }
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      const lines = [`${request.method} ${request.url} HTTP/1.1`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`), '', '']
      upstream.write(lines.join('\r\n'))
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

before(async () => {
  served = await serveApp(app)
  proxy = await startProxy(new URL(served.url))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  proxy?.closeAllConnections()
  proxy?.close()
  await served?.server.close()
})

test('behind a proxy that refuses upgrades the page goes live over long-poll, then back to a WebSocket when it can', async () => {
  const page = await browser.newPage()
  // A short retry, so the switch back happens within the test (the default is 30 s).
  await page.addInitScript(() => { (window as unknown as { LiveTS: object }).LiveTS = { options: { webSocketRetryMs: 300 } } })
  const opened: string[] = []
  page.on('websocket', (ws) => ws.on('framereceived', () => opened.push(ws.url())))
  const longPolls: string[] = []
  page.on('request', (request) => { if (request.url().includes('/_livets/lp')) longPolls.push(request.method()) })

  await page.goto(proxyUrl)
  await settled(page)
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'increment' }).click()
  await page.waitForFunction(() => document.querySelector('#count')?.textContent === '3')
  await page.fill('#text', 'over http')
  await page.waitForFunction(() => document.querySelector('#echo')?.textContent === 'OVER HTTP')
  assert.equal(opened.length, 0, 'no WebSocket carried a frame')
  assert.ok(longPolls.includes('GET') && longPolls.includes('POST'), 'frames went over long-poll')

  upgrades = 'pass'
  await page.waitForFunction(() => window.LiveTS!.connection.status.joins >= 2 && window.LiveTS!.connection.status.connected)
  await settled(page)
  await page.getByRole('button', { name: 'increment' }).click()
  await page.waitForFunction(() => document.querySelector('#count')?.textContent === '4')
  assert.ok(opened.length > 0, 'a WebSocket carries the frames now')
  assert.equal(await page.evaluate(() => window.LiveTS!.connection.status.session), 1, 'the session was resumed, not remounted')
  assert.deepEqual(served.logs, [])
  await page.close()
})
