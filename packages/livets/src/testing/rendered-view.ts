// What render() returns: a live view loaded in a happy-dom page, driven the way a user drives it.
// Every action dispatches real DOM events, so the client's delegation, modifiers, key filters and
// ts-model run as in a browser, and resolves once every frame it caused is answered and applied
// (docs/testing.md).
import {
  DIRECTIVE_NAVIGATE, DIRECTIVE_PATCH, HISTORY_PUSH, MARKER_ATTR, MARKER_ITEM, MARKER_PART_CLOSE, MARKER_PART_OPEN, NAVIGATE_MOUNT,
} from '@livets/client/protocol'
import { describeElement, handledBy, longestWait, reachable, type Reachable } from './bindings.ts'
import { fieldNames, fieldsNamed, isField, setField, type FieldValue } from './fields.ts'
import type { LivePage } from './live-page.ts'

/** Opens the page at a URL: a GET through the app, then the live join (render.ts). */
export type PageLoader = (url: string) => Promise<LivePage>

/** Modifier keys held during a key event, named as in KeyboardEventInit. */
export interface HeldKeys { ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean; metaKey?: boolean }

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** The comments the server writes around dynamic parts (docs/protocol.md): not what a test reads. */
const MARKERS = new RegExp(`<!--(?:${escapeRegExp(MARKER_PART_OPEN)}\\d+|${escapeRegExp(MARKER_PART_CLOSE)}|${escapeRegExp(MARKER_ITEM)}|${escapeRegExp(MARKER_ATTR)}\\d+ [^>]*?)-->`, 'g')

export function withoutMarkers(html: string): string {
  return html.replace(MARKERS, '')
}

/** DOM events that do not bubble: dispatch() sends these to their target alone, as the browser does. */
const NON_BUBBLING = new Set(['focus', 'blur', 'mouseenter', 'mouseleave', 'pointerenter', 'pointerleave', 'load', 'unload', 'scroll', 'scrollend', 'toggle'])

/** Text as a reader sees it: runs of whitespace are one space, none at the ends. */
const readable = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim()

/** One element of the page, for reading. */
export class Found {
  constructor(readonly element: Element) {}
  /** Its text, whitespace collapsed. */
  text(): string { return readable(this.element.textContent) }
  /** Its content's HTML, without LiveTS's markers. */
  html(): string { return withoutMarkers(this.element.innerHTML) }
  attr(name: string): string | null { return this.element.getAttribute(name) }
  /** A form field's current value (what the user sees in it). */
  value(): string { return (this.element as HTMLInputElement).value ?? '' }
  /** A checkbox's or radio's checked state. */
  checked(): boolean { return (this.element as HTMLInputElement).checked === true }
}

/** Whether a click on `element` is a live link's (ts-patch, ts-navigate): the client takes it, no ts-on needed. */
function navigatesLive(element: Element): boolean {
  const link = element.closest('a[href]')
  return link !== null && link.getAttributeNames().some((name) => name.split('.')[0] === DIRECTIVE_PATCH || name.split('.')[0] === DIRECTIVE_NAVIGATE)
}

/** Views rendered and not closed yet. */
const openViews = new Set<RenderedView>()

/** Closes every view render() opened that is still open: `afterEach(closeAll)`. */
export async function closeAll(): Promise<void> {
  await Promise.all([...openViews].map((view) => view.close()))
}

export class RenderedView {
  private pushesTaken = 0

  constructor(private page: LivePage, private readonly load: PageLoader, private readonly timeoutMs: number) {
    openViews.add(this)
  }

  /** The page's URL. */
  get url(): string { return this.page.url }
  /** Server log lines and the page's console output (`browser: …`), oldest first. */
  get logs(): readonly string[] { return this.page.logs }
  /** The happy-dom document, for what the helpers do not cover. */
  get document(): Document { return this.page.window.document as unknown as Document }

  // ── reading ──────────────────────────────────────────────────────────────────────────────────

  /** The view's HTML as the page shows it now, without LiveTS's markers. */
  html(): string {
    return withoutMarkers(this.page.root.innerHTML)
  }

  /** The one element `selector` matches; throws when it matches none or several. */
  find(selector: string): Found {
    return new Found(this.one(selector, `find('${selector}')`))
  }

