// ts-text, ts-show, ts-class and ts-model through a served app, at the protocol level.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { LiveView, html, live } from 'livets'
import { serve, type LiveServer } from 'livets/node'
import { LiveClient } from 'livets/testing'
import { ERROR_HANDLER_FAILED, ERROR_UNKNOWN_EVENT } from '@livets/client/protocol'

interface Profile { form: { name: string; age: number | string; size: string; admin: boolean }; busy: boolean; broken: null }

class ProfileView extends LiveView<Profile> {
  mount() { this.state = { form: { name: 'Ann', age: 30, size: 'M', admin: false }, busy: false, broken: null } }
  render() {
    return html`<form>
<input ts-model.trim="form.name"><input ts-model.number="form.age">
<input type="radio" value="S" ts-model="form.size"><input type="radio" value="M" ts-model="form.size">
<input type="checkbox" ts-model="form.admin"><input ts-model="broken.field">
<aside ts-if="form.admin" id="admin-panel">Admin <em ts-text="form.name"></em></aside>
<p class="card" ts-class="{ 'admin': form.admin, 'adult': form.age >= 18 }" ts-show="!busy"><b ts-text="form.name"></b> is <i ts-text="form.age"></i></p>
</form>`
  }
}

let server: LiveServer
let url: string
const logs: string[] = []

before(async () => {
  const app = new Hono()
  app.get('/', live(ProfileView))
  server = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger: { error: (m) => logs.push(m), warn: (m) => logs.push(m) } })
  url = `http://127.0.0.1:${server.port}/`
})
after(() => server.close())

describe('directives', () => {
  test('the first render evaluates them against the state', async () => {
    const page = await (await fetch(url)).text()
    assert.match(page, /<b ><!--ts\[\d+-->Ann<!--ts\]--><\/b>/)
    assert.match(page, /class="card adult"/)
    assert.match(page, /value="Ann"/)
    assert.match(page, /value="M" ts-model="form.size"\s+checked>/)
    assert.doesNotMatch(page, /display: none/)
    assert.doesNotMatch(page, /admin-panel/, 'ts-if left the panel out')
  })

  test('ts-model writes the converted value into the state and the render follows', async () => {
    const { client } = await LiveClient.connect(url)
    const age = await client.event('ts-model.number:form.age', { value: ' 12 ' })
    assert.ok(age.ops.some((op) => op[0] === 'SET_TEXT' && op[2] === '12'), 'ts-text shows the number')
    assert.ok(age.ops.some((op) => op[0] === 'SET_ATTR' && op[2] === 'card'), 'no longer adult')

    const name = await client.event('ts-model.trim:form.name', { value: '  Bo  ' })
    assert.ok(name.ops.some((op) => op[0] === 'SET_TEXT' && op[2] === 'Bo'))

    const admin = await client.event('ts-model:form.admin', { checked: 'true' })
    assert.ok(admin.ops.some((op) => op[0] === 'SET_ATTR' && op[2] === 'card admin'))
    const panel = admin.ops.find((op) => op[0] === 'SET_HTML')
    assert.match(String(panel?.[2]), /<aside\s+id="admin-panel">Admin <em ><!--ts\[0-->Bo<!--ts\]--><\/em><\/aside>/, 'ts-if brought the panel in')

    const size = await client.event('ts-model:form.size', { value: 'S' })
    assert.deepEqual(size.ops.filter((op) => op[0] === 'SET_ATTR' || op[0] === 'REMOVE_ATTR').length, 2, 'one radio checked, the other not')
    await client.close()
  })

  test('only bindings the page declares are accepted; a path through null is an error reply', async () => {
    const { client } = await LiveClient.connect(url)
    const sneaky = await client.event('ts-model:busy', { value: 'true' })
    assert.equal(sneaky.error?.code, ERROR_UNKNOWN_EVENT)
    const broken = await client.event('ts-model:broken.field', { value: 'x' })
    assert.equal(broken.error?.code, ERROR_HANDLER_FAILED)
    assert.ok(logs.some((l) => l.includes('state.broken is null, not an object')))
    const still = await client.event('ts-model.number:form.age', { value: '40' })
    assert.ok(still.ops.some((op) => op[0] === 'SET_TEXT' && op[2] === '40'))
    await client.close()
  })

  test('a malformed expression fails the render with the view, the directive and the column', async () => {
    class Broken extends LiveView<{}> { render() { return html`<p ts-show="a &&"></p>` } }
    const app = new Hono()
    app.get('/', live(Broken))
    const broken = await serve(app, { port: 0, sessionFile: null, handleSignals: false, logger: { error: () => {}, warn: () => {} } })
    const consoleError = console.error
    console.error = () => {}
    try {
      const response = await fetch(`http://127.0.0.1:${broken.port}/`)
      assert.equal(response.status, 500)
      assert.match(await response.text(), /Broken\.render\(\).*column 17: ts-show: the expression ends too early/s)
    } finally {
      console.error = consoleError
      await broken.close()
    }
  })
})
