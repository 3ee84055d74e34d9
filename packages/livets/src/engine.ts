// The process's engine, configured once: signing secret and limits.
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { loadEngine, type EngineAddon } from '@livets/engine'

export const MAX_FRAME_BYTES = 64 * 1024
/**
 * A connection that sends nothing, not even a heartbeat (clients send one every 30 s), for this long
 * is closed with 4408. LIVETS_HEARTBEAT_TIMEOUT_MS changes it (docs/configuration.md).
 */
export const HEARTBEAT_TIMEOUT_MS = positiveNumber(process.env.LIVETS_HEARTBEAT_TIMEOUT_MS, 'LIVETS_HEARTBEAT_TIMEOUT_MS') ?? 60_000

/** Client frames per second a live connection may send, and how many at once above that (docs/security.md, "Limits"). */
export const FRAMES_PER_SECOND = positiveNumber(process.env.LIVETS_FRAMES_PER_SECOND, 'LIVETS_FRAMES_PER_SECOND') ?? 100
export const FRAME_BURST = positiveNumber(process.env.LIVETS_FRAME_BURST, 'LIVETS_FRAME_BURST') ?? 500
/** A socket that has not sent its JOIN this long after opening is closed with 4409. */
export const JOIN_TIMEOUT_MS = positiveNumber(process.env.LIVETS_JOIN_TIMEOUT_MS, 'LIVETS_JOIN_TIMEOUT_MS') ?? 10_000

function positiveNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of milliseconds, not "${text}"`)
  return value
}

let engine: EngineAddon | undefined
let fingerprint: string | undefined
/** A development server's secret, kept in a file so that its pages and checkpoints verify after a restart. */
let developmentSecret: string | undefined

/**
 * The engine, configured on first use. Tokens are signed with LIVETS_SECRET; without it a
 * development server's secret file (useDevelopmentSecret), else a random secret per process, so
 * pages from before a restart reload once to get a fresh token.
 */
export function getEngine(): EngineAddon {
  if (engine) return engine
  const loaded = loadEngine()
  if (!process.env.LIVETS_SECRET && process.env.NODE_ENV === 'production') {
    throw new Error('LIVETS_SECRET is not set. In production it must be: pages, session credentials and checkpoints are signed with it, ' +
      'and every process serving the app needs the same one. Set it to 32 random bytes, e.g. LIVETS_SECRET=$(openssl rand -base64 32). See docs/configuration.md.')
  }
  const secret = process.env.LIVETS_SECRET ?? developmentSecret ?? randomBytes(32).toString('base64')
  if (secret.length < 16) throw new Error('LIVETS_SECRET must be at least 16 characters')
  loaded.configure(secret, MAX_FRAME_BYTES, HEARTBEAT_TIMEOUT_MS, FRAMES_PER_SECOND, FRAME_BURST, JOIN_TIMEOUT_MS)
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

/**
 * Development without LIVETS_SECRET: the engine signs with a random secret kept in `file` (made
 * once, readable by its owner only), so that a server restarted on every edit (`tsx watch`) still
 * verifies the tokens of the pages it rendered before and restores their checkpoints
 * (docs/dev-loop.md). Returns false, and does nothing, when LIVETS_SECRET is set, in production,
 * or when the engine already signs with another secret (something rendered before serve()).
 */
export function useDevelopmentSecret(file: string): boolean {
  if (process.env.LIVETS_SECRET || process.env.NODE_ENV === 'production') return false
  if (engine) return developmentSecret !== undefined
  try {
    developmentSecret = readFileSync(file, 'utf8').trim()
    if (developmentSecret.length >= 32) return true
  } catch { /* not made yet */ }
  developmentSecret = randomBytes(32).toString('base64')
  try {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, developmentSecret + '\n', { mode: 0o600 })
  } catch (error) {
    console.warn(`[livets] could not keep the development secret in ${file} (${(error as Error).message}): open pages reload after each restart`)
  }
  return true
}
