// ts-model in the browser: a bound field sends its value as an event named after its binding
// (`ts-model[.modifiers]:path`, the name the server's template declared), and a value the server
// sends back is not forced into a field the user is typing in unless the server changed it.
import { EVENT_MODEL_PREFIX } from './protocol.ts'
import { DEFAULT_WAIT_MS, waitOf } from './modifiers.ts'
import { debounce, type Gate } from './timing.ts'

/** Sends an EVENT; `field` is the bound field it comes from, so its reply can be matched to it. */
export type SendModel = (eventName: string, payload: Record<string, string>, field: Element, type: string) => void

/** The ts-model attribute of an element, if it has one. */
function modelAttribute(element: Element): Attr | null {
  for (const attr of Array.from(element.attributes))
    if (attr.name === EVENT_MODEL_PREFIX || attr.name.startsWith(EVENT_MODEL_PREFIX + '.')) return attr
  return null
}

/** What each bound field last sent. */
const lastSent = new WeakMap<Element, string>()
/** Per field: how many of its sends are not answered yet. */
const unanswered = new WeakMap<Element, number>()
/** Fields with a value waiting for its debounce: as good as in flight. */
const debouncing = new WeakSet<Element>()

const count = (field: Element, by: number): void => { unanswered.set(field, (unanswered.get(field) ?? 0) + by) }

/** The reply to one of `field`'s sends arrived (or the connection dropped it). */
export function modelAnswered(field: Element): void { count(field, -1) }

/** A field sends its value (ts-model, or a ts-form change naming it): its replies are counted. */
export function fieldSending(field: Element): void { count(field, 1) }

/**
 * Whether a value the server sets may replace what a field shows. Not while the field has sends in
 * flight, focused or not: replies to older keystrokes would take back newer ones (on a slow link
 * they may arrive after the user moved on to the next field). A focused field then takes only a
 * value that is not what it last sent: the server changed it (cleared it after a submit, say).
 */
export function serverMayOverwrite(element: Element, value: string | null): boolean {
  if ((unanswered.get(element) ?? 0) > 0 || debouncing.has(element)) return false
  if (element !== document.activeElement) return true
  return lastSent.has(element) && lastSent.get(element) !== (value ?? '')
}

/** Listens for changes of bound fields under `root` (delegated, so fields patches insert work too). */
export function bindModels(root: Element, send: SendModel): void {
  const gates = new WeakMap<Element, Gate>()
  const onChange = (event: Event): void => {
    const field = event.target as HTMLInputElement
    if (!(field instanceof Element)) return
    const attr = modelAttribute(field)
    if (!attr) return
    const modifiers = attr.name.split('.').slice(1)
    const onChangeOnly = modifiers.includes('lazy') || field.type === 'checkbox' || field.type === 'radio' || field.tagName === 'SELECT'
    if ((event.type === 'change') !== onChangeOnly) return
    if (field.type === 'radio' && !field.checked) return
    const payload: Record<string, string> = field.type === 'checkbox' ? { checked: String(field.checked) } : { value: field.value }
    const name = `${attr.name}:${attr.value.trim()}`
    const sendNow = (): void => {
      debouncing.delete(field)
      lastSent.set(field, field.type === 'checkbox' ? field.value : payload.value)
      fieldSending(field)
      send(name, payload, field, event.type)
    }
    const at = modifiers.indexOf('debounce')
    if (at < 0) return sendNow()
    debouncing.add(field)
    let gate = gates.get(field)
    if (!gate) gates.set(field, (gate = debounce(waitOf(modifiers[at + 1]) ?? DEFAULT_WAIT_MS)))
    gate(sendNow)
  }
  root.addEventListener('input', onChange)
  root.addEventListener('change', onChange)
}

/**
 * A <select> or <textarea> shows its server value from a `value` attribute (HTML gives them no
 * such attribute of their own); called for markup as it enters the page.
 */
export function showFieldValues(container: ParentNode): void {
  container.querySelectorAll('select[value], textarea[value]').forEach((field) => {
    ;(field as HTMLSelectElement).value = field.getAttribute('value')!
  })
}
