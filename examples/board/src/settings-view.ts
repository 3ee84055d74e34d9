// The board's settings (`/settings`): a zod-validated form whose save flashes a message and
// navigates back to the board over the same socket, where the message shows.
import { LiveView, defineForm, field, html, input, type FormState } from 'livets'
import { SettingsSchema, allCards, boardName, renameBoard } from './board.ts'
import { layout } from './layout.ts'

const settingsForm = defineForm('settings', SettingsSchema)

interface State { name: string; cards: number; settings: FormState }

export class SettingsView extends LiveView<State> {
  mount() {
    const name = boardName()
    this.state = { name, cards: allCards().length, settings: settingsForm.init({ name }) }
  }

  save = settingsForm.onSubmit(({ name }) => {
    renameBoard(name)
    this.flash('info', 'Settings saved')
    this.navigate('/')
  })

  render() {
    return layout(this, this.state.name, 'settings', html`
<section class="max-w-lg rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
  <h1 id="heading" class="mb-4 text-2xl font-semibold tracking-tight">Settings</h1>
  <form id="settings-form" ts-form="settings" ts-on:submit="save" novalidate
    class="[&_.ts-field-error]:mt-1 [&_.ts-field-error]:text-sm [&_.ts-field-error]:text-rose-700 [&_.ts-field_label]:mb-1 [&_.ts-field_label]:block [&_.ts-field_label]:text-sm [&_.ts-field_label]:font-medium [&_input]:w-full [&_input]:rounded-md [&_input]:border [&_input]:border-slate-300 [&_input]:px-3 [&_input]:py-2">
    ${input(field(this.state.settings, 'name'), { label: 'Board name' })}
    <p class="mt-2 text-sm text-slate-500">The board holds ${this.state.cards} cards.</p>
    <button type="submit" id="settings-save" class="mt-4 rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500" ts-disable-with="Saving…">Save</button>
  </form>
</section>`)
  }
}
