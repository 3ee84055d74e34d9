// Processes that serve one app must verify what the others signed — page tokens, session
// credentials, checkpoints — so they must share LIVETS_SECRET (docs/configuration.md). Without it
// each process makes a random key, and a page rendered by one is refused by the next one its socket
// reaches. These checks refuse to start in the cases where that is certain to happen; Redis adds a
// comparison with the processes already running (redis-backplane.ts).
// No engine here: livets/cluster's primary uses missingSecret, and loads no engine.
import cluster from 'node:cluster'

const HOW_TO_SET = 'Set LIVETS_SECRET to the same value in every process, e.g. LIVETS_SECRET="$(openssl rand -base64 32)" (docs/configuration.md).'

/** The refusal for processes that would each make their own key; `situation` says why there are several. */
export function missingSecret(situation: string): Error {
  return new Error(`LIVETS_SECRET is not set, and ${situation}: each process would sign pages with its own random key and refuse the sockets of pages another one rendered. ${HOW_TO_SET}`)
}

/** Throws, saying what to set, when this process is one of several and has no shared secret (`shared`: LIVETS_SECRET is set). */
export function requireSharedSecret(redisUrl: string | undefined, shared: boolean): void {
  if (cluster.isWorker && !shared) throw missingSecret('this process is a node:cluster worker')
  if (cluster.isWorker && redisUrl === undefined) {
    throw new Error('this process is a node:cluster worker without Redis: a page whose socket reaches another worker would lose its session, and broadcasts would stay in one worker. ' +
      'Configure Redis with serve(app, { redis: "redis://…" }) or LIVETS_REDIS_URL (docs/scaling.md).')
  }
  if (redisUrl !== undefined && !shared) {
    throw new Error(`LIVETS_SECRET is not set, and Redis is configured: with Redis, pages and sessions move between processes, and each must verify what the others signed. ${HOW_TO_SET}`)
  }
}

/** What a process whose secret differs from the running ones' is told. */
export function secretMismatch(where: string): Error {
  return new Error(`the LiveTS processes already using ${where} sign with another LIVETS_SECRET: pages they rendered would be refused here, and pages rendered here refused there. ${HOW_TO_SET}`)
}
