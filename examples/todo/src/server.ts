import { serve } from 'livets/node'
import { app } from './app.ts'

const port = Number(process.env.PORT ?? 3001)
const server = await serve(app, { port, watch: ['public'] })
console.log(`LiveTS todos on http://localhost:${server.port}`)
