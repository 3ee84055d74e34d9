// The routes: Hono answers HTTP, live() turns a view into a page that stays connected.
import { Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { fileURLToPath } from 'node:url'
import { live } from 'livets'
import { HEAD } from './layout.ts'
import { Counter } from './views/counter.ts'

export const app = new Hono()

app.get('/', live(Counter, { title: 'Counter · __APP_NAME__', head: HEAD }))

// public/ holds the stylesheet and the icon; the path works from src/ (dev) and dist/ (start).
app.use('/*', serveStatic({ root: fileURLToPath(new URL('../public', import.meta.url)) }))
