// The contacts the example keeps, in memory, and where their avatars are stored.
import { mkdirSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'

/** A contact as the form describes it: what zod checks, and the type the save handler gets. */
export const ContactSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name'),
  email: z.email('Enter an email address like ann@example.com'),
  age: z.coerce.number({ error: 'Enter your age as a number' }).int('Enter a whole number').min(0, 'Age cannot be negative').max(150, 'Enter an age up to 150').optional(),
  address: z.object({
    street: z.string().optional(),
    city: z.string().trim().min(1, 'Enter a city'),
    zip: z.string().regex(/^\d{4,5}$/, 'Enter 4 or 5 digits'),
  }),
})
export type ContactInput = z.infer<typeof ContactSchema>

export interface Contact extends ContactInput { id: number; avatar: string | null }

export const contacts: Contact[] = [
  { id: 1, name: 'Ada Lovelace', email: 'ada@example.com', age: 36, address: { street: '12 St James Sq', city: 'London', zip: '10001' }, avatar: null },
]
let nextId = 2

export function saveContact(id: number | null, input: ContactInput, avatar: string | null): Contact {
  const existing = id === null ? undefined : contacts.find((c) => c.id === id)
  if (existing) {
    Object.assign(existing, input, { avatar: avatar ?? existing.avatar })
    return existing
  }
  const contact = { ...input, id: nextId++, avatar }
  contacts.push(contact)
  return contact
}

/** Avatars are copied here from the upload's temporary file (which LiveTS deletes after consuming it). */
export const avatarDir = join(tmpdir(), 'livets-contacts-avatars')

export function keepAvatar(path: string, name: string): string {
  mkdirSync(avatarDir, { recursive: true })
  const file = `${Date.now().toString(36)}-${name.replace(/[^\w.-]/g, '_')}`
  copyFileSync(path, join(avatarDir, file))
  return file
}
