// S11's pages (docs/components.md): a like on one card of 1,000, placed as a component per card
// (/cards) and as the same markup kept in the view's state (/flat); 100,000 items sent once, as a
// stream (/streamed) and as the same list kept in state (/kept). bench/peers/blazor has /cards too.
import { LiveComponent, LiveView, component, html, type EventPayload, type MountContext } from 'livets'

export const CARDS = 1_000
export const STREAM_ITEMS = 100_000

class Card extends LiveComponent<{ title: string }, { likes: number }> {
  mount() { this.state = { likes: 0 } }
  like() { this.state.likes++ }
  render() { return html`<article><h3>${this.props.title}</h3><b>${this.state.likes}</b><button ts-on:click="like">like</button></article>` }
}

/** `?n=` cards (1,000 by default): the same event on a page of 10 shows whether its bytes grow with the page. */
export class Cards extends LiveView<{ n: number }> {
  mount(ctx: MountContext) { this.state = { n: Number(ctx.query.n ?? CARDS) } }
  render() { return html`<main>${Array.from({ length: this.state.n }, (_, i) => component(Card, { id: `c${i}`, title: `Card ${i}` }))}</main>` }
}

/** The same page without checkpoints (`static persist = false`): what the per-event checkpoint of every card's state costs. */
export class CardsNoCheckpoint extends Cards { static persist = false }

/** The same cards and the same change, all in the view's state: a like renders and diffs the page. */
export class FlatCards extends LiveView<{ cards: Array<{ id: number; title: string; likes: number }> }> {
  mount() { this.state = { cards: Array.from({ length: CARDS }, (_, i) => ({ id: i, title: `Card ${i}`, likes: 0 })) } }
  like(p: EventPayload) { this.state.cards[Number(p.id)].likes++ }
  render() {
    return html`<main>${this.state.cards.map((c) => html`<article ts-key=${c.id}><h3>${c.title}</h3><b>${c.likes}</b><button ts-on:click="like" ts-value-id=${c.id}>like</button></article>`)}</main>`
  }
}

interface Item { id: number; text: string }
const items = (): Item[] => Array.from({ length: STREAM_ITEMS }, (_, i) => ({ id: i, text: `row ${i}` }))

export class StreamedRows extends LiveView<{ n: number }> {
  mount() { this.state = { n: STREAM_ITEMS }; this.stream('rows', items()) }
  render() { return html`<ul>${this.streams.rows.map((r: Item) => html`<li ts-key=${r.id}>${r.text}</li>`)}</ul>` }
}

export class KeptRows extends LiveView<{ rows: Item[] }> {
  mount() { this.state = { rows: items() } }
  render() { return html`<ul>${this.state.rows.map((r) => html`<li ts-key=${r.id}>${r.text}</li>`)}</ul>` }
}
