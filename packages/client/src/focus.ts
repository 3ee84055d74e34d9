// The field a user is typing in survives a patch that replaces the whole view (a remount after a
// reconnect, a restored session, a new template): its text, caret and selection are carried over
// to the field that takes its place, so nothing typed is lost while the server catches up.

/** How to find "the same" field in new markup: its id, else its form and name (and value, for radios). */
function identify(field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): string | null {
  if (field.id) return `#${CSS.escape(field.id)}`
  if (!field.name) return null
  const form = field.form?.id ? `#${CSS.escape(field.form.id)} ` : ''
  const value = (field as HTMLInputElement).type === 'radio' ? `[value="${CSS.escape((field as HTMLInputElement).value)}"]` : ''
  return `${form}[name="${CSS.escape(field.name)}"]${value}`
}

const isField = (element: Element | null): element is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =>
  element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement

/** Runs `replace` (which swaps the content of `root`) and gives the focused field's successor its text, caret and focus. */
export function keepingFocus(root: Element, replace: () => void): void {
  const active = document.activeElement
  if (!isField(active) || !root.contains(active)) return replace()
  const selector = identify(active)
  const value = active.value
  const checked = (active as HTMLInputElement).checked
  let start: number | null = null
  let end: number | null = null
  let direction: 'forward' | 'backward' | 'none' | null = null
  try { ({ selectionStart: start, selectionEnd: end, selectionDirection: direction } = active as HTMLInputElement) } catch { /* no selection on this type */ }
  replace()
  const successor = selector ? root.querySelector(selector) : null
  if (!isField(successor)) return
  if (successor.value !== value) successor.value = value
  if ((successor as HTMLInputElement).type === 'checkbox' || (successor as HTMLInputElement).type === 'radio') (successor as HTMLInputElement).checked = checked
  successor.focus()
  if (start !== null && end !== null) {
    try { (successor as HTMLInputElement).setSelectionRange(start, end, direction ?? undefined) } catch { /* no selection on this type */ }
  }
}
