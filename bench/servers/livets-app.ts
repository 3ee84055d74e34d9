// The LiveTS side of the benchmarks: the counter example, an idle page, the S2 table, the S4 chat
// room, the S5 form and the todo list of the checkpoint and many-process scenarios, served the way
// an app would be, plus /_bench/gc for memory readings. Run with --expose-gc.
// LIVETS_REDIS_URL and LIVETS_SECRET (read by serve()) share it with other processes; WORKERS
// runs it under livets/cluster with that many workers.
import { Hono } from 'hono'
import { LiveView, html, live, type EventPayload, type MountContext } from 'livets'
import { serve } from 'livets/node'
import { runCluster } from 'livets/cluster'
// The addon the app's livets loaded (and configured): importing livets' own engine.ts from its
// sources here would be a second copy of that module, which configures the addon again and drops
// every connection and template.
import { loadEngine } from '@livets/engine'
import { Counter } from '../../examples/counter/src/counter.ts'
import { Todos } from '../../examples/todo/src/todos.ts'

class Idle extends LiveView<{ since: string }> {
  mount() { this.state = { since: 'connected' } }
  render() { return html`<p>${this.state.since}</p>` }
}

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

/** S2: a 10,000-item keyed list; one event appends an item. */
class LongList extends LiveView<{ items: Row[] }> {
  mount() { this.state = { items: Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1, label: `item ${i + 1}` })) } }
  append() {
    const id = this.state.items.length + 1
    this.state.items.push({ id, label: `item ${id}` })
  }
  render() {
    return html`<ul>${this.state.items.map((item) => html`<li ts-key="${item.id}">${item.label}</li>`)}</ul>
<button ts-on:click="append">append</button>`
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

/** The checkpoint scenarios: the counter without checkpoints (its baseline). */
class CounterNoCheckpoint extends Counter { static persist = false }

/** The todo example with 100 items; `toggle` with a different id each event. */
class Todos100 extends Todos {
  mount(ctx: MountContext) {
    super.mount(ctx)
    this.state.todos = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, title: `todo number ${i + 1} with a few words`, done: i % 3 === 0 }))
    this.state.nextId = 101
  }
}
class Todos100NoCheckpoint extends Todos100 { static persist = false }

const app = new Hono()
app.get('/counter', live(Counter, { title: 'counter' }))
app.get('/idle', live(Idle, { title: 'idle' }))
app.get('/form', live(Form, { title: 'form' }))
app.get('/table', live(Table, { title: 'table' }))
app.get('/list', live(LongList, { title: 'list' }))
app.get('/chat', live(Chat, { title: 'chat' }))
app.get('/counter-no-checkpoint', live(CounterNoCheckpoint, { title: 'counter' }))
app.get('/todos100', live(Todos100, { title: 'todos' }))
app.get('/todos100-no-checkpoint', live(Todos100NoCheckpoint, { title: 'todos' }))
app.get('/_bench/gc', (c) => {
  ;(globalThis as { gc?: () => void }).gc?.()
  const [connections, , managedHeap] = loadEngine().stats(1)
  const memory = process.memoryUsage()
  return c.json({ connections, managedHeap, jsHeap: memory.heapUsed, rss: memory.rss })
})

const start = async () => {
  const server = await serve(app, { port: Number(process.env.PORT ?? 0) })
  console.log(`listening on http://127.0.0.1:${server.port}`)
}
if (process.env.WORKERS) await runCluster(start, { workers: Number(process.env.WORKERS) })
else await start()
