import { Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { fileURLToPath } from 'node:url'
import { live } from 'livets'
import { BoardView, boardTitle } from './board-view.ts'
import { CardView, cardTitle } from './card-view.ts'
import { SettingsView } from './settings-view.ts'

// Every route has the same head: a page loaded at any URL navigates live to the others, so each
// needs the stylesheet and the chart's hook (registered before the client runs, docs/client.md).
const head = '<link rel="stylesheet" href="/app.css"><script src="/chart.js"></script>'

export const app = new Hono()
app.get('/', live(BoardView, { title: boardTitle, head }))
app.get('/cards/:id', live(CardView, { title: cardTitle, head }))
app.get('/settings', live(SettingsView, { title: 'Settings', head }))
// public/app.css is built by Tailwind from src/app.css (npm run build); public/chart.js is the hook.
app.use('/*', serveStatic({ root: fileURLToPath(new URL('../public', import.meta.url)) }))
