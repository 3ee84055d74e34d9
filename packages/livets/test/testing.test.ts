// livets/testing's render(): the API itself — both ways to render, each action, reading the page,
// pushes between two rendered views, keyboard filters, and the errors a test author gets.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Hono } from 'hono'
import { z } from 'zod'
import { LiveView, broadcast, defineForm, field, html, input, live, type EventPayload, type FormState, type MountContext } from 'livets'
import { RedirectError, closeAll, render } from 'livets/testing'

afterEach(closeAll)

class Keys extends LiveView<{ log: string[] }> {
  mount() { this.state = { log: [] } }
  handleEvent(name: string, payload: EventPayload) { this.state.log.push(`${name}:${payload.key ?? ''}:${payload.value ?? ''}`) }
  render() {
    return html`<div>
  <input id="field" ts-on:keydown.enter="save" ts-on:keydown.escape="cancel" ts-on:keydown.ctrl.enter="saveAll">
  <input id="letters" ts-on:keyup.a="a">
  <div id="modal" ts-on:keydown.window.escape="close"></div>
  <ol>${this.state.log.map((line) => html`<li>${line}</li>`)}</ol>
</div>`
  }
}

describe('keyboard filters', () => {
  test('a key reaches only the bindings whose filter it passes', async () => {
    const view = await render(Keys)
    await view.keydown('#field', 'Enter')
    assert.deepEqual(view.findAll('li').map((li) => li.text()), ['save:Enter:'])
    await view.keydown('#field', 'x')
    assert.equal(view.findAll('li').length, 1, 'x passes no filter: nothing is sent')
    await view.keydown('#field', 'Enter', { ctrlKey: true })
    assert.deepEqual(view.findAll('li').map((li) => li.text()).slice(1), ['save:Enter:', 'saveAll:Enter:'], '.enter also fires with Ctrl held')
  })

  test('a .window binding hears a key pressed anywhere; .stop-free field bindings run first', async () => {
    const view = await render(Keys)
    await view.keydown('body', 'Escape')
    assert.deepEqual(view.findAll('li').map((li) => li.text()), ['close:Escape:'])
    await view.keydown('#field', 'Escape')
    assert.deepEqual(view.findAll('li').map((li) => li.text()).slice(1), ['cancel:Escape:', 'close:Escape:'])
  })

  test('keyup, and letters in either case', async () => {
    const view = await render(Keys)
    await view.keyup('#letters', 'A', { shiftKey: true })
    assert.ok(view.has('li', 'a:A:'))
  })

  test('a key on an element nothing listens to is an error that says what it does handle', async () => {
    const view = await render(Keys)
    await assert.rejects(view.keyup('#field', 'Enter'), (e: Error) =>
      /keyup\('#field', 'Enter'\): <input id="field" .*> has no ts-on:keyup.*it handles ts-on:keydown\.enter, ts-on:keydown\.escape, ts-on:keydown\.ctrl\.enter/.test(e.message))
  })
})

interface Said { from: string; text: string }

class Room extends LiveView<{ name: string; heard: string[] }> {
  mount(ctx: MountContext) {
    this.state = { name: ctx.query.name ?? '?', heard: [] }
    this.subscribe(`room:${ctx.params.room}`)
  }
  say({ text }: EventPayload) { this.broadcast(`room:a`, { from: this.state.name, text } satisfies Said) }
  handleInfo(message: Said) { this.state.heard.push(`${message.from}: ${message.text}`) }
  render() {
    return html`<section>
  <form id="say" ts-on:submit="say"><input name="text" required><button>Say</button></form>
  <ul>${this.state.heard.map((line) => html`<li>${line}</li>`)}</ul>
</section>`
  }
}