  /** Every element `selector` matches, in document order (none is no error). */
  findAll(selector: string): Found[] {
    return this.all(selector, `findAll('${selector}')`).map((element) => new Found(element))
  }

  /** Whether an element matches `selector` (and, if given, its text contains `text` or matches it). */
  has(selector: string, text?: string | RegExp): boolean {
    return this.all(selector, `has('${selector}')`).some((element) => {
      if (text === undefined) return true
      const shown = readable(element.textContent)
      return typeof text === 'string' ? shown.includes(readable(text)) : text.test(shown)
    })
  }

  // ── acting ───────────────────────────────────────────────────────────────────────────────────

  /** Clicks the element; a checkbox or radio toggles, a submit button submits its form, as in a browser. */
  click(selector: string): Promise<string> {
    const label = `click('${selector}')`
    return this.act(label, () => {
      const element = this.one(selector, label) as HTMLElement
      const input = element as HTMLInputElement
      const bindings = reachable(this.page.root, element, 'click')
      if (element.localName === 'input' && (input.type === 'checkbox' || input.type === 'radio'))
        bindings.push(...reachable(this.page.root, element, 'input'), ...reachable(this.page.root, element, 'change'))
      const form = (element as HTMLButtonElement).form
      if (form && (element as HTMLButtonElement).type === 'submit') bindings.push(...reachable(this.page.root, form, 'submit'))
      if (bindings.length === 0 && !navigatesLive(element)) throw new Error(`${label}: ${describeElement(element)} has no ts-on:click, nor has any element around it; ${handledBy(element)}`)
      element.click()
      return bindings
    })
  }

  /** Types `value` into a field (focused first): one input event, as when the user typed it. */
  input(selector: string, value: string | number): Promise<string> {
    const label = `input('${selector}')`
    return this.act(label, () => {
      const field = this.field(selector, label)
      const bindings = reachable(this.page.root, field, 'input')
      if (bindings.length === 0) throw new Error(`${label}: nothing handles input on ${describeElement(field)} (no ts-on:input or ts-model on it or around it, and no ts-form on its form); ${handledBy(field)}`)
      field.focus()
      setField([field], value, label)
      this.dispatchInput(field)
      return bindings
    })
  }

  /**
   * Changes fields as a user does (types or picks, then leaves the field): `change(form, { name: value, … })`
   * sets the form's fields by name, `change(field, value)` one field. Each field changed gets an
   * input and a change event.
   */
  change(selector: string, values: FieldValue | Record<string, FieldValue>): Promise<string> {
    const label = `change('${selector}')`
    return this.act(label, () => {
      const element = this.one(selector, label)
      const bindings = element.localName === 'form' ? this.fill(element as HTMLFormElement, values, label)
        : this.changeField(element, values, label)
      if (bindings.length === 0)
        throw new Error(`${label}: nothing handles input or change there (no ts-on:change, ts-on:input or ts-model on the fields or around them, and no ts-form on their form); ${handledBy(element)}`)
      return bindings
    })
  }

  /** Fills the form's fields (as change() does), then submits it as its submit button would. */
  submit(selector: string, values: Record<string, FieldValue> = {}): Promise<string> {
    const label = `submit('${selector}')`
    return this.act(label, () => {
      const form = this.one(selector, label) as HTMLFormElement
      if (form.localName !== 'form') throw new Error(`${label}: ${describeElement(form)} is not a <form>`)
      const bindings = reachable(this.page.root, form, 'submit')
      if (bindings.length === 0) throw new Error(`${label}: ${describeElement(form)} has no ts-on:submit, nor has any element around it; ${handledBy(form)}`)
      bindings.push(...this.fill(form, values, label))
      if (!form.noValidate && !form.checkValidity()) {
        const invalid = Array.from(form.elements).filter((element) => isField(element) && !(element as HTMLInputElement).checkValidity())
        throw new Error(`${label}: the browser would not submit this form: ${invalid.map((element) =>
          `${(element as HTMLInputElement).name || describeElement(element)}: ${(element as HTMLInputElement).validationMessage}`).join('; ')}`)
      }
      const submitter = Array.from(form.elements).find((element) => (element as HTMLButtonElement).type === 'submit' && (element.localName === 'button' || element.localName === 'input')) ?? null
      const window = this.page.window
      form.dispatchEvent(new window.SubmitEvent('submit', { bubbles: true, cancelable: true, submitter: submitter as never }) as unknown as Event)
      return bindings
    })
  }

