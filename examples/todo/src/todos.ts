import { LiveView, html, storage, type EventPayload, type MountContext } from 'livets'

export interface Todo { id: number; title: string; done: boolean }
export type Filter = 'all' | 'active' | 'completed'

/** What is kept of a list (storage, under `todos:<list id>`): the same in every tab of the browser. */
interface SavedList { todos: Todo[]; nextId: number }

interface State {
  todos: Todo[]
  nextId: number
  /** The new-todo field, bound with ts-model. */
  draft: string
  filter: Filter
  /** The todo being edited in place, and its text (bound with ts-model). */
  editing: number | null
  editText: string
}

const FILTERS: Filter[] = ['all', 'active', 'completed']
/** TodoMVC's routes: the URL's hash for each filter (public/hash-route.js reports it). */
const HASHES: Record<string, Filter> = { '': 'all', '#': 'all', '#/': 'all', '#/active': 'active', '#/completed': 'completed' }
const hashOf = (filter: Filter): string => (filter === 'all' ? '#/' : `#/${filter}`)

/**
 * TodoMVC on LiveTS: keyed list, ts-model fields, key filters, edit in place. The list is kept in
 * `storage` under the browser's list id (app.ts), so a reload, another tab or a restart shows it;
 * every change is broadcast to the list's other tabs.
 */
export class Todos extends LiveView<State> {
  /** The storage key and broadcast topic of this browser's list. */
  private key = ''

  async mount(ctx: MountContext) {
    this.key = `todos:${String(ctx.session.list)}`
    // `/?filter=completed` renders that filter on the server (it works without JavaScript); the links use the hash routes.
    const filter = FILTERS.includes(ctx.query.filter as Filter) ? (ctx.query.filter as Filter) : 'all'
    const saved = await storage.get<SavedList>(this.key)
    this.state = { todos: saved?.todos ?? [], nextId: saved?.nextId ?? 1, draft: '', filter, editing: null, editText: '' }
    if (ctx.connected) this.subscribe(this.key)
  }

  /** After a restart the page's own state comes back; the list is the stored one, which other tabs may have changed. */
  restore(saved: State) {
    this.state = { ...saved, todos: this.state.todos, nextId: this.state.nextId }
  }

  /** Another tab of this browser changed the list. */
  handleInfo(message: unknown) {
    const { todos, nextId } = message as SavedList
    this.state.todos = todos
    this.state.nextId = nextId
    if (this.state.editing !== null && !this.find(String(this.state.editing))) this.state.editing = null
  }

  async add() {
    const title = this.state.draft.trim()
    if (!title) return
    this.state.todos.push({ id: this.state.nextId++, title, done: false })
    this.state.draft = ''
    await this.keep()
  }

  async toggle({ id }: EventPayload) {
    const todo = this.find(id)
    if (!todo) return
    todo.done = !todo.done
    await this.keep()
  }

  async toggleAll() {
    const allDone = this.state.todos.every((t) => t.done)
    for (const todo of this.state.todos) todo.done = !allDone
    await this.keep()
  }

  async remove({ id }: EventPayload) {
    this.state.todos = this.state.todos.filter((t) => t.id !== Number(id))
    await this.keep()
  }

  edit({ id }: EventPayload) {
    const todo = this.find(id)
    if (!todo) return
    this.state.editing = todo.id
    this.state.editText = todo.title
  }

  async save() {
    const todo = this.state.editing === null ? undefined : this.find(String(this.state.editing))
    if (!todo) return
    const title = this.state.editText.trim()
    if (title) todo.title = title
    else this.state.todos = this.state.todos.filter((t) => t !== todo)
    this.state.editing = null
    await this.keep()
  }

  cancel() { this.state.editing = null }

  /** The page's hash route (public/hash-route.js): at load, after a reconnect, and on every change. */
  route({ hash }: EventPayload) {
    const filter = HASHES[String(hash)]
    if (filter) this.state.filter = filter
  }

  async clearCompleted() {
    this.state.todos = this.state.todos.filter((t) => !t.done)
    await this.keep()
  }