describe('pushes between rendered views', () => {
  test('a broadcast from one view reaches the other; nextPush resolves with the pushed render', async () => {
    const alice = await render(Room, { path: '/rooms/:room', params: { room: 'a' }, query: { name: 'alice' } })
    const bob = await render(Room, { path: '/rooms/:room', params: { room: 'a' }, query: { name: 'bob' } })
    await alice.submit('#say', { text: 'hi <b>all</b>' })
    assert.match(await bob.nextPush(), /<li>alice: hi &lt;b&gt;all&lt;\/b&gt;<\/li>/)
    await alice.nextPush()
    assert.deepEqual(alice.findAll('li').map((li) => li.text()), ['alice: hi <b>all</b>'])
  })

  test('pushes that came before nextPush() count; broadcast() from outside a view works too', async () => {
    const bob = await render(Room, { path: '/rooms/:room', params: { room: 'a' }, query: { name: 'bob' } })
    assert.equal(broadcast('room:a', { from: 'server', text: 'one' }), 1)
    assert.equal(broadcast('room:a', { from: 'server', text: 'two' }), 1)
    await bob.nextPush()
    await bob.nextPush()
    assert.deepEqual(bob.findAll('li').map((li) => li.text()), ['server: one', 'server: two'])
    await assert.rejects(bob.nextPush({ timeoutMs: 50 }), /nextPush\(\): nothing within 50 ms/)
  })

  test('a closed view hears nothing more: its session ended', async () => {
    const bob = await render(Room, { path: '/rooms/:room', params: { room: 'z' }, query: { name: 'bob' } })
    await bob.close()
    assert.equal(broadcast('room:z', { from: 'x', text: 'anyone?' }), 0)
  })
})

class Form extends LiveView<{ saved: string; size: string; agree: boolean; note: string; typed: number; tags: string[] }> {
  mount() { this.state = { saved: '', size: 'M', agree: false, note: '', typed: 0, tags: [] } }
  save(fields: EventPayload) { this.state.saved = JSON.stringify(fields) }
  search() { this.state.typed++ }
  render() {
    return html`<div>
  <form id="f" ts-on:submit="save">
    <input name="title" required minlength="2">
    <select name="size" ts-model="size"><option>S</option><option>M</option><option>L</option></select>
    <input type="checkbox" name="agree" value="yes" ts-model="agree">
    <input type="radio" name="color" value="red"><input type="radio" name="color" value="blue">
    <textarea name="note" ts-model.lazy="note"></textarea>
    <button name="go" value="1">Save</button>
  </form>
  <input id="search" ts-on:input.debounce.30="search">
  <p id="out">${this.state.saved}</p><p id="state">${this.state.size}/${String(this.state.agree)}/${this.state.note}</p><p id="typed">${this.state.typed}</p>
</div>`
  }
}

const signup = defineForm('signup', z.object({ email: z.email('Enter an email address') }))

class Signup extends LiveView<{ signup: FormState }> {
  mount() { this.state = { signup: signup.init({ email: '' }) } }
  save = signup.onSubmit(() => {})
  render() {
    return html`<form id="signup" ts-form="signup" ts-on:submit="save">${input(field(this.state.signup, 'email'), { label: 'Email' })}</form>`
  }
}

/** Keeps the form's state under a key that is not the form's name: its errors could never show. */
class MisplacedForm extends LiveView<{ form: FormState }> {
  mount() { this.state = { form: signup.init({ email: '' }) } }
  save = signup.onSubmit(() => {})
  render() {
    return html`<form id="signup" ts-form="signup" ts-on:submit="save">${input(field(this.state.form, 'email'), { label: 'Email' })}</form>`
  }
}

