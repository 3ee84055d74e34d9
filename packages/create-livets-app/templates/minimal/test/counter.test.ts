// The counter, tested through LiveTS's protocol client: the page is served on a free port, the test
// joins it as a browser would and sends events; each reply carries the changes to the page.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient, type LiveReply } from 'livets/testing'
import { app } from '../src/app.ts'

let server: LiveServer
let url: string

before(async () => {
  server = await serve(app, { port: 0, dev: false })
  url = `http://127.0.0.1:${server.port}/`
})
after(() => server.close())

/** The texts a reply changed on the page. */
const texts = (reply: LiveReply) => reply.ops.flatMap((op) => (op[0] === 'SET_TEXT' ? [op[2]] : []))

test('the first render is a complete page', async () => {
  // The page marks where each value goes with comments the live client uses; drop them to read it.
  const html = (await (await fetch(url)).text()).replace(/<!--[^]*?-->/g, '')
  assert.match(html, /<output id="count"[^>]*>0<\/output>/)
  assert.match(html, /<link rel="stylesheet" href="\/app.css">/)
})

test('+ and − change the count by the step', async () => {
  const { client } = await LiveClient.connect(url)
  assert.deepEqual(texts(await client.event('increment')), ['1'])
  assert.deepEqual(texts(await client.event('increment')), ['2'])
  const reply = await client.event('setStep', { value: '5' })
  assert.ok(texts(reply).includes('5'), 'the heading shows the new step')
  assert.deepEqual(texts(await client.event('decrement')), ['-3'])
  await client.close()
})

test('a step that is not a whole number from 1 to 100 is refused with a message', async () => {
  const { client } = await LiveClient.connect(url)
  assert.ok(texts(await client.event('setStep', { value: 'abc' })).includes('Enter a number'))
  assert.ok(texts(await client.event('setStep', { value: '500' })).includes('At most 100'))
  assert.deepEqual(texts(await client.event('increment')), ['1'], 'the step stayed 1')
  await client.close()
})

test('public/ is served', async () => {
  const response = await fetch(new URL('/favicon.svg', url))
  assert.equal(response.status, 200)
})
