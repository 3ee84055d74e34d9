// livets/cluster: several processes on one port with node:cluster (docs/scaling.md, "Topologies").
// The primary process only forks workers and watches them; each worker runs the app (serve()).
// node:cluster hands each new connection to the next worker, so a page's GET and its socket may
// reach different workers: they share LIVETS_SECRET to verify each other's tokens, and Redis for
// broadcasts, presence and checkpoints (each worker refuses to start without them). The workers
// reach Redis through the primary, which holds the machine's one pair of connections to it
// (backplane/redis-relay.ts).
import { randomUUID } from 'node:crypto'
import { DEV_BOOT_ENV } from './dev/boot-env.ts'
import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import { missingSecret } from './backplane/shared-secret.ts'
import { REDIS_RELAY_ENV } from './backplane/redis-connection.ts'
import { relayRedisForWorkers } from './backplane/redis-relay.ts'

export interface ClusterOptions {
  /** Worker processes. Default: one per core (os.availableParallelism()). */
  workers?: number
  /** Where the primary writes what happens to its workers. Default console. */
  logger?: { error(message: string): void; warn(message: string): void }
}

/**
 * In the primary process: forks `workers` processes that each run this same script, replaces a
 * worker that dies after it started listening (a crash, kill -9: its pages continue on the others),
 * stops every worker gracefully on SIGTERM/SIGINT and exits when they are done, and stops everything
 * if a worker exits before it ever listened (a refusal to start: its message says what to fix).
 * In a worker: runs `start`, which serves the app.
 */
export async function runCluster(start: () => unknown, options: ClusterOptions = {}): Promise<void> {
  if (cluster.isWorker) {
    await start()
    return
  }
  const count = options.workers ?? availableParallelism()
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`runCluster: workers must be a whole number ≥ 1 (got ${options.workers})`)
  if (count > 1 && !process.env.LIVETS_SECRET) throw missingSecret(`livets/cluster starts ${count} workers that serve the same pages`)
  const log = options.logger ?? console
  const listening = new WeakSet<Worker>()
  let stopping = false
  let failed = false

  // The workers share one development boot id: a page whose reload stream reconnects to another
  // worker must not take it for a restarted server (dev/reload.ts).
  const boot = randomUUID()
  const fork = (): void => { cluster.fork({ [DEV_BOOT_ENV]: boot, [REDIS_RELAY_ENV]: '1' }) }
  relayRedisForWorkers()
  cluster.on('listening', (worker) => { listening.add(worker) })
  cluster.on('exit', (worker, code, signal) => {
    // A worker leaves cluster.workers once it has both exited and disconnected, in either order:
    // counted by what is still running, the last one's exit is never missed.
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length
    if (!stopping && !listening.has(worker)) {
      log.error(`[livets] cluster: worker ${worker.process.pid} exited (${signal ?? code}) before it listened; stopping the cluster`)
      failed = true
      stop('SIGTERM')
    }
    if (stopping) {
      if (alive === 0) process.exit(failed ? 1 : 0)
      return
    }
    log.warn(`[livets] cluster: worker ${worker.process.pid} died (${signal ?? code}); starting another`)
    fork()
  })
  const stop = (signal: NodeJS.Signals): void => {
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
  }
  // Each worker drains on its own signal (livets/node's handleSignals); a second signal is ignored here.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => { if (!stopping) stop(signal) })
  for (let i = 0; i < count; i++) fork()
}