describe('forms and fields', () => {
  test('typing into a field of a ts-form form sends the form\'s change: it validates as the user types', async () => {
    const view = await render(Signup)
    await view.input('input[name="signup[email]"]', 'not an email')
    assert.equal(view.find('input[name="signup[email]"]').attr('aria-invalid'), 'true')
    await view.change('#signup', { 'signup[email]': 'ann@example.com' })
    assert.equal(view.find('input[name="signup[email]"]').attr('aria-invalid'), null)
  })

  test('a form whose state is not under its name fails its events, saying where to put it', async () => {
    const logged: string[] = []
    const logger = { error: (message: string, error?: unknown) => { logged.push(`${message} ${error}`) }, warn: () => {} }
    // The first join sends no form the user has not touched; the first change fails, and says so.
    const view = await render(MisplacedForm, { logger })
    await assert.rejects(view.input('input[name="signup[email]"]', 'ann@example.com'), /MisplacedForm ts-form="signup" failed/)
    assert.match(logged.join('\n'), /form 'signup': MisplacedForm's this\.state\.signup holds no form state, so its errors could never show; set it in mount\(\)/)
  })

  test('submit fills the fields as a user would, and sends the form with its submit button', async () => {
    const view = await render(Form)
    await view.submit('#f', { title: 'Milk', size: 'L', agree: true, color: 'blue', note: 'cold' })
    assert.deepEqual(JSON.parse(view.find('#out').text()), { title: 'Milk', size: 'L', agree: 'yes', color: 'blue', note: 'cold', go: '1' })
    assert.equal(view.find('#state').text(), 'L/true/cold', 'the ts-model fields sent their changes on the way')
  })

  test('change sets fields by name (or one field) and each ts-model hears it', async () => {
    const view = await render(Form)
    await view.change('#f', { size: 'S', note: 'n' })
    assert.equal(view.find('#state').text(), 'S/false/n')
    await view.change('input[name=agree]', true)
    assert.equal(view.find('#state').text(), 'S/true/n')
    await view.click('input[name=agree]')
    assert.equal(view.find('#state').text(), 'S/false/n', 'a click toggles a checkbox')
    assert.equal(view.find('input[name=agree]').checked(), false)
  })

  test('a debounced binding sends once its wait is over, and the action waits for it', async () => {
    const view = await render(Form)
    await view.input('#search', 'he')
    assert.equal(view.find('#typed').text(), '1')
  })

  test('field errors name the field and what it takes', async () => {
    const view = await render(Form)
    await assert.rejects(view.change('#f', { titel: 'x' }), /change\('#f'\): the form has no field named 'titel'; its fields are title, size, agree, color, note$/)
    await assert.rejects(view.change('#f', { size: 'XL' }), /field 'size': the <select> has no option "XL"; its options are "S", "M", "L"/)
    await assert.rejects(view.change('#f', { color: 'green' }), /no radio has the value "green"; the values are "red", "blue"/)
    await assert.rejects(view.submit('#f', { title: 'x' }), /submit\('#f'\): the browser would not submit this form: title: /)
    await assert.rejects(view.input('#out', 'x'), /input\('#out'\): <p id="out"> is not a field/)
  })
})

class Counter extends LiveView<{ count: number; ticks: number }> {
  mount(ctx: MountContext) { this.state = { count: Number(ctx.query.start ?? 0), ticks: 0 } }
  increment() { this.state.count++ }
  explode() { throw new Error('kaboom') }
  tick() { setTimeout(() => this.setState({ ticks: this.state.ticks + 1 }), 5) }
  render() {
    return html`<main><output id="count">Count: ${this.state.count}</output> <i id="ticks">${this.state.ticks}</i>
<button id="inc" ts-on:click="increment">+</button><button id="boom" ts-on:click="explode">!</button><button id="tick" ts-on:click="tick">tick</button>
<button id="ghost" ts-on:click="ghost">?</button><span id="plain">plain</span></main>`
  }
}

describe('render(View) and reading the page', () => {
  test('query reaches mount(); html() has no markers; find, findAll and has read the page', async () => {
    const view = await render(Counter, { query: { start: '3' } })
    assert.match(view.html(), /<output id="count">Count: 3<\/output>/)
    assert.doesNotMatch(view.html(), /<!--ts/)
    assert.equal(view.find('#count').text(), 'Count: 3')
    assert.equal(view.find('#inc').attr('ts-on:click'), 'increment')
    assert.ok(view.has('output', 'Count: 3'))
    assert.ok(view.has('output', /Count: \d/))
    assert.ok(!view.has('output', 'Count: 4'))
    assert.equal(view.findAll('button').length, 4)
    assert.match(await view.click('#inc'), /Count: 4/, 'an action resolves with the HTML after it')
  })

  test('a handler that throws rejects the action with the server log line', async () => {
    const view = await render(Counter)
    await assert.rejects(view.click('#boom'), (e: Error) =>
      /click\('#boom'\): the server answered with an error: Counter\.explode\(\) failed; see the server log/.test(e.message) && /kaboom/.test(e.message))
    await view.click('#inc')
    assert.equal(view.find('#count').text(), 'Count: 1', 'the view goes on')
    await assert.rejects(view.click('#ghost'), /unknown event 'ghost'/)
  })

  test('a timer\'s setState arrives as a push', async () => {
    const view = await render(Counter)
    await view.click('#tick')
    await view.nextPush() // resolves now if the push came before this line, else when it comes
    assert.equal(view.find('#ticks').text(), '1')
  })

  test('selector errors: nothing, several, not valid, no handler', async () => {
    const view = await render(Counter)
    await assert.rejects(view.click('#nope'), /click\('#nope'\): no element matches '#nope'; the view shows: <main><output id="count">Count: 0/)
    await assert.rejects(view.click('button'), /click\('button'\): 4 elements match 'button'; name one/)
    await assert.rejects(view.click('#[x'), /'#\[x' is not a valid CSS selector/)
    await assert.rejects(view.click('#plain'), /click\('#plain'\): <span id="plain"> has no ts-on:click, nor has any element around it; it has no ts-on or ts-model attribute/)
    assert.throws(() => view.find('button'), /find\('button'\): 4 elements match/)
  })

  test('a path with params needs them', async () => {
    await assert.rejects(render(Counter, { path: '/c/:id' }), /the path '\/c\/:id' names :id; give it in params/)
  })
})

describe('render(app, url)', () => {
  const app = new Hono()
  app.use('/admin/*', async (c, next) => {
    if (c.req.header('cookie') !== 'user=ann') return c.redirect('/login')
    await next()
  })
  app.get('/admin/rooms/:room', live(Room))
  app.get('/counter', live(Counter))
  app.get('/plain', (c) => c.html('<p>no live view here</p>'))

  test('routes, params, query and middleware work as in production', async () => {
    const view = await render(app, '/admin/rooms/a?name=ann', { headers: { cookie: 'user=ann' } })
    assert.ok(view.has('#say'))
    assert.equal(broadcast('room:a', { from: 'x', text: 'y' }), 1)
    await view.nextPush()
    assert.ok(view.has('li', 'x: y'))
  })

  test('a redirect rejects with its location', async () => {
    await assert.rejects(render(app, '/admin/rooms/a'), (e: RedirectError) => e instanceof RedirectError && e.location === '/login' && e.status === 302)
  })

  test('a page that is not there, or not live, says so', async () => {
    await assert.rejects(render(app, '/missing'), /GET \/missing answered 404/)
    await assert.rejects(render(app, '/plain'), /the page at http:\/\/localhost\/plain has no live view .*is its route live\(View\)\?/)
  })

  test('navigate() loads another page of the app in the same view object', async () => {
    const view = await render(app, '/counter?start=5')
    await view.click('#inc')
    assert.equal(view.find('#count').text(), 'Count: 6')
    await view.navigate('/counter?start=1')
    assert.equal(view.url, 'http://localhost/counter?start=1')
    assert.equal(view.find('#count').text(), 'Count: 1')
    await view.click('#inc')
    assert.equal(view.find('#count').text(), 'Count: 2')
  })
})

class BadMount extends LiveView<{}> {
  mount(ctx: MountContext) { if (ctx.connected) throw new Error('no database') }
  render() { return html`<p>hi</p>` }
}

test('a view that fails to mount once connected rejects render() with the close and the log', async () => {
  await assert.rejects(render(BadMount), (e: Error) =>
    /joining the live view at http:\/\/localhost\/: the server closed the connection with 4500: BadMount failed to mount/.test(e.message)
    && /BadMount\.mount\(\) failed.*no database/.test(e.message))
})

test('a view left open does not keep the test process alive (the page\'s timers are not the process\'s)', async () => {
  const script = `import { LiveView, html } from 'livets'
import { render } from 'livets/testing'
class C extends LiveView { render() { return html\`<p>open</p>\` } }
const view = await render(C)
console.log(view.find('p').text())`
  // The client's heartbeat runs every 30 s: a process that waited for it would be killed at 20 s.
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=livets-source', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: dirname(fileURLToPath(import.meta.url)), timeout: 20_000 })
  assert.equal(stdout.trim(), 'open')
})
