// The LiveTS side of the benchmarks: the counter example, an idle page, the S2 table, the S4 chat
// room, the S5 and S6 forms, the S7 upload, the todo list of the checkpoint and many-process
// scenarios, the two pages of S12 (navigation) and S11's components and streams (components-pages.ts), served the way an app would be, plus /_bench/gc for memory readings. Run with
// --expose-gc, compiled (bench/tsconfig.servers.json) on plain node with NODE_ENV=production.
// LIVETS_REDIS_URL and LIVETS_SECRET (read by serve()) share it with other processes; WORKERS
// runs it under livets/cluster with that many workers.
import { Hono } from 'hono'
import { stat } from 'node:fs/promises'
import { z } from 'zod'
import { LiveView, defineForm, field, html, input, live, type EventPayload, type FormState, type MountContext } from 'livets'
import type { LiveServer, ServeOptions } from 'livets/node'
import { runCluster } from 'livets/cluster'
import { BENCH_SERVE_OPTIONS, Idle, memoryReport } from './idle-page.ts'
import { Cards, CardsNoCheckpoint, FlatCards, KeptRows, StreamedRows } from './components-pages.ts'
import { Counter } from '../../examples/counter/src/counter.ts'
import { Todos } from '../../examples/todo/src/todos.ts'

// The same app on whichever runtime runs this file: `node`, `bun` or `deno` (the runtimes scenario).
declare const Bun: unknown
declare const Deno: unknown

const FIELDS = Array.from({ length: 10 }, (_, i) => `field${i}`)

/** S5: ten fields validated on every keystroke (required, at least 3 characters). */
class Form extends LiveView<{ values: Record<string, string> }> {
  mount() { this.state = { values: Object.fromEntries(FIELDS.map((f) => [f, ''])) } }
  validate({ field, value }: EventPayload) { if (field in this.state.values) this.state.values[field] = value }
  render() {
    return html`<form>${FIELDS.map((f) => {
      const value = this.state.values[f]
      const error = value.length === 0 ? 'required' : value.length < 3 ? 'at least 3 characters' : ''
      return html`<p><label>${f} <input name="${f}" ts-on:input="validate" ts-value-field="${f}" value="${value}"></label><span class="error">${error}</span></p>`
    })}</form>`
  }
}

interface Row { id: number; label: string }
const ADJECTIVES = ['pretty', 'large', 'big', 'small', 'tall', 'short', 'long', 'handsome', 'plain', 'quaint']
const NOUNS = ['table', 'chair', 'house', 'bbq', 'desk', 'car', 'pony', 'cookie', 'sandwich', 'burger']

/** S2: a 1,000-row table (js-framework-benchmark's markup): change one label, select a row, swap two rows. */
class Table extends LiveView<{ rows: Row[]; selected: number; edits: number }> {
  mount() {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, label: `${ADJECTIVES[i % 10]} ${NOUNS[(i * 7) % 10]}` }))
    this.state = { rows, selected: 0, edits: 0 }
  }
  /** Appends " !!!" to the label of the row `index` (a different row each time in the benchmark). */
  update({ index }: EventPayload) { this.state.rows[Number(index)].label += ' !!!' }
  select({ id }: EventPayload) { this.state.selected = Number(id) }
  swap() {
    const rows = this.state.rows
    ;[rows[1], rows[998]] = [rows[998], rows[1]]
  }
  render() {
    const { rows, selected } = this.state
    return html`<table class="table"><tbody>${rows.map((row) => html`<tr ts-key="${row.id}" class="${row.id === selected ? 'danger' : ''}"><td class="col-md-1">${row.id}</td><td class="col-md-4"><a ts-on:click="select" ts-value-id="${row.id}">${row.label}</a></td></tr>`)}</tbody></table>
<button ts-on:click="update">update</button><button ts-on:click="swap">swap</button>`
  }
}

