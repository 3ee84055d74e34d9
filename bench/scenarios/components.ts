// S11, components and streams (docs/components.md), each figure next to a baseline of the same run:
// - a like on one card of 1,000 (bench/servers/components-pages.ts): a component per card, against
//   the same change in a flat view (all cards in the view's state), against the same page of 10
//   cards (the bytes must not grow with the page), and against Blazor Server with a component per
//   card (bench/peers/blazor/Components/Pages/Cards.razor); and the 1,000 cards without checkpoints
//   (`static persist = false`), which shows what the checkpoint taken after each event costs. Bytes both ways per event, and server
//   CPU per event (the server process's, from /proc, over many events), closed loop on one socket;
// - 100,000 items sent once to each of a few pages: a stream against the same list kept in state,
//   server RSS per item after a full GC in a fresh server process each.
import { LiveClient } from 'livets/testing'
import { collectGarbage, withServer, type ServerProcess } from '../lib/server-process.ts'
import { latencyMs, round, summarize } from '../lib/stats.ts'
import { BlazorCircuit } from '../drivers/blazor-circuit.ts'
import type { ElementNode } from '../drivers/blazor-render-tree.ts'
import { startBlazor } from './systems.ts'

type Row = Record<string, unknown>
type Record_ = (scenario: string, system: string, row: Row) => void

export interface ComponentsConfig { events: number; streamPages: number }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One event's loop, timed: `send` does one like and resolves when its answer (patch or render batch) arrived. */
async function measureEvents(server: ServerProcess, events: number, counts: () => { up: number; down: number }, send: () => Promise<unknown>, settle: () => Promise<unknown> = async () => {}): Promise<Row> {
  for (let i = 0; i < 200; i++) await send() // warm-up
  await settle()
  const before = counts()
  const cpuBefore = server.cpuSeconds()
  const samples: number[] = []
  for (let i = 0; i < events; i++) {
    const t = performance.now()
    await send()
    samples.push(performance.now() - t)
  }
  await settle()
  const after = counts()
  return {
    events,
    bytesUpPerEvent: round((after.up - before.up) / events, 1),
    bytesDownPerEvent: round((after.down - before.down) / events, 1),
    roundTripMs: latencyMs(summarize(samples)),
    serverCpuUsPerEvent: round((server.cpuSeconds() - cpuBefore) * 1e6 / events, 1),
  }
}

/** The component number the page gave card `id` (its root carries data-ts-c and data-ts-id). */
function componentNumber(page: string, id: string): number {
  const match = new RegExp(`data-ts-c="(\\d+)" data-ts-id="${id}"`).exec(page)
  if (!match) throw new Error(`the page places no component ${id}`)
  return Number(match[1])
}

async function liveTsLikes(start: () => Promise<ServerProcess>, path: string, cards: number, events: number, notes: string[], system: string): Promise<Row> {
  return withServer(start, async (server) => {
    const { client } = await LiveClient.connect(new URL(path, server.url).href)
    const index = Math.floor(cards / 2)
    const flat = path.startsWith('/flat')
    const target = flat ? 0 : componentNumber(client.html, `c${index}`)
    const payload: Record<string, string> = flat ? { id: String(index) } : {}
    let last: Uint8Array | undefined
    const row = await measureEvents(server, events, () => ({ up: client.bytesUp, down: client.bytesDown }), async () => {
      const reply = await client.event('like', payload, target)
      if (reply.error) throw new Error(`${path}: like answered ${reply.error.message}`)
      last = reply.frame
    })
    // The last patch carries the card's count: every like reached the card it was meant for.
    if (!new TextDecoder().decode(last).includes(String(events + 200))) notes.push(`S11 ${system}: the last like's patch does not show ${events + 200} likes`)
    await client.close()
    return { cards, ...row }
  })
}

async function blazorLikes(events: number, notes: string[]): Promise<Row> {
  return withServer(startBlazor, async (server) => {
    const circuit = await BlazorCircuit.open(new URL('/cards', server.url).href)
    const cards = () => circuit.tree.findAll((node) => node.name === 'article')
    if (cards().length !== 1000) throw new Error(`Blazor /cards shows ${cards().length} cards, 1000 expected`)
    const button = (card: ElementNode) => card.children.find((n): n is ElementNode => (n as ElementNode).name === 'button')!
    // The card's handler id is read from the tree before each like, as the browser has it in the DOM.
    const row = await measureEvents(server, events, () => ({ ...circuit.counts }), () => circuit.clickNode(button(cards()[500]), 'card 500\'s like'), () => sleep(200))
    const shown = Number(circuit.text((n) => n.name === 'b' && n.parent === cards()[500]))
    if (shown !== events + 200) notes.push(`S11 blazor: card 500 shows ${shown} likes after ${events + 200}`)
    await circuit.close()
    return { cards: 1000, ...row }
  })
}

/** RSS per item: `pages` pages of `path` (100,000 items each) joined on a fresh server, after a full GC. */
async function rssPerItem(start: () => Promise<ServerProcess>, path: string, pages: number, items: number): Promise<Row> {
  return withServer(start, async (server) => {
    const url = new URL(path, server.url).href
    const warm = await LiveClient.connect(url) // code and caches every page shares
    warm.client.acknowledge()
    await sleep(300)
    const before = await collectGarbage(server.url)
    const rssBefore = server.rssBytes()
    const clients: LiveClient[] = []
    for (let i = 0; i < pages; i++) clients.push((await LiveClient.connect(url)).client)
    // As the browser's client does: the server keeps a frame until the page acknowledges it (for resuming).
    for (const c of clients) c.acknowledge()
    await sleep(500)
    const after = await collectGarbage(server.url)
    const rssAfter = server.rssBytes()
    for (const c of clients) await c.close()
    await warm.client.close()
    const perItem = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : round((a - b) / (pages * items), 2))
    return {
      pages, itemsPerPage: items,
      rssBytesPerItem: round((rssAfter - rssBefore) / (pages * items), 2),
      jsHeapBytesPerItem: perItem(after.jsHeap, before.jsHeap),
      managedHeapBytesPerItem: perItem(after.managedHeap, before.managedHeap),
      externalBytesPerItem: perItem(after.external, before.external), // Node buffers outside the JS heap (frames not yet acknowledged)
    }
  })
}

export async function measureComponents(startLiveTs: () => Promise<ServerProcess>, withBlazor: boolean, config: ComponentsConfig, record: Record_, notes: string[]): Promise<void> {
  record('S11-component-event', 'livets component', await liveTsLikes(startLiveTs, '/cards', 1000, config.events, notes, 'livets component'))
  record('S11-component-event', 'livets component, 10 cards', await liveTsLikes(startLiveTs, '/cards?n=10', 10, config.events, notes, 'livets component, 10 cards'))
  record('S11-component-event', 'livets component, no checkpoints', await liveTsLikes(startLiveTs, '/cards-no-checkpoint', 1000, config.events, notes, 'livets component, no checkpoints'))
  record('S11-component-event', 'livets flat view', await liveTsLikes(startLiveTs, '/flat-cards', 1000, config.events, notes, 'livets flat view'))
  if (withBlazor) record('S11-component-event', 'blazor component', await blazorLikes(config.events, notes))
  record('S11-stream-memory', 'livets kept in state', await rssPerItem(startLiveTs, '/kept', config.streamPages, 100_000))
  record('S11-stream-memory', 'livets stream', await rssPerItem(startLiveTs, '/streamed', config.streamPages, 100_000))
}
