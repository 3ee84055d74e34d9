// What LiveTS asks of a connection to Redis: the handful of commands the backplane, presence and the
// session store send, and whether it is up. Two things provide it:
// - @redis/client's own client (redis-direct.ts), in a process that reaches Redis itself;
// - a livets/cluster worker's relay to its primary (redis-relay.ts), which holds the one pair of
//   connections every worker of the machine shares. A worker then never loads the Redis client:
//   it cost each worker 12.5 MB of RSS (docs/scaling.md, "What a worker costs").
// The signatures are @redis/client's, narrowed to what is used, so that its client fits as it is.
import cluster from 'node:cluster'

/** How long a connection attempt may take (then it is retried), and how long a server's start waits for Redis before refusing to start. */
export const CONNECT_TIMEOUT_MS = 5_000

export interface RedisSetOptions {
  condition?: 'NX' | 'XX'
  expiration?: { type: 'PX' | 'EX'; value: number }
}

export interface RedisScriptOptions {
  keys?: string[]
  arguments?: string[]
}

/** The commands LiveTS queues in one MULTI … EXEC. */
export interface RedisTransaction {
  hSet(key: string, field: string, value: string): RedisTransaction
  hDel(key: string, field: string): RedisTransaction
  del(key: string): RedisTransaction
  sRem(key: string, member: string): RedisTransaction
  exec(): Promise<unknown[]>
}

export interface RedisConnection {
  /** Connected, and commands are answered (a command sent otherwise fails at once: no offline queue). */
  readonly isReady: boolean
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'ready', listener: () => void): unknown
  connect(): Promise<unknown>
  /** A second connection to the same Redis (the one that listens on the broadcast channel). */
  duplicate(): RedisConnection
  get(key: string): Promise<string | null>
  set(key: string, value: string, options?: RedisSetOptions): Promise<string | null>
  del(key: string): Promise<number>
  hGetAll(key: string): Promise<Record<string, string>>
  eval(script: string, options: RedisScriptOptions): Promise<unknown>
  publish(channel: string, message: string): Promise<number>
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>
  multi(): RedisTransaction
  /** Closes at once, dropping what is in flight. */
  destroy(): void
  /** Closes once what was sent is answered. */
  close(): Promise<unknown>
}

/**
 * The set by which a livets/cluster primary tells its workers that it relays Redis for them
 * (cluster.ts sets it in each worker's environment): a worker under another primary reaches Redis
 * itself.
 */
export const REDIS_RELAY_ENV = 'LIVETS_REDIS_RELAY'

/** A connection to Redis at `url`, not connected yet: through the primary in a livets/cluster worker, else of this process's own. */
export async function openRedis(url: string): Promise<RedisConnection> {
  if (cluster.isWorker && process.env[REDIS_RELAY_ENV] === '1' && process.send) {
    const { relayedRedis } = await import('./redis-relay.ts')
    return relayedRedis(url)
  }
  const { directRedis } = await import('./redis-direct.ts')
  return directRedis(url)
}
