// The process's engine, configured once: signing secret and limits.
import { createHash, randomBytes } from 'node:crypto'
import { loadEngine, type EngineAddon } from '@livets/engine'

export const MAX_FRAME_BYTES = 64 * 1024
export const HEARTBEAT_TIMEOUT_MS = 60_000

let engine: EngineAddon | undefined
let fingerprint: string | undefined

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
  if (process.env.LIVETS_SECRET) fingerprint = createHash('sha256').update('livets secret fingerprint\n' + secret).digest('base64url').slice(0, 22)
  engine = loaded
  return engine
}

/**
 * A hash of LIVETS_SECRET by which processes find out whether they share it (docs/scaling.md),
 * never the secret itself; undefined when LIVETS_SECRET is not set (each process has a random key).
 */
export function sharedSecretFingerprint(): string | undefined {
  getEngine()
  return fingerprint
}
