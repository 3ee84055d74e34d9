// One card's page (`/cards/:id`): a deep link renders it directly (also without JavaScript), and
// the previous/next links are ts-patch, so the same view reads the new id in handleParams.
import { LiveView, html } from 'livets'
import { BOARD_TOPIC, COLUMNS, COLUMN_NAMES, allCards, boardName, deleteCard, findCard, isColumn, moveCard, voteFor, type Card } from './board.ts'
import { TAG_STYLES } from './card-component.ts'
import { layout } from './layout.ts'

interface State { id: number; card: Card | null; name: string; previous: number | null; next: number | null }

export const cardTitle = (state: State): string => (state.card ? `#${state.card.id} ${state.card.title} · ${state.name}` : `No card #${state.id}`)

export class CardView extends LiveView<State> {
  mount() {
    this.state = { id: 0, card: null, name: boardName(), previous: null, next: null }
    this.subscribe(BOARD_TOPIC)
  }

  handleParams(params: Record<string, string>) {
    this.state.id = Number(params.id)
    this.load()
  }

  /** Someone changed the board: show this card as it is now (or that it is gone). */
  handleInfo() { this.load() }

  move({ to }: Record<string, string>) { if (isColumn(to)) moveCard(this.state.id, to) }

  vote() { voteFor(this.state.id) }

  remove() {
    const card = deleteCard(this.state.id)
    if (card) this.flash('info', `Deleted “${card.title}”`)
    this.navigate('/')
  }

  private load() {
    const ids = allCards().map((c) => c.id)
    const at = ids.indexOf(this.state.id)
    this.state.card = findCard(this.state.id) ?? null
    this.state.name = boardName()
    this.state.previous = at > 0 ? ids[at - 1] : null
    this.state.next = at >= 0 && at < ids.length - 1 ? ids[at + 1] : null
  }

  render() {
    const { card, previous, next, name, id } = this.state
    const sibling = (to: number | null, label: string, rel: string) => to === null
      ? html`<span class="text-slate-300">${label}</span>`
      : html`<a id=${`card-${rel}`} href=${`/cards/${to}`} ts-patch class="text-indigo-700 hover:underline">${label}</a>`
    return layout(this, name, 'card', html`
<div class="mb-4 flex items-center gap-4 text-sm">
  <a id="back-to-board" href="/" ts-navigate class="text-indigo-700 hover:underline">← Board</a>
  <span class="flex-1"></span>
  ${sibling(previous, '‹ Previous card', 'previous')}
  ${sibling(next, 'Next card ›', 'next')}
</div>
${card === null
  ? html`<section class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200"><h1 id="heading" class="text-2xl font-semibold">No card #${id}</h1>
    <p class="mt-2 text-slate-600">It was deleted, or never existed.</p></section>`
  : html`<article id="card-detail" class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-card=${card.id}>
  <p class="text-sm text-slate-500">Card #${card.id} · <span id="card-column">${COLUMN_NAMES[card.column]}</span></p>
  <h1 id="heading" class="mt-1 text-2xl font-semibold tracking-tight">${card.title}</h1>
  <p class="mt-3"><span class=${`rounded-full px-2 py-0.5 text-xs font-medium ${TAG_STYLES[card.tag]}`}>${card.tag}</span></p>
  <p id="card-notes" class="mt-4 whitespace-pre-line text-slate-700">${card.notes || 'No notes.'}</p>
  <div class="mt-6 flex flex-wrap items-center gap-2 text-sm">
    <button id="detail-vote" class="rounded-full px-3 py-1 ring-1 ring-slate-200 hover:bg-indigo-50" ts-on:click="vote">▲ <span id="detail-votes">${card.votes}</span></button>
    ${COLUMNS.filter((c) => c !== card.column).map((to) => html`<button class="detail-move rounded-lg px-3 py-1 ring-1 ring-slate-200 hover:bg-slate-100" ts-on:click="move" ts-value-to=${to}>Move to ${COLUMN_NAMES[to]}</button>`)}
    <span class="flex-1"></span>
    <button id="detail-delete" class="rounded-lg px-3 py-1 text-rose-700 ring-1 ring-rose-200 hover:bg-rose-50" ts-on:click="remove">Delete card</button>
  </div>
</article>`}`)
  }
}
