import { serve } from 'livets/node'
import { app } from './app.ts'

const port = Number(process.env.PORT ?? 3002)
const server = await serve(app, { port })
console.log(`LiveTS contacts on http://localhost:${server.port}`)
