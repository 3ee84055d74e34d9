// ts-viewport-bottom="loadMore" (docs/components.md, "Streams"): the event is sent when the last
// child of the element scrolls into view, once per last child — so an infinite list asks for more
// when its end shows, and again only after more came. Built on IntersectionObserver; where there is
// none (a test DOM), the binding does nothing.
import { DIRECTIVE_VIEWPORT_BOTTOM } from './protocol.ts'
import { patchInProgress } from './patch.ts'

export class ViewportBindings {
  private readonly observer: IntersectionObserver | undefined
  /** The last child each bound element had when last looked at, observed. */
  private readonly watched = new Map<Element, Element>()
  private readonly fired = new WeakSet<Element>()

  constructor(private readonly root: Element, private readonly send: (name: string, element: Element) => void) {
    const View = root.ownerDocument.defaultView as (Window & typeof globalThis) | null
    if (!View?.IntersectionObserver) return
    this.observer = new View.IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) this.reached(entry.target)
    })
    this.look()
    new View.MutationObserver(() => this.look()).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: [DIRECTIVE_VIEWPORT_BOTTOM] })
  }

  /** Observes the last child of every bound element (patches add and remove children and bindings). */
  private look(): void {
    const bound = new Set(this.root.querySelectorAll(`[${DIRECTIVE_VIEWPORT_BOTTOM}]`))
    if (this.root.hasAttribute(DIRECTIVE_VIEWPORT_BOTTOM)) bound.add(this.root)
    for (const [element, last] of this.watched) {
      if (bound.has(element) && element.lastElementChild === last) continue
      this.observer!.unobserve(last)
      this.watched.delete(element)
    }
    for (const element of bound) {
      const last = element.lastElementChild
      if (!last || this.watched.has(element)) continue
      this.watched.set(element, last)
      this.observer!.observe(last)
    }
  }

  private reached(last: Element): void {
    if (this.fired.has(last) || patchInProgress()) return
    for (const [element, watched] of this.watched) {
      if (watched !== last) continue
      const name = element.getAttribute(DIRECTIVE_VIEWPORT_BOTTOM)?.trim()
      if (!name) return
      this.fired.add(last)
      this.send(name, element)
      return
    }
  }
}
