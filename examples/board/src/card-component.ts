// One card on the board, a LiveComponent (docs/components.md): whether it shows its notes is its
// own state, kept while the board re-renders around it; its events re-render only the card.
import { LiveComponent, html } from 'livets'
import { COLUMNS, COLUMN_NAMES, type Card, type Column, type Tag } from './board.ts'

export interface CardProps { card: number; title: string; column: Column; tag: Tag; notes: string; votes: number }

/** What a card tells the board (its parent's handleInfo). */
export interface CardVoted { voted: number }

export const TAG_STYLES: Record<Tag, string> = {
  bug: 'bg-rose-100 text-rose-800',
  feature: 'bg-sky-100 text-sky-800',
  chore: 'bg-amber-100 text-amber-800',
}

export const cardProps = (card: Card): CardProps =>
  ({ card: card.id, title: card.title, column: card.column, tag: card.tag, notes: card.notes, votes: card.votes })

export class CardComponent extends LiveComponent<CardProps, { expanded: boolean }> {
  mount() { this.state = { expanded: false } }

  toggle() { this.state.expanded = !this.state.expanded }

  /** The vote is the board's data: the parent records it, and every tab hears of it. */
  vote() { this.sendParent({ voted: this.props.card } satisfies CardVoted) }

  render() {
    const { card, title, column, tag, notes, votes } = this.props
    const { expanded } = this.state
    const others = COLUMNS.filter((c) => c !== column)
    return html`<article class="card rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" data-card=${card} data-expanded=${String(expanded)}>
  <div class="flex items-start gap-2">
    <a class="card-title flex-1 font-medium text-slate-800 hover:text-indigo-700 hover:underline" href=${`/cards/${card}`} ts-navigate>${title}</a>
    <button class="card-toggle rounded px-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700" ts-on:click="toggle" aria-expanded=${String(expanded)} aria-label=${expanded ? 'Hide notes' : 'Show notes'}>${expanded ? '▾' : '▸'}</button>
  </div>
  ${expanded ? html`<p class="card-notes mt-2 whitespace-pre-line text-sm text-slate-600">${notes || 'No notes.'}</p>` : null}
  <div class="mt-3 flex flex-wrap items-center gap-2 text-xs">
    <span class=${`card-tag rounded-full px-2 py-0.5 font-medium ${TAG_STYLES[tag]}`}>${tag}</span>
    <button class="card-vote rounded-full px-2 py-0.5 text-slate-600 ring-1 ring-slate-200 hover:bg-indigo-50" ts-on:click="vote">▲ <span class="card-votes">${votes}</span></button>
    <span class="flex-1"></span>
    ${others.map((to) => html`<button class="card-move rounded px-1.5 py-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800" ts-on:click="move" ts-target="@view" ts-value-id=${card} ts-value-to=${to}>→ ${COLUMN_NAMES[to]}</button>`)}
  </div>
</article>`
  }
}