  /** Presses `key` (a KeyboardEvent.key: 'Enter', 'Escape', 'a') on the element, focused first if it is a field. */
  keydown(selector: string, key: string, held: HeldKeys = {}): Promise<string> {
    return this.key('keydown', selector, key, held)
  }

  /** Releases `key` on the element (for ts-on:keyup bindings). */
  keyup(selector: string, key: string, held: HeldKeys = {}): Promise<string> {
    return this.key('keyup', selector, key, held)
  }

  /**
   * Dispatches any DOM event at the element — `dblclick`, `focusout`, `mouseenter`… — for the
   * ts-on bindings the other actions do not name. It bubbles unless the DOM's event of that type
   * does not (focus, blur, mouseenter, mouseleave, …); `init` adds to the event (clientX, key…).
   */
  dispatch(selector: string, type: string, init: Record<string, unknown> = {}): Promise<string> {
    const label = `dispatch('${selector}', '${type}')`
    return this.act(label, () => {
      const element = this.one(selector, label)
      const bubbles = !NON_BUBBLING.has(type)
      const bindings = reachable(this.page.root, element, type, bubbles)
      if (bindings.length === 0) throw new Error(`${label}: ${describeElement(element)} has no ts-on:${type}${bubbles ? ', nor has any element around it' : ''}; ${handledBy(element)}`)
      element.dispatchEvent(this.event(type, { bubbles, cancelable: true, ...init }))
      return bindings
    })
  }

  /**
   * Goes to `url` (relative to this page) as a `ts-navigate` link does: over the live connection,
   * the view the app routes the URL to is mounted in place of this one (docs/navigation.md). A URL
   * no live route serves, or of another origin, is loaded in full, as the browser would; either
   * way this object shows the new page.
   */
  async navigate(url: string): Promise<string> {
    const next = new URL(url, this.page.url).href
    const label = `navigate('${url}')`
    const page = this.page
    let live = false
    const html = await this.act(label, () => { live = page.connection.navigation.go(next, NAVIGATE_MOUNT, HISTORY_PUSH); return [] })
    if (live) return html
    await this.loadInFull(next)
    return this.html()
  }

  /** Closes this page and loads `url` through the app: a page load the server asked for, or one the browser would make. */
  private async loadInFull(url: string): Promise<void> {
    await this.page.close()
    this.page = await this.load(url)
    this.pushesTaken = 0
  }

  /**
   * Resolves with the view's HTML once a render arrives that no action of this test asked for (a
   * broadcast, a timer's setState). Pushes that arrived before the call count, one per call.
   */
  async nextPush({ timeoutMs = this.timeoutMs }: { timeoutMs?: number } = {}): Promise<string> {
    const page = this.page
    const wanted = this.pushesTaken + 1
    await page.waitFor(() => page.pushesApplied >= wanted, timeoutMs, 'nextPush()')
    this.pushesTaken = wanted
    return this.html()
  }

  /** Closes the page as a closed tab does: the server ends the session and unmounts the view. */
  close(): Promise<void> {
    openViews.delete(this)
    return this.page.close()
  }

