// Event delegation. The view listens only for the event types its ts-on:* attributes name: the
// root, once per type, for bindings on elements; window or document, once per type, for .window
// and .document bindings. Markup that patches insert is scanned for new types as it arrives.
import { fire, onFor, type Binding, type On, type Payload } from './modifiers.ts'
import { DIRECTIVE_JS, DIRECTIVE_ON } from './protocol.ts'
import { payloadFor } from './payload.ts'
import { patchInProgress } from './patch.ts'

/** Sends an event; `element` sent it, on a DOM event of `type` (for ts-loading and ts-disable-with). */
export type Send = (handler: string, payload: Payload, element: Element, type: string) => void
/** Runs a ts-js binding's commands for `element` (its payload goes with a push command's event). */
export type RunJs = (commands: string, payload: Payload, element: Element, type: string) => void

/** The ts-on bindings of `element` for events of `type` listened for at `target`, in attribute order. */
function bindingsOf(element: Element, type: string, target: On['target']): Binding[] {
  const found: Binding[] = []
  for (const attr of Array.from(element.attributes)) {
    const on = onFor(attr.name)
    if (on && on.type === type && on.target === target) found.push({ attribute: attr.name, handler: attr.value.trim(), on })
  }
  return found
}

export class Delegator {
  /** Event types the root listens for. */
  private readonly delegated = new Set<string>()
  /**
   * Per `window:keydown` (or `document:…`): the attribute names of such bindings seen so far. The
   * listener looks up the elements bearing them when an event comes, so an element a patch removed
   * is simply not found, and one a patch inserted is.
   */
  private readonly globalNames = new Map<string, Set<string>>()

  constructor(private readonly root: Element, private readonly send: Send, private readonly runJs: RunJs) {
    this.scan(root)
    // Patches insert markup in several ways (lists, parts, whole roots, plain-string nodes), and a
    // plain-string view may even add a ts-on attribute to an element: an observer sees them all.
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') {
          if (record.attributeName?.startsWith(DIRECTIVE_ON) || record.attributeName?.startsWith(DIRECTIVE_JS)) this.learn(record.target as Element)
        } else record.addedNodes.forEach((node) => { if (node.nodeType === 1) this.scan(node as Element) })
      }
    }).observe(root, { childList: true, subtree: true, attributes: true })
  }

  /** Listens for what `element` and everything inside it binds. */
  private scan(element: Element): void {
    this.learn(element)
    element.querySelectorAll('*').forEach((child) => this.learn(child))
  }

  private learn(element: Element): void {
    for (const attr of Array.from(element.attributes)) {
      const on = onFor(attr.name)
      if (on?.type) this.listen(on, attr.name)
    }
  }

  private listen(on: On, attribute: string): void {
    const { type, target } = on
    if (target === 'element') {
      if (this.delegated.has(type)) return
      this.delegated.add(type)
      // A bubbling event is handled at the root once it has bubbled up, so the elements' own
      // listeners have run, and .stop keeps it from document and window. A non-bubbling one (focus,
      // mouseenter) never comes back up, so the root catches it on the way down (capture).
      this.root.addEventListener(type, (event) => { if (event.bubbles) this.delegate(event) })
      this.root.addEventListener(type, (event) => { if (!event.bubbles) this.delegate(event) }, true)
      return
    }
    const key = `${target}:${type}`
    let names = this.globalNames.get(key)
    if (!names) {
      this.globalNames.set(key, (names = new Set()))
      const bound = names
      // The root's own document and window (not the globals): a MutationObserver callback may run
      // while livets/testing has another page's globals in place.
      const document = this.root.ownerDocument
      ;(target === 'window' ? document.defaultView! : document).addEventListener(type, (event) => this.global(event, target, bound))
    }
    names.add(attribute)
  }

  /**
   * Runs the bindings from the event's target up to the root, innermost first, as bubbling would.
   * A non-bubbling event is its target's alone, as in the DOM: a mouseenter on a button is not the
   * enclosing div's (the div gets a mouseenter of its own when the pointer enters it).
   */
  private delegate(event: Event): void {
    // Events a patch causes (a focused field fires focusout as the patch removes it) or that come
    // from markup already gone belong to what the server no longer shows.
    if (patchInProgress() || !this.root.contains(event.target as Node)) return
    for (let node = event.target as Node | null; node && node !== this.root.parentNode; node = node.parentNode) {
      if (node.nodeType !== 1) continue
      if (this.run(event, node as Element, 'element')) {
        // Nothing outside runs, LiveTS or not. (Before the target, in capture, there is nothing to stop.)
        if (event.bubbles) event.stopPropagation()
        return
      }
      if (!event.bubbles) return
    }
  }

  /** A window/document event: every element in the view bound to it, in document order. */
  private global(event: Event, target: On['target'], names: Set<string>): void {
    const selector = Array.from(names, (name) => `[${CSS.escape(name)}]`).join(',')
    const elements = Array.from(this.root.querySelectorAll(selector))
    if (this.root.matches(selector)) elements.unshift(this.root)
    for (const element of elements) if (this.run(event, element, target)) event.stopPropagation()
  }

  /** Fires each binding of `element` for `event`; true if one of them stops it. */
  private run(event: Event, element: Element, target: On['target']): boolean {
    let stop = false
    for (const binding of bindingsOf(element, event.type, target)) {
      const act = binding.on.js ? this.runJs : this.send
      stop = fire(binding, event, element, () => payloadFor(event, element), (handler, payload) => act(handler, payload, element, event.type)) || stop
    }
    return stop
  }
}
