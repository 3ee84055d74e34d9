// The contacts page: a list, and a form to create or edit a contact, validated by zod as the user
// types (docs/forms.md), with an avatar upload that shows its progress, a flash on save, and a
// save button that says "Saving…" while the save runs.
import { LiveView, defineForm, field, flashGroup, formErrors, html, input, type FormState } from 'livets'
import { ContactSchema, contacts, keepAvatar, saveContact, type Contact } from './contacts.ts'

const contactForm = defineForm('contact', ContactSchema)

/** Milliseconds a save takes: the demo's stand-in for a database write (SAVE_DELAY_MS). */
const saveDelay = Number(process.env.SAVE_DELAY_MS ?? 0)

interface State {
  contact: FormState
  /** The contact being edited, or null for a new one. */
  editing: number | null
  list: Contact[]
}

const blank = { name: '', email: '', address: { street: '', city: '', zip: '' } }

const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`

export class ContactsView extends LiveView<State> {
  mount() {
    this.state = { contact: contactForm.init(blank), editing: null, list: contacts.map((c) => ({ ...c })) }
    this.allowUpload('avatar', { accept: 'image/*', maxEntries: 1, maxFileSize: 30_000_000 })
  }

  save = contactForm.onSubmit(async (input) => {
    if (saveDelay > 0) await new Promise((resolve) => setTimeout(resolve, saveDelay))
    const [avatar = null] = await this.consumeUploads('avatar', (entry, path) => keepAvatar(path, entry.name))
    const contact = saveContact(this.state.editing, input, avatar)
    this.flash('info', `Saved ${contact.name}`)
    this.state.list = contacts.map((c) => ({ ...c }))
    this.state.editing = null
    this.state.contact = contactForm.init(blank)
  })

  edit({ id }: { id: string }) {
    const contact = contacts.find((c) => c.id === Number(id))
    if (!contact) return this.flash('error', 'That contact is gone')
    const { name, email, age, address } = contact
    this.state.editing = contact.id
    this.state.contact = contactForm.init({ name, email, age: age === undefined ? '' : String(age), address: { ...address } })
  }

  cancelEdit() {
    this.state.editing = null
    this.state.contact = contactForm.init(blank)
  }

  cancelAvatar({ ref }: { ref: string }) { return this.cancelUpload('avatar', ref) }

  render() {
    const form = this.state.contact
    const avatar = this.uploads.avatar
    return html`<main class="contacts">
${flashGroup(this)}
<h1>Contacts</h1>
<ul class="contact-list">${this.state.list.map((c) => html`<li ts-key=${c.id}>
  ${c.avatar ? html`<img class="avatar" alt="" src=${`/avatars/${c.avatar}`}>` : null}
  <span class="contact-name">${c.name}</span> <span class="contact-email">${c.email}</span> <span class="contact-city">${c.address.city}</span>
  <button type="button" ts-on:click="edit" ts-value-id=${c.id}>Edit</button></li>`)}</ul>
<h2>${this.state.editing === null ? 'New contact' : 'Edit contact'}</h2>
<form id="contact-form" ts-form="contact" ts-on:submit="save" novalidate>
  ${input(field(form, 'name'), { label: 'Name', autocomplete: 'name' })}
  ${input(field(form, 'email'), { label: 'Email', type: 'email', autocomplete: 'email' })}
  ${input(field(form, 'age'), { label: 'Age', type: 'number' })}
  <fieldset><legend>Address</legend>
    ${input(field(form, 'address.street'), { label: 'Street' })}
    ${input(field(form, 'address.city'), { label: 'City' })}
    ${input(field(form, 'address.zip'), { label: 'ZIP' })}
  </fieldset>
  <div class="ts-field"><label for="avatar">Avatar</label><input id="avatar" type="file" accept=${avatar.accept} ts-upload="avatar">
    ${avatar.errors.map((error) => html`<p class="ts-field-error">${error}</p>`)}
    <ul class="uploads">${avatar.entries.map((entry) => html`<li class="upload" ts-key=${entry.ref}>
      <span class="upload-name">${entry.name}</span> <span class="upload-size">${megabytes(entry.size)}</span>
      <progress value=${entry.progress} max="100">${entry.progress}%</progress> <span class="upload-progress">${entry.progress}%</span>
      <button type="button" class="upload-cancel" ts-on:click="cancelAvatar" ts-value-ref=${entry.ref} aria-label=${`Cancel ${entry.name}`}>✕</button>
      ${entry.errors.map((error) => html`<p class="ts-field-error">${error}</p>`)}</li>`)}</ul></div>
  ${formErrors(form).map((error) => html`<p class="ts-field-error">${error}</p>`)}
  <button type="submit" id="save" ts-disable-with="Saving…">Save</button>
  ${this.state.editing === null ? null : html`<button type="button" ts-on:click="cancelEdit">Cancel</button>`}
</form>
</main>`
  }
}
