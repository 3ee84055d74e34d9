// The fast versions of the soak's parts (npm run soak, RELIABILITY.md) that no other test covers:
// malformed frames over a real socket, prototype and lifecycle names as events, pages that come
// and go leaving nothing mounted, steady clicking with nothing lost, and failures kept to the page
// that caused them. Counts are small; nothing here is timed.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { LiveView, html, live, type MountContext } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient, type LiveReply } from 'livets/testing'
import { CLOSE_MOUNT_FAILED, CLOSE_PROTOCOL_ERROR, ERROR_HANDLER_FAILED, ERROR_UNKNOWN_EVENT } from '@livets/client/protocol'

const counted = { mounts: 0, unmounts: 0 }

class Fragile extends LiveView<{ count: number; broken: boolean }> {
  private live = false
  mount(ctx: MountContext) {
    if (ctx.connected && ctx.query.crash === 'mount') throw new Error('a mount that fails')
    this.state = { count: 0, broken: false }
    if (ctx.connected) { this.live = true; counted.mounts++ }
  }
  // The static render of a GET is unmounted too: only live mounts are counted.
  unmount() { if (this.live) counted.unmounts++ }
  increment() { this.state.count++ }
  crash() { throw new Error('a handler that fails') }
  breakRender() { this.state.broken = true }
  async hang() { await new Promise(() => {}) }
  render() {
    if (this.state.broken) throw new Error('a render that fails')
    return html`<p>${this.state.count}<button ts-on:click="increment">+</button><button ts-on:click="crash">crash</button>
<button ts-on:click="breakRender">break</button><button ts-on:click="hang">hang</button></p>`
  }
}

let server: LiveServer
let url: string

before(async () => {
  const app = new Hono()
  app.get('/', live(Fragile))
  // retentionMs 0: a closed page's session ends at once, so its view is unmounted at once.
  server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, retentionMs: 0, handlerTimeoutMs: 200, logger: { error: () => {}, warn: () => {} } })
  url = `http://127.0.0.1:${server.port}/`
})
after(() => server.close())

/** Clicks on every page, `rounds` times, and returns every answer. */
async function clickAll(pages: LiveClient[], rounds: number): Promise<LiveReply[]> {
  const answers: Array<Promise<LiveReply>> = []
  for (let round = 0; round < rounds; round++) for (const page of pages) answers.push(page.event('increment'))
  return Promise.all(answers)
}

describe('hostile input over a real socket', () => {
  test('a truncated varint, a varint over 32 bits and invalid UTF-8 each close their own connection with 4400', async () => {
    const { client: bystander } = await LiveClient.connect(url)
    for (const hex of ['02 00 ff', '02 00 ff ff ff ff ff 61', '02 00 01 c3 00 00']) {
      const { client } = await LiveClient.connect(url)
      client.sendRaw(Uint8Array.from(hex.split(' ').map((b) => parseInt(b, 16))))
      assert.equal((await client.closed()).code, CLOSE_PROTOCOL_ERROR, hex)
    }
    assert.deepEqual((await bystander.event('increment')).ops, [['SET_TEXT', 0, '1']])
    await bystander.close()
  })

  test('__proto__, constructor and lifecycle names are refused as events; the connection goes on', async () => {
    const { client } = await LiveClient.connect(url)
    for (const name of ['__proto__', 'constructor', 'mount', 'unmount', 'render', 'toString', 'hasOwnProperty']) {
      assert.equal((await client.event(name)).error?.code, ERROR_UNKNOWN_EVENT, name)
    }
    assert.deepEqual((await client.event('increment')).ops, [['SET_TEXT', 0, '1']])
    await client.close()
  })
})

describe('soak, small', () => {
  test('pages that connect, join, click and close: every live mount is unmounted', async () => {
    const mountsBefore = counted.mounts, unmountsBefore = counted.unmounts
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 10 }, async () => {
        const { client } = await LiveClient.connect(url)
        assert.equal((await client.event('increment')).error, undefined)
        await client.close()
      }))
    }
    for (let i = 0; i < 100 && counted.unmounts - unmountsBefore < 100; i++) await new Promise((r) => setTimeout(r, 20))
    assert.equal(counted.mounts - mountsBefore, 100)
    assert.equal(counted.unmounts - unmountsBefore, 100)
  })

  test('50 pages clicking 20 times each: every click answered, none with an error', async () => {
    const pages = await Promise.all(Array.from({ length: 50 }, async () => (await LiveClient.connect(url)).client))
    const answers = await clickAll(pages, 20)
    assert.equal(answers.length, 1_000)
    assert.deepEqual(answers.filter((a) => a.error), [])
    assert.deepEqual((await pages[0].event('increment')).ops, [['SET_TEXT', 0, '21']], 'each click counted once')
    await Promise.all(pages.map((page) => page.close()))
  })

  test('a page whose handler, render and mount throw, and whose handler hangs, leaves the pages clicking meanwhile without an error', async () => {
    const pages = await Promise.all(Array.from({ length: 20 }, async () => (await LiveClient.connect(url)).client))
    const clicking = clickAll(pages, 10)
    const { client: fragile } = await LiveClient.connect(url)
    assert.equal((await fragile.event('crash')).error?.code, ERROR_HANDLER_FAILED)
    assert.equal((await fragile.event('hang')).error?.code, ERROR_HANDLER_FAILED, 'timed out after handlerTimeoutMs')
    assert.equal((await fragile.event('breakRender')).error?.code, ERROR_HANDLER_FAILED)
    assert.deepEqual((await fragile.event('increment')).ops, [['SET_TEXT', 0, '1']], 'its state rolled back; it goes on')
    await fragile.close()
    await assert.rejects(LiveClient.connect(`${url}?crash=mount`), (e: { code: number }) => e.code === CLOSE_MOUNT_FAILED)
    assert.deepEqual((await clicking).filter((a) => a.error), [])
    await Promise.all(pages.map((page) => page.close()))
  })
})
