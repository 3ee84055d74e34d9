import { Hono } from 'hono'
import { createReadStream, existsSync } from 'node:fs'
import { join, basename } from 'node:path'
import { Readable } from 'node:stream'
import { live } from 'livets'
import { ContactsView } from './contacts-view.ts'
import { avatarDir } from './contacts.ts'

const style = `<style>
body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; }
.ts-field { margin: .5rem 0; } .ts-field label { display: block; font-weight: 600; }
.ts-field-error { color: #b00020; margin: .2rem 0; } [aria-invalid="true"] { border-color: #b00020; outline: 1px solid #b00020; }
.ts-flash { padding: .5rem 1rem; border-radius: .3rem; cursor: pointer; } .ts-flash-info { background: #e0f2e9; } .ts-flash-error { background: #fde2e1; }
.avatar { width: 2rem; height: 2rem; border-radius: 50%; object-fit: cover; vertical-align: middle; }
form.ts-submit-loading { opacity: .6; } .uploads { list-style: none; padding: 0; }
</style>`

export const app = new Hono()
app.get('/', live(ContactsView, { title: 'Contacts', head: style }))
app.get('/avatars/:file', (c) => {
  const path = join(avatarDir, basename(c.req.param('file')))
  if (!existsSync(path)) return c.notFound()
  return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, { headers: { 'cache-control': 'max-age=3600' } })
})