/**
 * S2: a keyed list of ?n= items (10,000 by default); one event appends an item, removes one, or
 * edits one's label, each at a different place every time.
 */
class LongList extends LiveView<{ items: Row[]; next: number; events: number }> {
  mount(ctx: { query: Record<string, string> }) {
    const n = Number(ctx.query.n ?? 10_000)
    this.state = { items: Array.from({ length: n }, (_, i) => ({ id: i + 1, label: `item ${i + 1}` })), next: n + 1, events: 0 }
  }
  append() {
    const id = this.state.next++
    this.state.items.push({ id, label: `item ${id}` })
  }
  remove() {
    const { items } = this.state
    if (items.length > 0) items.splice((this.state.events++ * 7919) % items.length, 1)
  }
  edit() {
    const { items } = this.state
    if (items.length > 0) items[(this.state.events++ * 7919) % items.length].label += ' !'
  }
  render() {
    return html`<ul>${this.state.items.map((item) => html`<li ts-key="${item.id}">${item.label}</li>`)}</ul>
<button ts-on:click="append">append</button><button ts-on:click="remove">remove</button><button ts-on:click="edit">edit</button>`
  }
}

interface Message { id: number; from: string; text: string }
let messageCount = 0
const CHAT_HISTORY = 20

/** S4: a chat room; a message from one member is broadcast and every member's view re-renders. */
class Chat extends LiveView<{ messages: Message[]; name: string }> {
  mount(ctx: { query: Record<string, string> }) {
    this.state = { messages: [], name: ctx.query.name ?? 'guest' }
    this.subscribe('chat:lobby')
  }
  send({ text }: EventPayload) { this.broadcast('chat:lobby', { id: ++messageCount, from: this.state.name, text }) }
  handleInfo(message: Message) {
    this.state.messages = [...this.state.messages.slice(1 - CHAT_HISTORY), message]
  }
  render() {
    return html`<ul>${this.state.messages.map((m) => html`<li ts-key="${m.id}"><b>${m.from}</b> ${m.text}</li>`)}</ul>
<form ts-on:submit="send"><input name="text"></form>`
  }
}

/** S6: a zod form of five fields, validated by the framework on every keystroke (`ts-form`). */
const contactForm = defineForm('contact', z.object({
  name: z.string().min(1, 'Enter a name'),
  email: z.email('Enter an email address'),
  age: z.coerce.number('Enter a number').int().min(0).max(150),
  city: z.string().min(3, 'At least 3 characters'),
  zip: z.string().regex(/^\d{5}$/, 'Five digits'),
}))

class ZodForm extends LiveView<{ contact: FormState }> {
  mount() { this.state = { contact: contactForm.init({ name: '', email: '', age: '', city: '', zip: '' }) } }
  save = contactForm.onSubmit(() => {})
  render() {
    const form = this.state.contact
    return html`<form ts-form="contact" ts-on:submit="save">${input(field(form, 'name'), { label: 'Name' })}${input(field(form, 'email'), { label: 'Email', type: 'email' })}${input(field(form, 'age'), { label: 'Age', type: 'number' })}${input(field(form, 'city'), { label: 'City' })}${input(field(form, 'zip'), { label: 'ZIP' })}<button>Save</button></form>`
  }
}

/** S7: one upload of up to 200 MB, streamed to a temporary file; `check` consumes it and shows its size on disk. */
class UploadSink extends LiveView<{ stored: number }> {
  mount() {
    this.state = { stored: 0 }
    this.allowUpload('file', { maxFileSize: 200_000_000, chunkSize: 65_408 })
  }
  async check() {
    const [size] = await this.consumeUploads('file', async (_entry, path) => (await stat(path)).size)
    this.state.stored = size ?? -1
  }
  render() {
    return html`<input type="file" ts-upload="file"><button ts-on:click="check">check</button><output>${this.state.stored}</output>${this.uploads.file.entries.map((e) => html`<progress value=${e.progress} max="100"></progress>`)}`
  }
}