  // ── inside ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Runs `perform` (which dispatches the action's DOM events and returns the bindings they can
   * reach) in the page, then waits until every frame it caused is answered and applied; rejects
   * with what the server or the page reported against it.
   */
  private async act(label: string, perform: () => Reachable[]): Promise<string> {
    const page = this.page
    const failures = page.failures.length
    const closes = page.closes
    const bindings = page.run(perform)
    // A debounced or throttled binding sends when its wait is over: the action lasts that long.
    const wait = longestWait(bindings)
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 1))
    await page.waitFor(() => page.settled || page.closes > closes, this.timeoutMs, label)
    // The last patch's microtasks (the client learning event types that markup brought in) run now.
    await new Promise((resolve) => setImmediate(resolve))
    const problems = page.failures.slice(failures)
    if (page.closes > closes) problems.push(page.lastClose)
    if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}${page.recentLogs()}`)
    // The server sent the page elsewhere (a redirect, a URL no live route serves): the browser would load it.
    if (page.loadRequested) await this.loadInFull(page.loadRequested)
    return this.html()
  }

  private key(type: 'keydown' | 'keyup', selector: string, key: string, held: HeldKeys): Promise<string> {
    const label = `${type}('${selector}', '${key}')`
    return this.act(label, () => {
      const element = this.one(selector, label)
      const bindings = reachable(this.page.root, element, type)
      if (bindings.length === 0)
        throw new Error(`${label}: ${describeElement(element)} has no ts-on:${type}, nor has any element around it, and the view has no ts-on:${type}.window or .document; ${handledBy(element)}`)
      if (isField(element)) element.focus()
      element.dispatchEvent(this.event(type, { key, bubbles: true, cancelable: true, ...held }))
      return bindings
    })
  }

  private changeField(element: Element, value: FieldValue | Record<string, FieldValue>, label: string): Reachable[] {
    if (!isField(element)) throw new Error(`${label}: ${describeElement(element)} is neither a form nor a field (<input>, <select>, <textarea>)`)
    if (typeof value === 'object' && !Array.isArray(value)) throw new Error(`${label}: give a field one value; name fields by their names only when changing a form`)
    return this.userChanges(setField([element], value, label))
  }

  /** Sets `values` by field name; returns the bindings the changes can reach. */
  private fill(form: HTMLFormElement, values: FieldValue | Record<string, FieldValue>, label: string): Reachable[] {
    if (typeof values !== 'object' || Array.isArray(values)) throw new Error(`${label}: a form takes its fields by name, like { title: 'Milk' }`)
    const bindings: Reachable[] = []
    for (const [name, value] of Object.entries(values)) {
      const fields = fieldsNamed(form, name)
      if (fields.length === 0) throw new Error(`${label}: the form has no field named '${name}'; its fields are ${fieldNames(form).join(', ') || 'none'}`)
      bindings.push(...this.userChanges(setField(fields, value, `${label}, field '${name}'`)))
    }
    return bindings
  }

  /** Focuses each changed field and fires its input and change events; returns the bindings they can reach. */
  private userChanges(fields: Element[]): Reachable[] {
    const bindings: Reachable[] = []
    for (const field of fields) {
      bindings.push(...reachable(this.page.root, field, 'input'), ...reachable(this.page.root, field, 'change'))
      ;(field as HTMLElement).focus()
      this.dispatchInput(field)
      field.dispatchEvent(this.event('change', { bubbles: true }))
    }
    return bindings
  }

  /** An event of the class the browser uses for `type` (MouseEvent for dblclick, FocusEvent for focusout, …). */
  private event(type: string, init: Record<string, unknown>): Event {
    const window = this.page.window
    const Kind = /^(click|dblclick|contextmenu|mouse|pointer)/.test(type) ? window.MouseEvent
      : /^key/.test(type) ? window.KeyboardEvent
      : /^(focus|blur)/.test(type) ? window.FocusEvent
      : type === 'input' ? window.InputEvent
      : window.Event
    return new Kind(type, init) as unknown as Event
  }

  private dispatchInput(field: Element): void {
    field.dispatchEvent(this.event('input', { bubbles: true, inputType: 'insertText' }))
  }

  private field(selector: string, label: string): HTMLInputElement {
    const element = this.one(selector, label)
    if (!isField(element)) throw new Error(`${label}: ${describeElement(element)} is not a field (<input>, <select>, <textarea>)`)
    return element as HTMLInputElement
  }

  private all(selector: string, label: string): Element[] {
    try {
      return Array.from(this.page.window.document.querySelectorAll(selector)) as unknown as Element[]
    } catch {
      throw new Error(`${label}: '${selector}' is not a valid CSS selector`)
    }
  }

  private one(selector: string, label: string): Element {
    const found = this.all(selector, label)
    if (found.length === 1) return found[0]
    if (found.length > 1) throw new Error(`${label}: ${found.length} elements match '${selector}'; name one (an id, or a narrower selector)`)
    const shown = this.html().replace(/\s+/g, ' ').trim()
    throw new Error(`${label}: no element matches '${selector}'; the view shows: ${shown.length > 400 ? shown.slice(0, 400) + '…' : shown}`)
  }
}
