// S11, components and streams (docs/components.md), in one process, one run, ratios:
// - a like on one card of 1,000: a component per card against the same change in a flat view (all
//   cards in the view's state): bytes down per event and server CPU per event (process.cpuUsage
//   over many events, the socket's own work included alike);
// - 100,000 items sent once: a stream against the same list kept in state: RSS per item after a GC.
// Run: node --expose-gc --conditions=livets-source --import tsx bench/scenarios/components.ts
import { Hono } from 'hono'
import { LiveComponent, LiveView, component, html, live, type EventPayload } from 'livets'
import { serve } from 'livets/node'
import { LiveClient, pageToken } from 'livets/testing'

const CARDS = 1_000, EVENTS = 2_000, ITEMS = 100_000

class Card extends LiveComponent<{ title: string }, { likes: number }> {
  mount() { this.state = { likes: 0 } }
  like() { this.state.likes++ }
  render() { return html`<article><h3>${this.props.title}</h3><b>${this.state.likes}</b><button ts-on:click="like">like</button></article>` }
}
class Cards extends LiveView<{ n: number }> {
  mount() { this.state = { n: CARDS } }
  render() { return html`<main>${Array.from({ length: this.state.n }, (_, i) => component(Card, { id: `c${i}`, title: `Card ${i}` }))}</main>` }
}
class Flat extends LiveView<{ cards: Array<{ id: number; title: string; likes: number }> }> {
  mount() { this.state = { cards: Array.from({ length: CARDS }, (_, i) => ({ id: i, title: `Card ${i}`, likes: 0 })) } }
  like(p: EventPayload) { this.state.cards[Number(p.id)].likes++ }
  render() {
    return html`<main>${this.state.cards.map((c) => html`<article ts-key=${c.id}><h3>${c.title}</h3><b>${c.likes}</b><button ts-on:click="like" ts-value-id=${c.id}>like</button></article>`)}</main>`
  }
}
class Streamed extends LiveView<{ n: number }> {
  mount() { this.state = { n: ITEMS }; this.stream('rows', Array.from({ length: ITEMS }, (_, i) => ({ id: i, text: `row ${i}` }))) }
  render() { return html`<ul>${this.streams.rows.map((r: { id: number; text: string }) => html`<li ts-key=${r.id}>${r.text}</li>`)}</ul>` }
}
class Kept extends LiveView<{ rows: Array<{ id: number; text: string }> }> {
  mount() { this.state = { rows: Array.from({ length: ITEMS }, (_, i) => ({ id: i, text: `row ${i}` })) } }
  render() { return html`<ul>${this.state.rows.map((r) => html`<li ts-key=${r.id}>${r.text}</li>`)}</ul>` }
}

const app = new Hono()
app.get('/cards', live(Cards)); app.get('/flat', live(Flat)); app.get('/streamed', live(Streamed)); app.get('/kept', live(Kept))
const server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, dev: false, logger: { error: console.error, warn: () => {} } })
const base = `http://127.0.0.1:${server.port}/`

async function join(path: string): Promise<LiveClient> {
  const page = await (await fetch(base + path)).text()
  return (await LiveClient.join(base + path, pageToken(page), page)).client
}

async function perEvent(path: string, send: (client: LiveClient, i: number) => Promise<{ frame: Uint8Array }>): Promise<{ bytes: number; cpuUs: number }> {
  const client = await join(path)
  for (let i = 0; i < 200; i++) await send(client, i) // warm-up
  let bytes = 0
  const before = process.cpuUsage()
  for (let i = 0; i < EVENTS; i++) bytes += (await send(client, i)).frame.length
  const used = process.cpuUsage(before)
  await client.close()
  return { bytes: bytes / EVENTS, cpuUs: (used.user + used.system) / EVENTS }
}

const number = (page: string, id: string) => Number(new RegExp(`data-ts-c="(\\d+)" data-ts-id="${id}"`).exec(page)![1])
const cardsPage = await (await fetch(base + 'cards')).text()
const target = number(cardsPage, 'c500')
const rows: string[] = []
for (let round = 0; round < 3; round++) {
  const comp = await perEvent('cards', (c) => c.event('like', {}, target))
  const flat = await perEvent('flat', (c) => c.event('like', { id: '500' }))
  rows.push(`round ${round + 1}: component ${comp.bytes.toFixed(1)} B, ${comp.cpuUs.toFixed(0)} µs; flat view ${flat.bytes.toFixed(1)} B, ${flat.cpuUs.toFixed(0)} µs; CPU ratio flat/component ${(flat.cpuUs / comp.cpuUs).toFixed(2)}×`)
}

async function rssPerItem(path: string): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc!
  const clients: LiveClient[] = []
  gc(); await new Promise((r) => setTimeout(r, 200)); gc()
  const before = process.memoryUsage().rss
  for (let i = 0; i < 5; i++) clients.push(await join(path))
  gc(); await new Promise((r) => setTimeout(r, 500)); gc()
  const after = process.memoryUsage().rss
  for (const c of clients) await c.close()
  return (after - before) / (5 * ITEMS)
}
const kept = await rssPerItem('kept')
const streamed = await rssPerItem('streamed')
rows.push(`RSS per item, 5 pages of ${ITEMS.toLocaleString('en')} items: kept in state ${kept.toFixed(1)} B, stream ${streamed.toFixed(1)} B (${(kept / Math.max(streamed, 0.01)).toFixed(1)}×)`)
console.log(rows.join('\n'))
await server.close()
