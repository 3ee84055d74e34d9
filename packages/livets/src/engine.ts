// The process's engine, configured once: signing secret and limits.
import { randomBytes } from 'node:crypto'
import { loadEngine, type EngineAddon } from '@livets/engine'

export const MAX_FRAME_BYTES = 64 * 1024
/**
 * A connection that sends nothing, not even a heartbeat (clients send one every 30 s), for this long
 * is closed with 4408. LIVETS_HEARTBEAT_TIMEOUT_MS changes it (docs/configuration.md).
 */
export const HEARTBEAT_TIMEOUT_MS = positiveNumber(process.env.LIVETS_HEARTBEAT_TIMEOUT_MS, 'LIVETS_HEARTBEAT_TIMEOUT_MS') ?? 60_000

function positiveNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of milliseconds, not "${text}"`)
  return value
}

let engine: EngineAddon | undefined

/**
 * The engine, configured on first use. Tokens are signed with LIVETS_SECRET; without it a random
 * secret is made per process, so pages from before a restart reload once to get a fresh token.
 */
export function getEngine(): EngineAddon {
  if (engine) return engine
  const loaded = loadEngine()
  const secret = process.env.LIVETS_SECRET ?? randomBytes(32).toString('base64')
  if (secret.length < 16) throw new Error('LIVETS_SECRET must be at least 16 characters')
  loaded.configure(secret, MAX_FRAME_BYTES, HEARTBEAT_TIMEOUT_MS)
  engine = loaded
  return engine
}