/** The checkpoint scenarios: the counter without checkpoints (its baseline). */
class CounterNoCheckpoint extends Counter { static persist = false }

/** S12: two pages of a catalogue (a heading, 30 rows, links both ways), for live navigation against a page load. */
class Catalogue extends LiveView<{ section: string }> {
  mount({ params }: MountContext) { this.state = { section: params.section } }
  render() {
    const other = this.state.section === 'a' ? 'b' : 'a'
    return html`<main id=${`section-${this.state.section}`}>
  <h1>Section ${this.state.section}</h1>
  <nav><a id="live" href=${`/nav/${other}`} ts-navigate>section ${other}, live</a> <a id="plain" href=${`/nav/${other}`}>section ${other}, page load</a></nav>
  <table>${Array.from({ length: 30 }, (_, i) => html`<tr><td>${this.state.section}-${i + 1}</td><td>row ${i + 1} of section ${this.state.section}, with a few words</td></tr>`)}</table>
</main>`
  }
}

/**
 * The todo example with 100 items; `toggle` with a different id each event. Each page has its own
 * list in memory: the example's storage and broadcast to a browser's tabs are left out, so the
 * figures are those of a session and its checkpoints.
 */
class Todos100 extends Todos {
  async mount(_ctx: MountContext) {
    const todos = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, title: `todo number ${i + 1} with a few words`, done: i % 3 === 0 }))
    this.state = { todos, nextId: 101, draft: '', filter: 'all', editing: null, editText: '' }
  }
  protected async keep() {}
}
class Todos100NoCheckpoint extends Todos100 { static persist = false }

const app = new Hono()
app.get('/zod-form', live(ZodForm, { title: 'zod form' }))
app.get('/upload', live(UploadSink, { title: 'upload' }))
app.get('/counter', live(Counter, { title: 'counter' }))
app.get('/idle', live(Idle, { title: 'idle' }))
app.get('/form', live(Form, { title: 'form' }))
app.get('/table', live(Table, { title: 'table' }))
app.get('/list', live(LongList, { title: 'list' }))
app.get('/chat', live(Chat, { title: 'chat' }))
app.get('/cards', live(Cards, { title: 'cards' }))
app.get('/cards-no-checkpoint', live(CardsNoCheckpoint, { title: 'cards' }))
app.get('/flat-cards', live(FlatCards, { title: 'cards' }))
app.get('/streamed', live(StreamedRows, { title: 'streamed' }))
app.get('/kept', live(KeptRows, { title: 'kept' }))
app.get('/nav/:section', live(Catalogue, { title: (state: { section: string }) => `section ${state.section}` }))
// Process CPU in µs (user + system, all threads), finer than /proc's 10 ms ticks for short steps.
app.get('/_bench/cpu', (c) => {
  const { user, system } = process.cpuUsage()
  return c.json({ cpuMicros: user + system })
})
app.get('/counter-no-checkpoint', live(CounterNoCheckpoint, { title: 'counter' }))
app.get('/todos100', live(Todos100, { title: 'todos' }))
app.get('/todos100-no-checkpoint', live(Todos100NoCheckpoint, { title: 'todos' }))
app.get('/_bench/gc', async (c) => c.json(await memoryReport()))

const { serve }: { serve(app: Hono, options: ServeOptions): Promise<LiveServer> } =
  typeof Bun !== 'undefined' ? await import('livets/bun') : typeof Deno !== 'undefined' ? await import('livets/deno') : await import('livets/node')
const start = async (): Promise<void> => {
  const server = await serve(app, { ...BENCH_SERVE_OPTIONS, port: Number(process.env.PORT ?? 0) })
  console.log(`listening on http://127.0.0.1:${server.port}`)
}
if (process.env.WORKERS) await runCluster(start, { workers: Number(process.env.WORKERS) })
else await start()
