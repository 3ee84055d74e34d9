// Blazor Server in the same scenarios as LiveTS, measured the same way: the peer app in
// bench/peers/blazor (its own process on the server core, started by startBlazor) driven through
// the protocol-level circuit client in bench/drivers/blazor-circuit.ts, and through Chromium for S1.
// Rows carry the field names bench/run.ts uses for LiveTS, so the report lines them up.
import { summarize, round, latencyMs } from '../lib/stats.ts'
import { collectGarbage, withServer, type ServerProcess } from '../lib/server-process.ts'
import { runOpenLoop } from '../drivers/open-loop.ts'
import { openMany } from '../drivers/livets-client.ts'
import { launch, measureClicks } from '../drivers/chromium.ts'
import { BlazorCircuit, blazorCounterConnection, byAttributes, byText } from '../drivers/blazor-circuit.ts'
import type { ElementNode } from '../drivers/blazor-render-tree.ts'
import { startBlazor } from './systems.ts'
import { measureKeystrokes, typedText } from '../lib/keystrokes.ts'
import { idleReadings } from '../lib/idle.ts'

type Record_ = (scenario: string, system: string, row: Record<string, unknown>) => void

export interface BlazorScenarios {
  s1Single(clicks: number, record: Record_, notes: string[]): Promise<void>
  s1Load(connections: number, seconds: number, record: Record_, notes: string[]): Promise<void>
  /** S0: `n` open circuits on `path` (the idle page by default), recorded as `scenario`. */
  s0Idle(n: number, record: Record_, notes: string[], path?: string, scenario?: string): Promise<void>
  s5Form(keys: number, record: Record_, notes: string[]): Promise<void>
  /** S6: a 5-field EditForm validated by DataAnnotations on every keystroke, the same keystrokes as LiveTS's zod form. */
  s6EditForm(keys: number, record: Record_, notes: string[]): Promise<void>
  s1Browser(clicks: number, record: Record_, notes: string[]): Promise<void>
  /** S2: `events` of each kind (update a row's label, select a row, swap rows 2 and 999) on the 1,000-row table. */
  s2Table(events: number, record: Record_, notes: string[]): Promise<void>
  /** S4: `messages` chat messages, each fanned out to `subscribers` circuits (the sender among them). */
  s4Chat(subscribers: number, messages: number, record: Record_, notes: string[]): Promise<void>
}

const SYSTEM = 'blazor'
const sleep = (milliseconds: number) => new Promise((r) => setTimeout(r, milliseconds))

const withBlazor = <T>(body: (server: ServerProcess) => Promise<T>): Promise<T> => withServer(startBlazor, body)

/** Says once per run how the Blazor figures were obtained, so no reader compares unlike things. */
function explain(notes: string[]): void {
  const note = 'Blazor Server (bench/peers/blazor, .NET 10, prerendered interactive server components, default Server GC on one core) ' +
    'is driven by bench/drivers/blazor-circuit.ts, which speaks the circuit protocol as blazor.web.js does: it reads the page\'s component markers, ' +
    'starts the circuit over SignalR (blazorpack), dispatches events with handler ids read from the render batches, and acknowledges every batch. ' +
    'Its bytes per event therefore include the render-batch acknowledgement up and the event completion down, as in the browser.'
  if (!notes.includes(note)) notes.push(note)
}

/** Resolves once the trailing messages of the last event (completion, acknowledgement) have crossed. */
const settle = () => sleep(200)

let circuits0 = 0 // numbers the chat members' names
const byId = (id: string) => (node: ElementNode) => node.attributes.get('id') === id

