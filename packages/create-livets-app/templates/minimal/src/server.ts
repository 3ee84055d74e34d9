// Starts the app. `npm run dev` runs this file with tsx, which restarts it on every change: open
// pages keep their state and show the new code (LiveTS's development mode, docs/dev-loop.md).
// `npm start` runs the compiled dist/server.js in production.
import { serve } from 'livets/node'
import { app } from './app.ts'

const port = Number(process.env.PORT ?? 3000)
const server = await serve(app, {
  port,
  // Development mode (on unless NODE_ENV=production) swaps the stylesheet when public/ changes.
  watch: ['public'],
})
// SIGTERM and SIGINT shut it down gracefully: events under way finish, every page's state is
// saved, and pages reconnect to the next start with their state.
console.log(`__APP_NAME__ on http://localhost:${server.port}`)
