// ts-text, ts-show, ts-class, ts-if and ts-model as a user sees them (livets/testing's render()),
// and, at the protocol level, that a page can only write the bindings its markup declares.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { LiveView, html, live } from 'livets'
import { serve } from 'livets/node'
import { LiveClient, closeAll, render, type RenderedView } from 'livets/testing'
import { ERROR_UNKNOWN_EVENT } from '@livets/client/protocol'

interface Profile { form: { name: string; age: number | string; size: string; admin: boolean }; busy: boolean; broken: null }

class ProfileView extends LiveView<Profile> {
  mount() { this.state = { form: { name: 'Ann', age: 30, size: 'M', admin: false }, busy: false, broken: null } }
  render() {
    return html`<form>
<input id="name" ts-model.trim="form.name"><input id="age" ts-model.number="form.age">
<input type="radio" id="size-s" value="S" ts-model="form.size"><input type="radio" id="size-m" value="M" ts-model="form.size">
<input type="checkbox" id="admin" ts-model="form.admin"><input id="broken" ts-model="broken.field">
<aside ts-if="form.admin" id="admin-panel">Admin <em ts-text="form.name"></em></aside>
<p class="card" ts-class="{ 'admin': form.admin, 'adult': form.age >= 18 }" ts-show="!busy"><b ts-text="form.name"></b> is <i ts-text="form.age"></i></p>
</form>`
  }
}

let view: RenderedView
afterEach(closeAll)

describe('directives', () => {
  test('the first render evaluates them against the state', async () => {
    view = await render(ProfileView)
    assert.equal(view.find('p').text(), 'Ann is 30')
    assert.equal(view.find('p').attr('class'), 'card adult')
    assert.equal(view.find('p').attr('hidden'), null, 'ts-show="!busy" shows it')
    assert.equal(view.find('#name').value(), 'Ann')
    assert.equal(view.find('#size-m').checked(), true)
    assert.equal(view.find('#size-s').checked(), false)
    assert.ok(!view.has('#admin-panel'), 'ts-if left the panel out')
  })

  test('ts-model writes the converted value into the state and the render follows', async () => {
    view = await render(ProfileView)
    await view.input('#age', ' 12 ')
    assert.equal(view.find('i').text(), '12', 'ts-text shows the number')
    assert.equal(view.find('p').attr('class'), 'card', 'no longer adult')

    await view.input('#name', '  Bo  ')
    assert.equal(view.find('b').text(), 'Bo')

    await view.click('#admin')
    assert.equal(view.find('p').attr('class'), 'card admin')
    assert.equal(view.find('#admin-panel').text(), 'Admin Bo', 'ts-if brought the panel in')

    await view.click('#size-s')
    assert.deepEqual([view.find('#size-s').checked(), view.find('#size-m').checked()], [true, false], 'one radio checked, the other not')
  })

  test('a path through null is an error that names it; the view goes on', async () => {
    view = await render(ProfileView)
    await assert.rejects(view.input('#broken', 'x'), /input\('#broken'\): the server answered with an error: ProfileView ts-model="broken\.field" failed; see the server log/)
    assert.ok(view.logs.some((l) => l.includes('state.broken is null, not an object')))
    await view.input('#age', '40')
    assert.equal(view.find('i').text(), '40')
  })

  test('a malformed expression fails the render with the view, the directive and the column', async () => {
    class Broken extends LiveView<{}> { render() { return html`<p ts-show="a &&"></p>` } }
    const consoleError = console.error
    console.error = () => {}
    try {
      await assert.rejects(render(Broken), /GET \/ answered 500: .*Broken\.render\(\).*column 17: ts-show: the expression ends too early/s)
    } finally {
      console.error = consoleError
    }
  })
})

describe('bindings a page may write', () => {
  test('only bindings the page declares are accepted (a client cannot write other paths)', async () => {
    const app = new Hono()
    app.get('/', live(ProfileView))
    const server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger: { error: () => {}, warn: () => {} } })
    try {
      const { client } = await LiveClient.connect(`http://127.0.0.1:${server.port}/`)
      const sneaky = await client.event('ts-model:busy', { value: 'true' })
      assert.equal(sneaky.error?.code, ERROR_UNKNOWN_EVENT)
      const declared = await client.event('ts-model.number:form.age', { value: '40' })
      assert.ok(declared.ops.some((op) => op[0] === 'SET_TEXT' && op[2] === '40'))
      await client.close()
    } finally {
      await server.close()
    }
  })
})
