// The board (`/`, `/?tag=bug`): three columns of card components, a tag filter in the URL read by
// handleParams, a dropdown and a modal that client commands open without a round trip, a chart
// drawn by a hook, an activity feed streamed to every open tab, and the new-card form.
import { LiveView, component, defineForm, field, formErrors, html, input, type FormState } from 'livets'
import {
  BOARD_TOPIC, COLUMNS, COLUMN_NAMES, FEED_LENGTH, NewCardSchema, TAGS, addCard, allCards, boardName, columnCounts,
  isColumn, isTag, moveCard, recentActivity, voteFor, type Activity, type BoardChanged, type Card, type Tag,
} from './board.ts'
import { CardComponent, cardProps, type CardVoted } from './card-component.ts'
import { layout } from './layout.ts'

const cardForm = defineForm('card', NewCardSchema)
const blankCard = { title: '', column: 'todo', tag: 'feature', notes: '' }

interface State {
  name: string
  /** The tag filter, from the URL's query (?tag=bug). */
  tag: Tag | null
  cards: Card[]
  card: FormState
}

export const boardTitle = (state: State): string => (state.tag ? `${state.name} · #${state.tag}` : state.name)

export class BoardView extends LiveView<State> {
  mount() {
    this.state = { name: boardName(), tag: null, cards: allCards(), card: cardForm.init(blankCard) }
    this.subscribe(BOARD_TOPIC)
    this.stream('activity', recentActivity())
  }

  /** `/?tag=bug` on a page load and on a ts-patch alike (docs/navigation.md). */
  handleParams(_params: Record<string, string>, query: Record<string, string>) {
    this.state.tag = isTag(query.tag) ? query.tag : null
  }

  save = cardForm.onSubmit((input) => {
    const card = addCard(input)
    this.flash('info', `Added “${card.title}”`)
    this.state.card = cardForm.init(blankCard)
    this.exec("hide('#new-card-modal')")
  })

  move({ id, to }: Record<string, string>) {
    if (isColumn(to)) moveCard(Number(id), to)
  }

  /** Asked by the chart's hook when it mounts (ts-hook-events="chartData"); later counts come as pushEvent('counts'). */
  chartData() { return columnCounts() }

  /** A card's vote (sendParent), or a change anywhere on the board (the topic, this tab's own included). */
  handleInfo(message: CardVoted | BoardChanged) {
    if ('voted' in message) {
      voteFor(message.voted)   // the broadcast it makes comes back here as a BoardChanged
      return
    }
    this.state.cards = allCards()
    this.state.name = boardName()
    this.streamInsert('activity', message.activity, { at: 0, limit: FEED_LENGTH })
    this.pushEvent('counts', columnCounts())
  }

