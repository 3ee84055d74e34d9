// Live navigation in-process (docs/navigation.md), through livets/testing (the real client in
// happy-dom) and a protocol client: patches and navigations keep the session, the URL and the
// title follow, middleware runs, and every URL that is not a live route of this app is a page
// load or a clear error, never a crash.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { closeAll, render } from 'livets/testing'
import { navApp } from '../../../e2e/fixtures/nav-app.ts'

afterEach(closeAll)

const app = navApp()

describe('live patch', () => {
  test('a ts-patch link runs handleParams on the same view and changes the URL; only the difference is sent', async () => {
    const view = await render(app, '/items')
    const page = view.document
    assert.equal(view.find('#heading').text(), 'Items, page 1')
    assert.equal(view.find('#visits').text(), '1')
    await view.click('#page2')
    assert.equal(view.document, page, 'no page load')
    assert.equal(view.find('#heading').text(), 'Items, page 2')
    assert.deepEqual(view.findAll('#list li').map((li) => li.text()), ['item 4', 'item 5', 'item 6'])
    assert.equal(view.find('#visits').text(), '2', 'the same view instance: its state went on')
    assert.equal(new URL(view.url).search, '?page=2')
    assert.equal(view.document.title, 'Items – page 2')
  })

  test('pushPatch from a handler does the same', async () => {
    const view = await render(app, '/items?page=2')
    await view.click('#next')
    assert.equal(view.find('#heading').text(), 'Items, page 3')
    assert.equal(new URL(view.url).search, '?page=3')
  })

  test('a deep link renders what a live patch renders', async () => {
    const patched = await render(app, '/items')
    await patched.click('#page3')
    const deep = await render(app, '/items?page=3')
    assert.equal(deep.find('#list').html(), patched.find('#list').html())
    assert.equal(deep.find('#heading').text(), patched.find('#heading').text())
  })
})

describe('live navigation', () => {
  test('a ts-navigate link mounts the routed view over the same connection', async () => {
    const view = await render(app, '/items')
    const page = view.document
    await view.click('#item7')
    assert.equal(view.document, page, 'no page load')
    assert.equal(view.find('#heading').text(), 'Item 7')
    assert.equal(new URL(view.url).pathname, '/items/7')
    assert.equal(view.document.title, 'Item 7')
    await view.click('#click')
    assert.equal(view.find('#clicks').text(), '1', 'the new view handles its events')
  })

  test('view.navigate(url) goes over the live connection too', async () => {
    const view = await render(app, '/items')
    const page = view.document
    await view.navigate('/items/3')
    assert.equal(view.find('#heading').text(), 'Item 3')
    await view.navigate('/items?page=4')
    assert.equal(view.find('#heading').text(), 'Items, page 4')
    assert.equal(view.document, page, 'no page load')
  })

  test('navigate() from a handler, with the flash kept', async () => {
    const view = await render(app, '/items')
    const page = view.document
    await view.click('#save-open')
    assert.equal(view.document, page, 'no page load')
    assert.equal(view.find('#heading').text(), 'Item 4')
    assert.ok(view.has('.ts-flash', 'Saved before navigating'))
  })

  test('a URL no live route serves is loaded in full', async () => {
    const view = await render(app, '/items')
    await assert.rejects(view.click('#plain'), /no live view/, 'the plain page is loaded (and is not a live page)')
  })

  test('the login middleware runs for a live navigation: without the cookie the page loads, and lands where the middleware sends it', async () => {
    const view = await render(app, '/items')
    await assert.rejects(view.click('#secret'), /redirected \(302\) to \/login/)
    const allowed = await render(app, '/items', { headers: { cookie: 'user=ann' } })
    await allowed.click('#secret')
    assert.equal(allowed.find('#heading').text(), 'Secret of ann', 'the route\'s session option read the cookie')
  })

  test('a handler navigating to javascript: fails with a clear error', async () => {
    const view = await render(app, '/items')
    await assert.rejects(view.click('#bad-url'), /Items\.badUrl\(\) failed/)
    assert.ok(view.logs.some((line) => line.includes("only paths of this app and http(s) URLs can be navigated to, not javascript: URLs")), view.logs.join('\n'))
  })
})

describe('routing through the app', () => {
  test('live routes of a sub-app are found through the outer app, also when Hono wraps them (a sub-app with its own onError)', async () => {
    const inner = navApp().onError((error, c) => c.text(`inner: ${error.message}`, 500))
    const outer = new Hono().route('/shop', inner)
    const view = await render(outer, '/shop/items')
    const page = view.document
    await view.navigate('/shop/items/5')
    assert.equal(view.find('#heading').text(), 'Item 5')
    assert.equal(view.document, page, 'no page load')
  })
})
