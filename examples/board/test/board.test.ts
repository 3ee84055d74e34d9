// The board as its user sees it, in-process with livets/testing (no browser, no port): live links,
// the tag filter in the URL, a card's own state, the new-card form, and a second tab hearing changes.
// The browser-only parts (client commands, the chart's hook, one socket) are in e2e/board.test.ts.
import { afterEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { closeAll, render } from 'livets/testing'
import { app } from '../src/app.ts'

afterEach(closeAll)

const where = (url: string): string => { const { pathname, search } = new URL(url); return pathname + search }

const titles = (view: Awaited<ReturnType<typeof render>>, column: string) =>
  view.findAll(`.column[data-column=${column}] .card-title`).map((title) => title.text())

test('the board shows the seed cards per column, and ?tag= filters them on a page load', async () => {
  const board = await render(app, '/')
  assert.ok(titles(board, 'doing').includes('Cards keep their place on reload'))
  assert.equal(board.document.title, 'Project board')
  const bugs = await render(app, '/?tag=bug')
  assert.deepEqual([...titles(bugs, 'todo'), ...titles(bugs, 'doing'), ...titles(bugs, 'done')], ['Cards keep their place on reload'])
  assert.equal(bugs.document.title, 'Project board · #bug')
})

test('a ts-patch to another tag runs handleParams; ts-navigate goes to a card and to the settings', async () => {
  const board = await render(app, '/')
  await board.click('#tag-menu a[href="/?tag=chore"]')
  assert.equal(where(board.url), '/?tag=chore')
  assert.equal(board.find('#heading').text(), 'Cards tagged #chore')
  await board.click('.card-title[href="/cards/3"]')
  assert.equal(board.find('#heading').text(), 'Write the README')
  await board.click('#card-next')
  assert.equal(where(board.url), '/cards/4')
  assert.equal(board.find('#heading').text(), 'Filter cards by tag')
  await board.click('#nav-settings')
  assert.equal(board.find('#heading').text(), 'Settings')
  assert.equal(board.document.title, 'Settings')
})

test('a card keeps its expanded state while the board changes around it', async () => {
  const board = await render(app, '/')
  await board.click('[data-card="1"] .card-toggle')
  assert.equal(board.find('[data-card="1"]').attr('data-expanded'), 'true')
  await board.click('[data-card="3"] .card-move[ts-value-to=doing]')
  await board.click('[data-card="2"] .card-vote')
  assert.equal(board.find('[data-card="1"]').attr('data-expanded'), 'true')
  assert.match(board.find('[data-card="1"] .card-notes').text(), /Three columns/)
})

test('the new-card form shows zod errors, and a valid card lands in its column and in another tab', async () => {
  const board = await render(app, '/')
  const other = await render(app, '/')
  await board.submit('#new-card-form', { 'card[title]': 'x' })
  assert.match(board.find('#new-card-form').text(), /at least 3 characters/)
  await board.submit('#new-card-form', { 'card[title]': 'Ship the board example', 'card[column]': 'doing', 'card[tag]': 'chore' })
  assert.ok(titles(board, 'doing').includes('Ship the board example'))
  assert.match(board.find('.ts-flash-info').text(), /Added “Ship the board example”/)
  await other.nextPush()
  assert.ok(titles(other, 'doing').includes('Ship the board example'))
  assert.match(other.find('#activity').text(), /Added “Ship the board example” to Doing/)
})