export const blazorDriver: BlazorScenarios = {
  // ---- S1 single user: closed-loop clicks on one circuit ----
  async s1Single(clicks, record, notes) {
    explain(notes)
    await withBlazor(async (server) => {
      const connection = await blazorCounterConnection(new URL('/counter', server.url).href)
      for (let i = 0; i < 100; i++) await connection.send() // warm-up, as for LiveTS
      await settle()
      const upBefore = connection.bytesUp(), downBefore = connection.bytesDown()
      const cpuBefore = server.cpuSeconds()
      const samples: number[] = []
      for (let i = 0; i < clicks; i++) {
        const t = performance.now()
        await connection.send()
        samples.push(performance.now() - t)
      }
      await settle()
      const cpu = server.cpuSeconds() - cpuBefore
      const shown = Number(connection.circuit.text(byId('count')))
      if (shown !== clicks + 100) notes.push(`Blazor S1-single: the counter shows ${shown} after ${clicks + 100} clicks`)
      record('S1-single', SYSTEM, {
        clicks,
        bytesUpPerEvent: (connection.bytesUp() - upBefore) / clicks,
        bytesDownPerEvent: (connection.bytesDown() - downBefore) / clicks,
        roundTripMs: latencyMs(summarize(samples)),
        serverCpuUsPerEvent: round(cpu * 1e6 / clicks, 1),
      })
      connection.close()
    })
  },

  // ---- S1 load: N circuits, 1 click/s each, open loop ----
  async s1Load(connections, seconds, record, notes) {
    explain(notes)
    await withBlazor(async (server) => {
      const url = new URL('/counter', server.url).href
      const circuits = await openMany(connections, () => blazorCounterConnection(url))
      const cpuBefore = server.cpuSeconds()
      const result = await runOpenLoop(circuits, 1, seconds)
      const cpu = server.cpuSeconds() - cpuBefore
      record('S1-load', SYSTEM, {
        connections, ratePerConnection: 1, seconds,
        sent: result.sent, completed: result.completed, lateSends: result.lateSends,
        latencyMs: latencyMs(summarize(result.latenciesMs)),
        serverCpuUsPerEvent: round(cpu * 1e6 / Math.max(1, result.completed), 1),
      })
      for (const c of circuits) c.close()
    })
  },

  // ---- S0 idle: memory per open circuit after a full blocking compacting GC ----
  async s0Idle(n, record, notes, path = '/idle', scenario = `S0-idle-${n}`) {
    explain(notes)
    await withBlazor(async (server) => {
      const url = new URL(path, server.url).href
      // One circuit first, so code paths and caches that every circuit shares are warm.
      const warm = await BlazorCircuit.open(url)
      const before = await collectGarbage(server.url)
      const rssBefore = server.rssBytes()
      // SignalR's client pings every 15 s, the keep-alive the browser sends too.
      const circuits = await openMany(n, () => BlazorCircuit.open(url), 100)
      const opened = performance.now()
      // Read at the same times as LiveTS's (bench/run.ts).
      for (const reading of idleReadings(scenario, SYSTEM)) {
        await sleep(Math.max(0, reading.ms - (performance.now() - opened)))
        const after = await collectGarbage(server.url)
        const rssAfter = server.rssBytes()
        if (after.connections !== n + 1) notes.push(`Blazor ${scenario}: the server reports ${after.connections} open circuits, ${n + 1} expected`)
        record(scenario, reading.system, {
          connections: n,
          idleSeconds: reading.ms / 1000,
          serverReports: after.connections,
          rssBytesPerConnection: Math.round((rssAfter - rssBefore) / n),
          jsHeapBytesPerConnection: null, // no JavaScript heap in a .NET server
          managedHeapBytesPerConnection: Math.round((after.managedHeap - before.managedHeap) / n),
        })
      }
      await Promise.all(circuits.map((c) => c.close().catch(() => {})))
      await warm.close()
    })
  },

  // ---- S5 form: 10 fields validated on every keystroke ----
  async s5Form(keys, record, notes) {
    explain(notes)
    await withBlazor(async (server) => {
      const circuit = await BlazorCircuit.open(new URL('/form', server.url).href)
      const fields = Array.from({ length: 10 }, (_, i) => byAttributes('input', { name: `field${i}` }))
      let text = ''
      record('S5-form', SYSTEM, await measureKeystrokes({
        keys, counts: () => circuit.counts, cpuSeconds: () => server.cpuSeconds(), settle,
        keystroke: (i) => {
          text = i % 8 === 7 ? '' : text + 'abcdefgh'[i % 8] // the same keystrokes as the LiveTS run
          return circuit.input(fields[i % 10], text, `input[name=field${i % 10}]`)
        },
      }))
      await circuit.close()
    })
  },

  // ---- S6 zod form's twin: EditForm + DataAnnotations, 5 fields validated on every keystroke ----
  async s6EditForm(keys, record, notes) {
    explain(notes)
    await withBlazor(async (server) => {
      const circuit = await BlazorCircuit.open(new URL('/editform', server.url).href)
      const ids = ['name', 'email', 'age', 'city', 'zip']
      const fields = ids.map((id) => byAttributes('input', { id }))
      const values = ids.map(() => '')
      const keystroke = (i: number) => {
        const at = typedText(values, i) // the same keystrokes as the LiveTS run
        return circuit.input(fields[at], values[at], `input#${ids[at]}`)
      }
      for (let i = 0; i < 200; i++) await keystroke(i) // warm-up, as for LiveTS
      record('S6-zod-form', SYSTEM, await measureKeystrokes({ keys, counts: () => circuit.counts, cpuSeconds: () => server.cpuSeconds(), settle, keystroke }))
      await circuit.close()
    })
    const note = 'S6: a LiveTS `ts-form` keystroke carries every field of the form (as Phoenix\'s phx-change does) and the name of the one that changed; ' +
      'a Blazor keystroke carries the one field\'s value. Both validate the whole model with its schema (zod / DataAnnotations) and send the changed error texts down.'
    if (!notes.includes(note)) notes.push(note)
  },

  // ---- S1 through Chromium: blazor.web.js itself, bytes from CDP and click→DOM latency ----
  async s1Browser(clicks, record) {
    const browser = await launch()
    try {
      await withBlazor(async (server) => {
        const result = await measureClicks(browser, new URL('/counter', server.url).href,
          'button[aria-label=increment]', '#count', clicks, blazorReady)
        record('S1-browser', SYSTEM, {
          clicks,
          bytesUpPerClick: round(result.bytesUpPerClick, 1),
          bytesDownPerClick: round(result.bytesDownPerClick, 1),
          clickToDomMs: latencyMs(summarize(result.latenciesMs)),
        })
      })
    } finally { await browser.close() }
  },

  // ---- S2 table: one event at a time on the 1,000-row table, the LiveTS procedure and row shape ----
  async s2Table(events, record, notes) {
    explain(notes)
    await withBlazor(async (server) => {
      const circuit = await BlazorCircuit.open(new URL('/table', server.url).href)
      // Row handler ids change on every render (each row's handler is a lambda), so each event finds
      // its target in the tree first, outside the timed part, as a browser has it at hand in the DOM.
      const rowLinks = () => circuit.tree.findAll((node) => node.name === 'a' && node.handlers.has('click'))
      if (rowLinks().length !== 1000) throw new Error(`/table shows ${rowLinks().length} rows, 1000 expected`)
      const update = byText('button', 'update'), swap = byText('button', 'swap')
      const actions: Array<[string, (i: number) => () => Promise<void>]> = [
        // The page picks the same row for its i-th update as LiveTS's (i * 37) % 1000.
        ['update one label', () => { const target = circuit.element(update, 'update button'); return () => circuit.clickNode(target) }],
        ['select a row', (i) => { const target = rowLinks()[(i * 53) % 1000]; return () => circuit.clickNode(target, 'a row label') }],
        ['swap two rows', () => { const target = circuit.element(swap, 'swap button'); return () => circuit.clickNode(target) }],
      ]
      const row: Record<string, unknown> = { rows: 1000, events }
      for (const [label, event] of actions) {
        for (let i = 0; i < 20; i++) await event(i)() // warm-up
        await settle()
        const upBefore = circuit.counts.up, downBefore = circuit.counts.down
        const cpuBefore = server.cpuSeconds()
        const samples: number[] = []
        for (let i = 0; i < events; i++) {
          const send = event(i)
          const t = performance.now()
          await send()
          samples.push(performance.now() - t)
        }
        await settle()
        row[label] = {
          bytesUpPerEvent: round((circuit.counts.up - upBefore) / events, 1),
          bytesDownPerEvent: round((circuit.counts.down - downBefore) / events, 1),
          roundTripMs: latencyMs(summarize(samples)),
          serverCpuUsPerEvent: round((server.cpuSeconds() - cpuBefore) * 1e6 / events, 1),
        }
      }
      record('S2-table', SYSTEM, row)
      await circuit.close()
    })
    const note = 'Blazor S2: each row\'s select handler is the usual per-row lambda (`@onclick="() => Select(row.Id)"`), so every render of the table ' +
      'gives all 1,000 rows new event handler ids and sends them (and the disposed ids) down: most of its bytes per event.'
    if (!notes.includes(note)) notes.push(note)
  },

  // ---- S4 chat: one message fanned out to every subscriber, the LiveTS procedure and row shape ----
  async s4Chat(subscribers, messages, record, notes) {
    explain(notes)
    await withBlazor(async (server) => {
      const circuits = await openMany(subscribers, () => BlazorCircuit.open(new URL(`/chat?name=user${circuits0++}`, server.url).href))
      const sender = circuits[0]
      const text = (node: ElementNode) => node.name === 'input' && node.attributes.get('name') === 'text'
      const form = (node: ElementNode) => node.name === 'form'
      const list = (node: ElementNode) => node.name === 'ul'
      const totalDown = () => circuits.reduce((n, c) => n + c.counts.down, 0)
      const lastArrivalMs: number[] = []
      let down = 0
      const cpuBefore = server.cpuSeconds()
      for (let m = 0; m < messages; m++) {
        const message = `message ${m} with a few words in it`
        // Typing is its own event in Blazor (`@bind` sends the value on change); the clock and the
        // byte count start at the submit, where LiveTS's single send event starts.
        await sender.input(text, message, 'input[name=text]', 'change')
        const arrivals = circuits.map((circuit) => new Promise<number>((resolve) => {
          circuit.onRender = () => {
            if (!circuit.text(list)?.includes(message)) return
            circuit.onRender = undefined
            resolve(performance.now())
          }
        }))
        const downBefore = totalDown()
        const sent = performance.now()
        await sender.submit(form)
        lastArrivalMs.push(Math.max(...(await Promise.all(arrivals))) - sent)
        await sleep(100) // let the machine settle between messages, as for LiveTS
        down += totalDown() - downBefore
      }
      const cpu = server.cpuSeconds() - cpuBefore
      const recipients = messages * circuits.length
      record('S4-chat', SYSTEM, {
        subscribers: circuits.length, messages,
        bytesDownPerRecipient: round(down / recipients, 1),
        lastSubscriberMs: latencyMs(summarize(lastArrivalMs)),
        serverCpuUsPerRecipient: round(cpu * 1e6 / recipients, 2),
      })
      await Promise.all(circuits.map((c) => c.close().catch(() => {})))
    })
    const note = 'Blazor S4: a message is two events, the `@bind` change that carries the text and the form submit; latency and bytes count from the submit, ' +
      'server CPU covers both.'
    if (!notes.includes(note)) notes.push(note)
  },
}

/**
 * Chromium is ready once blazor.web.js has rendered the circuit's first batch: it then replaces the
 * prerendered content and blanks the `<!--Blazor:{...}-->` start marker (BrowserRenderer clearBetween),
 * so no marker comment is left in the body. Before that, clicks would hit inert prerendered HTML.
 */
const blazorReady = (page: import('playwright-core').Page) =>
  page.waitForFunction(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT)
    while (walker.nextNode()) if (walker.currentNode.textContent?.startsWith('Blazor:')) return false
    return true
  })
