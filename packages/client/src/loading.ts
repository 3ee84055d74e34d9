// Loading states without a round trip (docs/forms.md, "Loading states"). While an event is in
// flight, the element that sent it and its form carry `ts-loading` and `ts-<type>-loading`
// (`ts-submit-loading`), and buttons with `ts-disable-with="Saving…"` are disabled and show that
// text. All of it is undone when the event's REPLY or ERROR arrives, or when a SESSION frame
// says the connection started over.

import { DIRECTIVE_DISABLE_WITH as DISABLE_WITH, LOADING_CLASS } from './protocol.ts'

/** Per element: how many events in flight put each class on it (two in flight: the class stays until both end). */
const classCounts = new WeakMap<Element, Map<string, number>>()
/** Per element disabled by ts-disable-with: its text and disabled state before, and how many events hold it. */
const disabled = new WeakMap<HTMLElement, { text: string; wasDisabled: boolean; holds: number }>()

/** Elements that had no class attribute before a loading class came: it goes again with the last one (the page equals its render). */
const hadNoClass = new WeakSet<Element>()

function addClass(element: Element, name: string): void {
  if (!element.hasAttribute('class') && !classCounts.get(element)?.size) hadNoClass.add(element)
  const counts = classCounts.get(element) ?? new Map<string, number>()
  classCounts.set(element, counts)
  counts.set(name, (counts.get(name) ?? 0) + 1)
  element.classList.add(name)
}

function removeClass(element: Element, name: string): void {
  const counts = classCounts.get(element)
  const count = (counts?.get(name) ?? 1) - 1
  if (count > 0) { counts!.set(name, count); return }
  counts?.delete(name)
  element.classList.remove(name)
  if (!counts?.size && hadNoClass.has(element)) {
    hadNoClass.delete(element)
    if (element.getAttribute('class') === '') element.removeAttribute('class')
  }
}

function isTextButton(element: HTMLElement): element is HTMLInputElement {
  return element instanceof HTMLInputElement && (element.type === 'submit' || element.type === 'button')
}

function disable(element: HTMLElement): void {
  const held = disabled.get(element)
  if (held) { held.holds++; return }
  const wasDisabled = (element as HTMLButtonElement).disabled ?? false
  disabled.set(element, { text: isTextButton(element) ? element.value : element.textContent ?? '', wasDisabled, holds: 1 })
  const text = element.getAttribute(DISABLE_WITH) ?? ''
  if (isTextButton(element)) element.value = text
  else element.textContent = text
  ;(element as HTMLButtonElement).disabled = true
}

function enable(element: HTMLElement): void {
  const held = disabled.get(element)
  if (!held || --held.holds > 0) return
  disabled.delete(element)
  if (isTextButton(element)) element.value = held.text
  else element.textContent = held.text
  ;(element as HTMLButtonElement).disabled = held.wasDisabled
}

/**
 * Marks `element` (and its form) as loading for an event of DOM type `type`; returns what undoes it.
 * For a submit, the form's `ts-disable-with` buttons are disabled too.
 */
export function startLoading(element: Element | null, type: string): () => void {
  if (!element || !element.isConnected) return () => {}
  const form = element instanceof HTMLFormElement ? element : (element as HTMLInputElement).form ?? element.closest('form')
  const marked = form && form !== element ? [element, form] : [element]
  const classes = [LOADING_CLASS, `ts-${type}-loading`]
  for (const target of marked) for (const name of classes) addClass(target, name)
  const buttons: HTMLElement[] = []
  if (element.hasAttribute(DISABLE_WITH)) buttons.push(element as HTMLElement)
  if (type === 'submit' && form) form.querySelectorAll<HTMLElement>(`[${DISABLE_WITH}]`).forEach((button) => { if (!buttons.includes(button)) buttons.push(button) })
  for (const button of buttons) disable(button)
  let undone = false
  return () => {
    if (undone) return
    undone = true
    for (const target of marked) for (const name of classes) removeClass(target, name)
    for (const button of buttons) enable(button)
  }
}
