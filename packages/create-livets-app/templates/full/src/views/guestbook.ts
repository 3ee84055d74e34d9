// A form checked with zod, and entries every open guestbook page sees at once: signing broadcasts
// the entry, and each page's handleInfo() adds it to its own list.
import { LiveView, html, type EventPayload } from 'livets'
import { z } from 'zod'
import { layout } from '../layout.ts'

const Entry = z.object({
  name: z.string().trim().min(1, 'Tell us your name').max(40, 'At most 40 characters'),
  message: z.string().trim().min(3, 'Write at least 3 characters').max(280, 'At most 280 characters'),
})
type Fields = z.infer<typeof Entry>
type Entry = Fields & { id: number }

const TOPIC = 'guestbook'
/** The entries of this process, newest first (a real app keeps them in a database). */
const entries: Entry[] = []
let nextId = 1

const INPUT = 'mt-2 w-full rounded-lg border px-3 py-2 outline-none focus:ring-4'
const INPUT_OK = `${INPUT} border-slate-300 ring-indigo-200 focus:border-indigo-500`
const INPUT_BAD = `${INPUT} border-rose-400 ring-rose-200`

interface State {
  /** The fields, bound with ts-model: the server has what is typed as it is typed. */
  form: Fields
  /** Errors show once the user has tried to sign, then follow every keystroke. */
  tried: boolean
  entries: Entry[]
}

export class Guestbook extends LiveView<State> {
  mount() {
    this.state = { form: { name: '', message: '' }, tried: false, entries: [...entries] }
    this.subscribe(TOPIC)
  }

  /** The form's submit: its fields arrive as the payload. */
  sign(fields: EventPayload) {
    this.state.form = { name: fields.name ?? '', message: fields.message ?? '' }
    const parsed = Entry.safeParse(this.state.form)
    if (!parsed.success) {
      this.state.tried = true
      return
    }
    const entry = { ...parsed.data, id: nextId++ }
    entries.unshift(entry)
    this.state.form.message = ''
    this.state.tried = false
    this.broadcast(TOPIC, entry)
  }

  handleInfo(entry: Entry) {
    this.state.entries = [entry, ...this.state.entries]
  }

  private errors(): Partial<Record<keyof Fields, string>> {
    const parsed = Entry.safeParse(this.state.form)
    if (!this.state.tried || parsed.success) return {}
    const errors: Partial<Record<keyof Fields, string>> = {}
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof Fields] ??= issue.message
    return errors
  }

  render() {
    const { entries } = this.state
    const errors = this.errors()
    return layout('/guestbook', html`<div class="grid gap-8 md:grid-cols-5">
  <form ts-on:submit="sign" class="space-y-2 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 md:col-span-2">
    <h1 class="text-xl font-semibold tracking-tight">Sign the guestbook</h1>
    <p class="pb-2 text-sm text-slate-500">Everyone on this page sees your entry at once.</p>
    <label for="name" class="block text-sm font-medium text-slate-700">Name</label>
    <input id="name" name="name" autocomplete="name" ts-model="form.name" aria-describedby="name-error"
      class="${errors.name ? INPUT_BAD : INPUT_OK}">
    <p id="name-error" class="min-h-5 text-sm text-rose-600">${errors.name ?? ''}</p>
    <label for="message" class="block text-sm font-medium text-slate-700">Message</label>
    <textarea id="message" name="message" rows="3" ts-model="form.message" aria-describedby="message-error"
      class="${errors.message ? INPUT_BAD : INPUT_OK}"></textarea>
    <p id="message-error" class="min-h-5 text-sm text-rose-600">${errors.message ?? ''}</p>
    <button class="w-full rounded-lg bg-indigo-600 px-4 py-2.5 font-semibold text-white shadow-sm transition hover:bg-indigo-500 active:scale-[.98]">Sign</button>
  </form>
  <section class="md:col-span-3">
    <h2 class="text-sm font-medium uppercase tracking-wider text-slate-500">${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}</h2>
    <ul id="entries" class="mt-4 space-y-3">${entries.map((entry) => html`<li ts-key="${entry.id}" class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <p class="text-slate-800">${entry.message}</p>
      <p class="mt-2 text-sm font-medium text-indigo-600">— ${entry.name}</p>
    </li>`)}</ul>
    <p class="mt-4 rounded-xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500" ts-show="entries.length === 0">
      No entries yet. Be the first to sign!</p>
  </section>
</div>`)
  }
}
