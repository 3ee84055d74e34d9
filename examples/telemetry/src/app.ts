import { Hono } from 'hono'
import { live } from 'livets'
import { Counter } from '../../counter/src/counter.ts'

/** The counter example, observed. */
export const app = new Hono()
app.get('/', live(Counter, { title: 'LiveTS telemetry' }))