  render() {
    const { cards, tag, name } = this.state
    const shown = tag ? cards.filter((c) => c.tag === tag) : cards
    return layout(this, name, 'board', html`
<div class="mb-4 flex flex-wrap items-center gap-3">
  <h1 id="heading" class="mr-auto text-2xl font-semibold tracking-tight">${tag ? html`Cards tagged <span class="text-indigo-700">#${tag}</span>` : 'All cards'}</h1>
  <div class="relative">
    <button id="tag-button" class="rounded-lg bg-white px-3 py-2 text-sm font-medium shadow-sm ring-1 ring-slate-200 hover:bg-slate-50" aria-haspopup="menu" aria-controls="tag-menu"
      ts-js="toggle('#tag-menu')">Tag: ${tag ?? 'all'} ▾</button>
    <div id="tag-menu" role="menu" hidden class="absolute right-0 z-10 mt-1 w-40 rounded-lg bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200" ts-js:keydown.escape.window="hide('#tag-menu')">
      <a role="menuitem" href="/" ts-patch ts-js="hide('#tag-menu')" class="block px-3 py-1.5 hover:bg-slate-100">All tags</a>
      ${TAGS.map((t) => html`<a role="menuitem" href=${`/?tag=${t}`} ts-patch ts-js="hide('#tag-menu')" class=${`block px-3 py-1.5 hover:bg-slate-100 ${t === tag ? 'font-semibold text-indigo-700' : ''}`}>#${t}</a>`)}
    </div>
  </div>
  <button id="new-card-button" class="rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500"
    ts-js="show('#new-card-modal').transition('modal-in', 150, '#new-card-panel').focus('#card_title')">New card</button>
</div>

<div class="grid gap-6 lg:grid-cols-[1fr_18rem]">
  <div id="columns" class="grid gap-4 sm:grid-cols-3">${COLUMNS.map((column) => {
    const inColumn = shown.filter((c) => c.column === column)
    return html`<section class="column rounded-xl bg-slate-200/60 p-3" data-column=${column} ts-key=${column}>
      <h2 class="mb-3 flex items-center justify-between text-sm font-semibold uppercase tracking-wide text-slate-600">${COLUMN_NAMES[column]} <span class="column-count rounded-full bg-white px-2 text-xs">${inColumn.length}</span></h2>
      <div class="space-y-3">${inColumn.map((card) => component(CardComponent, { id: `card-${card.id}`, ...cardProps(card) }))}</div>
    </section>`
  })}</div>

  <aside class="space-y-6">
    <figure id="chart" class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" ts-hook="ColumnChart" ts-hook-events="chartData">
      <figcaption class="mb-2 text-sm font-semibold text-slate-600">Cards per column</figcaption>
      <div id="chart-canvas" class="h-32" ts-update="ignore"></div>
    </figure>
    <section class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 class="text-sm font-semibold text-slate-600">Activity</h2>
      <p class="mb-2 text-xs text-slate-400">What anyone does on the board, as it happens.</p>
      <ol id="activity" class="space-y-1 text-sm text-slate-600">${this.streams.activity.map((entry: Activity) =>
        html`<li ts-key=${entry.id} class="activity-entry">${entry.text}</li>`)}</ol>
    </section>
  </aside>
</div>

<div id="new-card-modal" hidden class="fixed inset-0 z-20 flex items-start justify-center bg-slate-900/40 p-4 pt-24" role="dialog" aria-modal="true" aria-labelledby="new-card-heading"
  ts-js:keydown.escape.window="hide('#new-card-modal')">
  <div id="new-card-panel" class="w-full max-w-md rounded-xl bg-white p-6 shadow-xl [&_.ts-field]:mb-3 [&_.ts-field_label]:mb-1 [&_.ts-field_label]:block [&_.ts-field_label]:text-sm [&_.ts-field_label]:font-medium [&_input]:w-full [&_input]:rounded-md [&_input]:border [&_input]:border-slate-300 [&_input]:px-3 [&_input]:py-2 [&_select]:w-full [&_select]:rounded-md [&_select]:border [&_select]:border-slate-300 [&_select]:px-3 [&_select]:py-2 [&_textarea]:w-full [&_textarea]:rounded-md [&_textarea]:border [&_textarea]:border-slate-300 [&_textarea]:px-3 [&_textarea]:py-2 [&_.ts-field-error]:mt-1 [&_.ts-field-error]:text-sm [&_.ts-field-error]:text-rose-700 [&_[aria-invalid=true]]:border-rose-500">
    <h2 id="new-card-heading" class="mb-4 text-lg font-semibold">New card</h2>
    <form id="new-card-form" ts-form="card" ts-on:submit="save" novalidate>
      ${input(field(this.state.card, 'title'), { label: 'Title', placeholder: 'What needs doing?' })}
      ${input(field(this.state.card, 'column'), { label: 'Column', type: 'select', options: COLUMNS.map((c) => [c, COLUMN_NAMES[c]] as const) })}
      ${input(field(this.state.card, 'tag'), { label: 'Tag', type: 'select', options: TAGS.map((t) => [t, t] as const) })}
      ${input(field(this.state.card, 'notes'), { label: 'Notes', type: 'textarea' })}
      ${formErrors(this.state.card).map((error) => html`<p class="ts-field-error">${error}</p>`)}
      <div class="mt-4 flex justify-end gap-2">
        <button type="button" id="new-card-cancel" class="rounded-lg px-3 py-2 text-sm hover:bg-slate-100" ts-js="hide('#new-card-modal')">Cancel</button>
        <button type="submit" id="new-card-save" class="rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500" ts-disable-with="Adding…">Add card</button>
      </div>
    </form>
  </div>
</div>`)
  }
}