  /** Stores the list and tells the browser's other tabs. */
  protected async keep(): Promise<void> {
    const saved: SavedList = { todos: this.state.todos, nextId: this.state.nextId }
    await storage.set(this.key, saved)
    this.broadcast(this.key, saved)
  }

  private find(id: string): Todo | undefined {
    return this.state.todos.find((t) => t.id === Number(id))
  }

  render() {
    const { todos, filter, editing } = this.state
    const shown = todos.filter((t) => filter === 'all' || (filter === 'active' ? !t.done : t.done))
    const left = todos.filter((t) => !t.done).length
    const completed = todos.length - left
    return html`<section class="todoapp mx-auto w-full max-w-xl" ts-hook="HashRoute" ts-hook-events="route">
  <header class="header">
    <h1 class="pb-6 pt-12 text-center text-7xl font-extralight tracking-tight text-rose-700/80">todos</h1>
    <input class="new-todo w-full rounded-t-2xl border-0 bg-white px-6 py-4 text-xl shadow-sm ring-1 ring-slate-200 outline-none placeholder:italic placeholder:text-slate-400 focus:ring-2 focus:ring-rose-300"
      placeholder="What needs to be done?" autofocus autocomplete="off" ts-model="draft" ts-on:keydown.enter="add">
  </header>
  <section class="main bg-white shadow-sm ring-1 ring-slate-200" ts-show="todos.length > 0">
    <div class="flex items-center gap-3 border-b border-slate-100 px-6 py-2 text-sm text-slate-500">
      <input id="toggle-all" class="toggle-all size-4 accent-rose-600" type="checkbox" checked=${todos.length > 0 && left === 0} ts-on:change="toggleAll">
      <label for="toggle-all">Mark all as complete</label>
    </div>
    <ul class="todo-list divide-y divide-slate-100">${shown.map((todo) => html`<li ts-key="${todo.id}" class="group relative text-xl ${[todo.done ? 'completed' : '', todo.id === editing ? 'editing' : ''].join(' ').trim()}">
      ${todo.id === editing
        ? html`<input class="edit w-full border-0 px-6 py-4 text-xl shadow-inner outline-none ring-2 ring-inset ring-rose-300" ts-model="editText" ts-on:keydown.enter="save" ts-on:keydown.escape="cancel" ts-on:focusout="save" autofocus>`
        : html`<div class="view flex items-center gap-4 px-6 py-4">
        <input class="toggle size-5 shrink-0 accent-emerald-600" type="checkbox" checked=${todo.done} ts-on:change="toggle" ts-value-id="${todo.id}">
        <label class="flex-1 break-all transition group-[.completed]:text-slate-400 group-[.completed]:line-through" ts-on:dblclick="edit" ts-value-id="${todo.id}">${todo.title}</label>
        <button class="destroy text-2xl leading-none text-rose-400 opacity-0 transition group-hover:opacity-100 hover:text-rose-600 focus:opacity-100" aria-label="Delete" ts-on:click="remove" ts-value-id="${todo.id}">×</button>
      </div>`}
    </li>`)}</ul>
  </section>
  <footer class="footer flex flex-wrap items-center justify-between gap-2 rounded-b-2xl bg-white px-6 py-3 text-sm text-slate-500 shadow-sm ring-1 ring-slate-200" ts-show="todos.length > 0">
    <span class="todo-count"><strong class="font-semibold text-slate-700">${left}</strong> ${left === 1 ? 'item' : 'items'} left</span>
    <ul class="filters flex gap-1">${FILTERS.map((f) => html`<li><a href="${hashOf(f)}" class="${f === filter ? 'selected rounded-md px-2 py-1 ring-1 ring-rose-300 text-rose-700' : 'rounded-md px-2 py-1 ring-1 ring-transparent hover:ring-slate-200'}">${f[0].toUpperCase() + f.slice(1)}</a></li>`)}</ul>
    ${completed > 0 ? html`<button class="clear-completed hover:text-slate-800 hover:underline" ts-on:click="clearCompleted">Clear completed</button>` : ''}
  </footer>
  <p class="mt-8 text-center text-xs text-slate-400">Double-click to edit a todo · <a class="hover:underline" href="https://todomvc.com">TodoMVC</a> on LiveTS</p>
</section>`
  }
}
