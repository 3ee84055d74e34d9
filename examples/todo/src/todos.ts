import { LiveView, html, type EventPayload, type MountContext } from 'livets'

export interface Todo { id: number; title: string; done: boolean }
export type Filter = 'all' | 'active' | 'completed'

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

/** TodoMVC on LiveTS: keyed list, ts-model fields, key filters, edit in place. */
export class Todos extends LiveView<State> {
  mount(ctx: MountContext) {
    const filter = FILTERS.includes(ctx.query.filter as Filter) ? (ctx.query.filter as Filter) : 'all'
    this.state = { todos: [], nextId: 1, draft: '', filter, editing: null, editText: '' }
  }

  add() {
    const title = this.state.draft.trim()
    if (!title) return
    this.state.todos.push({ id: this.state.nextId++, title, done: false })
    this.state.draft = ''
  }

  toggle({ id }: EventPayload) {
    const todo = this.find(id)
    if (todo) todo.done = !todo.done
  }

  toggleAll() {
    const allDone = this.state.todos.every((t) => t.done)
    for (const todo of this.state.todos) todo.done = !allDone
  }

  remove({ id }: EventPayload) {
    this.state.todos = this.state.todos.filter((t) => t.id !== Number(id))
  }

  edit({ id }: EventPayload) {
    const todo = this.find(id)
    if (!todo) return
    this.state.editing = todo.id
    this.state.editText = todo.title
  }

  save() {
    const todo = this.state.editing === null ? undefined : this.find(String(this.state.editing))
    if (!todo) return
    const title = this.state.editText.trim()
    if (title) todo.title = title
    else this.state.todos = this.state.todos.filter((t) => t !== todo)
    this.state.editing = null
  }

  cancel() { this.state.editing = null }

  show({ filter }: EventPayload) {
    if (FILTERS.includes(filter as Filter)) this.state.filter = filter as Filter
  }

  clearCompleted() { this.state.todos = this.state.todos.filter((t) => !t.done) }

  private find(id: string): Todo | undefined {
    return this.state.todos.find((t) => t.id === Number(id))
  }

  render() {
    const { todos, filter, editing } = this.state
    const shown = todos.filter((t) => filter === 'all' || (filter === 'active' ? !t.done : t.done))
    const left = todos.filter((t) => !t.done).length
    return html`<section class="todoapp">
  <header class="header">
    <h1>todos</h1>
    <input class="new-todo" placeholder="What needs to be done?" autofocus autocomplete="off"
      ts-model="draft" ts-on:keydown.enter="add">
  </header>
  <section class="main" ts-show="todos.length > 0">
    <input id="toggle-all" class="toggle-all" type="checkbox" checked=${todos.length > 0 && left === 0} ts-on:change="toggleAll">
    <label for="toggle-all">Mark all as complete</label>
    <ul class="todo-list">${shown.map((todo) => html`<li ts-key="${todo.id}" class="${[todo.done ? 'completed' : '', todo.id === editing ? 'editing' : ''].join(' ').trim()}">
      ${todo.id === editing
        ? html`<input class="edit" ts-model="editText" ts-on:keydown.enter="save" ts-on:keydown.escape="cancel" ts-on:focusout="save" autofocus>`
        : html`<div class="view">
        <input class="toggle" type="checkbox" checked=${todo.done} ts-on:change="toggle" ts-value-id="${todo.id}">
        <label ts-on:dblclick="edit" ts-value-id="${todo.id}">${todo.title}</label>
        <button class="destroy" aria-label="Delete" ts-on:click="remove" ts-value-id="${todo.id}"></button>
      </div>`}
    </li>`)}</ul>
  </section>
  <footer class="footer" ts-show="todos.length > 0">
    <span class="todo-count"><strong>${left}</strong> ${left === 1 ? 'item' : 'items'} left</span>
    <ul class="filters">${FILTERS.map((f) => html`<li><a href="?filter=${f}" class="${f === filter ? 'selected' : ''}" ts-on:click.prevent="show" ts-value-filter="${f}">${f[0].toUpperCase() + f.slice(1)}</a></li>`)}</ul>
    <button class="clear-completed" ts-show="todos.length > 0" ts-on:click="clearCompleted">Clear completed</button>
  </footer>
</section>`
  }
}
