import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { serveStatic } from '@hono/node-server/serve-static'
import { fileURLToPath } from 'node:url'
import { live } from 'livets'
import { Todos } from './todos.ts'

/** The cookie that names this browser's list: a random id the server issued (docs/storage.md). */
const LIST_COOKIE = 'todo-list'
const LIST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** About 400 days, the longest a browser keeps a cookie. */
const LIST_COOKIE_SECONDS = 400 * 24 * 60 * 60

declare module 'hono' {
  interface ContextVariableMap { list: string }
}

export const app = new Hono()

// Every browser gets its own list, kept on the server under a random id in an HttpOnly cookie. The
// id is the key: 122 random bits nobody can guess, so it needs no signature; a cookie that is not
// such an id (made up, damaged) gets a new list.
app.use('/', async (c, next) => {
  let list = getCookie(c, LIST_COOKIE)
  if (!list || !LIST_ID.test(list)) {
    list = crypto.randomUUID()
    setCookie(c, LIST_COOKIE, list, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: LIST_COOKIE_SECONDS })
  }
  c.set('list', list)
  await next()
})
app.get('/', live(Todos, {
  title: 'LiveTS • TodoMVC',
  head: '<link rel="stylesheet" href="/app.css"><script src="/hash-route.js"></script>',
  session: (c) => ({ list: c.get('list') }),
}))
// public/app.css is built by Tailwind from src/app.css (npm run build), as in a created app;
// public/hash-route.js is the hook that routes by the URL's hash.
app.use('/*', serveStatic({ root: fileURLToPath(new URL('../public', import.meta.url)) }))
