import { serve } from 'livets/node'
import { app } from './app.ts'

const port = Number(process.env.PORT ?? 3003)
const server = await serve(app, { port, watch: ['public'] })
console.log(`LiveTS board on http://localhost:${server.port}`)
