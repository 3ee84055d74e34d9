// Starts the app. `npm run dev` runs this file with tsx (restarting on every change) and LiveTS's
// development mode reloads open pages; `npm start` runs the compiled dist/server.js in production.
import { serve } from 'livets/node'
import { app } from './app.ts'

const port = Number(process.env.PORT ?? 3000)
const server = await serve(app, {
  port,
  // Development mode (on unless NODE_ENV=production) swaps the stylesheet when public/ changes.
  watch: ['public'],
})
console.log(`__APP_NAME__ on http://localhost:${server.port}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)))
}
