import { Hono } from 'hono'
import { live } from 'livets'
import { Counter } from './counter.ts'

export const app = new Hono()
app.get('/', live(Counter, { title: 'LiveTS counter' }))
