// The guestbook: a refused form says what is wrong, and an entry reaches every open page.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient, type LiveReply } from 'livets/testing'
import { app } from '../src/app.ts'

let server: LiveServer
let url: string

before(async () => {
  server = await serve(app, { port: 0, dev: false })
  url = `http://127.0.0.1:${server.port}/guestbook`
})
after(() => server.close())

/** Everything a reply changed on the page, as text to search. */
const changes = (reply: LiveReply) => JSON.stringify(reply.ops)

test('signing with empty fields says what is missing', async () => {
  const { client } = await LiveClient.connect(url)
  const refused = changes(await client.event('sign', { name: '', message: 'hi' }))
  assert.match(refused, /Tell us your name/)
  assert.match(refused, /Write at least 3 characters/)
  await client.close()
})

test('an entry appears on every open guestbook page', async () => {
  const { client: writer } = await LiveClient.connect(url)
  const { client: reader } = await LiveClient.connect(url)
  // The entry is broadcast: every page, the writer's too, receives it as a push.
  const arrivals = [writer.nextPush(), reader.nextPush()]
  await writer.event('sign', { name: 'Grace', message: 'Hello from the test' })
  for (const arrival of await Promise.all(arrivals)) assert.match(changes(arrival), /Hello from the test/)
  await writer.close()
  await reader.close()
})
