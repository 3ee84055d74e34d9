// Runs client commands (js-commands.ts) against the page, without a round trip, and remembers what
// they changed so that a later patch of the same element does not undo it: after a patch sets an
// attribute the commands touched (class, hidden, or one they set), the change is put back, as
// Phoenix's JS commands do (docs/client.md). show/hide use the hidden attribute, which the
// framework stylesheet makes win (no inline styles: strict CSP); transition only adds classes.
import type { JsCommand } from './js-commands.ts'

/** What a command needs besides its arguments: the element it runs for, and how to send a server event. */
export interface JsContext {
  /** The element whose ts-js ran (the view's root for commands the server sent): the target when none is named. */
  element: Element
  /** Sends the event a push command names. */
  push(event: string): void
}

/** A transition without a duration lasts this long (ms). */
export const DEFAULT_TRANSITION_MS = 200

/** Per element, the changes commands made: classes added (true) or removed (false), attributes set (a value) or removed (null). */
interface Changes { classes: Map<string, boolean>; attrs: Map<string, string | null> }
const changes = new WeakMap<Element, Changes>()

function changesOf(element: Element): Changes {
  let kept = changes.get(element)
  if (!kept) changes.set(element, (kept = { classes: new Map(), attrs: new Map() }))
  return kept
}

function setAttr(element: Element, name: string, value: string | null): void {
  changesOf(element).attrs.set(name, value)
  if (value === null) element.removeAttribute(name)
  else element.setAttribute(name, value)
}

function setClass(element: Element, name: string, on: boolean): void {
  changesOf(element).classes.set(name, on)
  element.classList.toggle(name, on)
}

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean)

/** The elements a command acts on: those its target selector matches in the document, else the element it runs for. */
function targets(selector: unknown, context: JsContext): Element[] {
  if (typeof selector !== 'string') return [context.element]
  try {
    return Array.from(context.element.ownerDocument.querySelectorAll(selector))
  } catch {
    console.error(`LiveTS: ts-js: '${selector}' is not a valid CSS selector (ignored)`)
    return []
  }
}

/** The optional target is the last string argument past the required ones. */
const targetOf = (args: ReadonlyArray<unknown>, required: number): unknown => args.slice(required).find((a) => typeof a === 'string')

export function runCommands(commands: readonly JsCommand[], context: JsContext): void {
  for (const { name, args } of commands) {
    switch (name) {
      case 'show': case 'hide': case 'toggle':
        for (const element of targets(args[0], context)) {
          const hide = name === 'hide' || (name === 'toggle' && !element.hasAttribute('hidden'))
          setAttr(element, 'hidden', hide ? '' : null)
        }
        break
      case 'addClass': case 'removeClass': case 'toggleClass':
        for (const element of targets(args[1], context))
          for (const cls of words(args[0] as string)) setClass(element, cls, name === 'addClass' || (name === 'toggleClass' && !element.classList.contains(cls)))
        break
      case 'setAttr':
        for (const element of targets(args[2], context)) setAttr(element, args[0] as string, args[1] as string)
        break
      case 'removeAttr':
        for (const element of targets(args[1], context)) setAttr(element, args[0] as string, null)
        break
      case 'focus':
        (targets(args[0], context)[0] as HTMLElement | undefined)?.focus?.()
        break
      case 'dispatch':
        for (const element of targets(args[1], context)) element.dispatchEvent(new CustomEvent(args[0] as string, { bubbles: true, cancelable: true }))
        break
      case 'transition': {
        const ms = typeof args[1] === 'number' ? args[1] : DEFAULT_TRANSITION_MS
        const classes = words(args[0] as string)
        for (const element of targets(targetOf(args, 1), context)) {
          // A transition is passing: its classes are not remembered, and go when it ends.
          element.classList.add(...classes)
          setTimeout(() => element.classList.remove(...classes), ms)
        }
        break
      }
      case 'push':
        context.push(args[0] as string)
        break
    }
  }
}

/** After a patch set or removed `name` on `element`: what commands changed there is put back. */
export function keepCommandChanges(element: Element, name: string): void {
  const kept = changes.get(element)
  if (!kept) return
  if (name === 'class') for (const [cls, on] of kept.classes) element.classList.toggle(cls, on)
  const value = kept.attrs.get(name)
  if (value === undefined) return
  if (value === null) element.removeAttribute(name)
  else element.setAttribute(name, value)
}
