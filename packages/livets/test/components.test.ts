// Components and streams through livets/testing (the real client in happy-dom, the real engine):
// events go to the component they happen in, a component keeps its state while its id stays,
// sendParent reaches the view, and streams insert, delete, limit and reset.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { LiveComponent, LiveView, component, html, type EventPayload } from 'livets'
import { closeAll, render } from 'livets/testing'

afterEach(closeAll)

class Card extends LiveComponent<{ title: string }, { likes: number }> {
  mount() { this.state = { likes: 0 } }
  like() { this.state.likes++ }
  tell() { this.sendParent({ liked: this.id, likes: this.state.likes }) }
  render() {
    return html`<div class="card"><h3>${this.props.title}</h3><span class="likes">${this.state.likes}</span>
  <button class="like" ts-on:click="like">like</button><button class="tell" ts-on:click="tell">tell</button>
  <button class="rename" ts-on:click="rename" ts-target="@view" ts-value-id=${this.id}>rename</button></div>`
  }
}

class Board extends LiveView<{ cards: Array<{ id: string; title: string }>; heard: string }> {
  mount() { this.state = { cards: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }], heard: '' } }
  drop(payload: EventPayload) { this.state.cards = this.state.cards.filter((c) => c.id !== payload.id) }
  add() { this.state.cards.unshift({ id: 'z', title: 'Z' }) }
  rename(payload: EventPayload) { for (const c of this.state.cards) if (c.id === payload.id) c.title += '!' }
  handleInfo(message: { liked: string; likes: number }) { this.state.heard = `${message.liked}:${message.likes}` }
  render() {
    return html`<main><p id="heard">${this.state.heard}</p><button id="add" ts-on:click="add">add</button>
  <button id="drop-b" ts-on:click="drop" ts-value-id="b">drop b</button>
  <section>${this.state.cards.map((c) => component(Card, { id: c.id, title: c.title }))}</section></main>`
  }
}

const likes = (view: Awaited<ReturnType<typeof render>>, id: string) => view.find(`[data-ts-id="${id}"] .likes`).text()

describe('components', () => {
  test('an event inside a component goes to it; its state stays while its id stays', async () => {
    const view = await render(Board)
    await view.click('[data-ts-id="b"] .like')
    await view.click('[data-ts-id="b"] .like')
    await view.click('[data-ts-id="c"] .like')
    assert.equal(likes(view, 'b'), '2')
    assert.equal(likes(view, 'c'), '1')
    await view.click('#add')
    await view.click('#drop-b')
    assert.deepEqual(view.findAll('h3').map((h) => h.text()), ['Z', 'A', 'C'])
    assert.equal(likes(view, 'c'), '1', 'c kept its state while siblings came and went')
    assert.equal(likes(view, 'z'), '0')
  })

  test("sendParent reaches the view's handleInfo; ts-target=\"@view\" sends an event to the view", async () => {
    const view = await render(Board)
    await view.click('[data-ts-id="a"] .like')
    await view.click('[data-ts-id="a"] .tell')
    await view.nextPush()
    assert.equal(view.find('#heard').text(), 'a:1')
    await view.click('[data-ts-id="c"] .rename')
    assert.equal(view.find('[data-ts-id="c"] h3').text(), 'C!', 'the view renamed it; the component got new props')
  })
})

class Feed extends LiveView<{ next: number }> {
  mount() {
    this.state = { next: 4 }
    this.stream('posts', [1, 2, 3].map((n) => ({ id: n, text: `post ${n}` })))
  }
  post() { this.streamInsert('posts', { id: this.state.next, text: `post ${this.state.next++}` }, { at: 0, limit: 3 }) }
  remove(payload: EventPayload) { this.streamDelete('posts', payload.id) }
  clear() { this.stream('posts', [{ id: 100, text: 'fresh' }], { reset: true }) }
  unknown() { this.streamInsert('nope', { id: 1 }) }
  render() {
    return html`<div><button id="post" ts-on:click="post">post</button><button id="clear" ts-on:click="clear">clear</button>
  <button id="unknown" ts-on:click="unknown">unknown</button>
  <ul>${this.streams.posts.map((p: { id: number; text: string }) => html`<li ts-key=${p.id}>${p.text} <button ts-on:click="remove" ts-value-id=${p.id}>x</button></li>`)}</ul></div>`
  }
}

describe('streams', () => {
  test('insert at the start with a limit trims the other end; delete; reset', async () => {
    const view = await render(Feed)
    const texts = () => view.findAll('li').map((li) => li.text().replace(' x', '').trim())
    assert.deepEqual(texts(), ['post 1', 'post 2', 'post 3'])
    await view.click('#post')
    assert.deepEqual(texts(), ['post 4', 'post 1', 'post 2'])
    await view.click('li:nth-child(2) button')
    assert.deepEqual(texts(), ['post 4', 'post 2'])
    await view.click('#clear')
    assert.deepEqual(texts(), ['fresh'])
  })

  test('an operation on a stream the view never declared is a clear error', async () => {
    const view = await render(Feed)
    await assert.rejects(view.click('#unknown'), /no stream of that name|failed/)
  })
})
