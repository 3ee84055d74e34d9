import { Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { fileURLToPath } from 'node:url'
import { live } from 'livets'
import { Todos } from './todos.ts'

export const app = new Hono()
app.get('/', live(Todos, { title: 'LiveTS • TodoMVC', head: '<link rel="stylesheet" href="/app.css">' }))
// public/app.css is built by Tailwind from src/app.css (npm run build), as in a created app.
app.use('/*', serveStatic({ root: fileURLToPath(new URL('../public', import.meta.url)) }))
