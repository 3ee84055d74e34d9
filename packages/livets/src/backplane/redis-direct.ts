// A connection of this process's own to Redis, with @redis/client (redis-connection.ts says when a
// process has one). Loaded only then: the client is 477 modules.
import { createClient } from '@redis/client'
import { CONNECT_TIMEOUT_MS, type RedisConnection } from './redis-connection.ts'

/** Reconnect attempts back off up to this. */
const RECONNECT_MAX_MS = 2_000

export function directRedis(url: string): RedisConnection {
  return createClient({
    url,
    // A command while Redis is away fails at once instead of queueing without bound: the caller
    // goes on alone and the outage is logged once (redis-outage.ts).
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, RECONNECT_MAX_MS) },
  }) satisfies RedisConnection
}
