// Presence shared through Redis (docs/scaling.md, "Presence"). Each topic is a hash of its entries
// (ref → [key, meta]); each process keeps a hash of its own refs and a key that lives as long as its
// heartbeats come. On every heartbeat a process also looks for processes whose key expired — one
// killed with -9, or cut off — and removes their entries in the same script, so each dead entry is
// removed, and its leave announced, by exactly one process. The scripts touch keys they compute, so
// they need one Redis server (or a primary with replicas), not Redis Cluster.
import type { RedisConnection } from '../backplane/redis-connection.ts'
import { redisKeys } from '../backplane/redis-keys.ts'
import type { RedisOutage } from '../backplane/redis-outage.ts'
import { addMeta, type PresenceDiff, type PresenceList, type SharedPresence } from './presence.ts'
import type { TrackedEntry } from './tracker.ts'

const PREFIXES = [redisKeys.nodes, redisKeys.nodePrefix, redisKeys.refsPrefix, redisKeys.presencePrefix, redisKeys.secret]

/**
 * ARGV: nodes, node prefix, refs prefix, presence prefix, secret key, this node, ttl (ms).
 * Renews this process's key (returning whether it was still there) and the secret's; removes the
 * entries of every process whose key is gone and returns them as topic, ref, entry triples.
 */
const HEARTBEAT = `
local nodes, nodePrefix, refsPrefix, presencePrefix, secret, node, ttl = unpack(ARGV)
local wasAlive = redis.call('SET', nodePrefix .. node, '1', 'PX', ttl, 'GET')
redis.call('SADD', nodes, node)
redis.call('PEXPIRE', secret, ttl)
local reaped = {}
for _, other in ipairs(redis.call('SMEMBERS', nodes)) do
  if redis.call('EXISTS', nodePrefix .. other) == 0 then
    local refs = redis.call('HGETALL', refsPrefix .. other)
    for i = 1, #refs, 2 do
      local hash = presencePrefix .. refs[i + 1]
      local entry = redis.call('HGET', hash, refs[i])
      if entry then
        redis.call('HDEL', hash, refs[i])
        table.insert(reaped, refs[i + 1]); table.insert(reaped, refs[i]); table.insert(reaped, entry)
      end
    end
    redis.call('DEL', refsPrefix .. other)
    redis.call('SREM', nodes, other)
  end
end
return { wasAlive and 1 or 0, reaped }`

/**
 * ARGV: the prefixes as above, this node, then topic, ref, entry for each entry this process holds.
 * Makes Redis hold exactly this process's entries: writes the missing ones (returned as joins) and
 * removes the ones this process no longer has (returned as leaves).
 */
const RECONCILE = `
local nodes, nodePrefix, refsPrefix, presencePrefix, secret, node = unpack(ARGV, 1, 6)
local refsKey = refsPrefix .. node
local mine, joins, leaves = {}, {}, {}
for i = 7, #ARGV, 3 do
  local topic, ref, entry = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  mine[ref] = true
  if redis.call('HSETNX', presencePrefix .. topic, ref, entry) == 1 then
    table.insert(joins, topic); table.insert(joins, ref); table.insert(joins, entry)
  end
  redis.call('HSET', refsKey, ref, topic)
end
local refs = redis.call('HGETALL', refsKey)
for i = 1, #refs, 2 do
  if not mine[refs[i]] then
    local hash = presencePrefix .. refs[i + 1]
    local entry = redis.call('HGET', hash, refs[i])
    redis.call('HDEL', hash, refs[i])
    redis.call('HDEL', refsKey, refs[i])
    if entry then table.insert(leaves, refs[i + 1]); table.insert(leaves, refs[i]); table.insert(leaves, entry) end
  end
end
redis.call('SADD', nodes, node)
return { joins, leaves }`

/** Diffs by topic, as a heartbeat or a reconcile found them. */
export type TopicDiffs = Map<string, PresenceDiff>

export class RedisPresence implements SharedPresence {
  constructor(private readonly client: RedisConnection, private readonly node: string, private readonly outage: RedisOutage) {}

  joined(topic: string, ref: string, key: string, meta: object): void {
    this.client.multi()
      .hSet(redisKeys.presencePrefix + topic, ref, JSON.stringify([key, meta]))
      .hSet(redisKeys.refsPrefix + this.node, ref, topic)
      .exec()
      .catch((error) => this.outage.commandFailed('writing a presence entry', error))
  }

  left(topic: string, ref: string): void {
    this.client.multi()
      .hDel(redisKeys.presencePrefix + topic, ref)
      .hDel(redisKeys.refsPrefix + this.node, ref)
      .exec()
      .catch((error) => this.outage.commandFailed('removing a presence entry', error))
  }

  async list(topic: string): Promise<PresenceList | undefined> {
    let entries: Record<string, string>
    try {
      entries = await this.client.hGetAll(redisKeys.presencePrefix + topic) as Record<string, string>
    } catch (error) {
      this.outage.commandFailed('reading presence', error)
      return undefined
    }
    const list: PresenceList = {}
    for (const ref of Object.keys(entries).sort()) {
      const [key, meta] = JSON.parse(entries[ref]) as [string, object]
      addMeta(list, key, { ...meta, ref })
    }
    return list
  }

  /**
   * One heartbeat: keeps this process's entries alive for `ttlMs` and returns the leaves of the
   * processes found dead. `alive` is false when this process's own key had expired (Redis was out of
   * reach, or this process stalled): its entries may have been removed, so write them again.
   */
  async beat(ttlMs: number): Promise<{ alive: boolean; reaped: TopicDiffs }> {
    const [alive, reaped] = await this.client.eval(HEARTBEAT, { arguments: [...PREFIXES, this.node, String(ttlMs)] }) as [number, string[]]
    return { alive: alive === 1, reaped: diffsOf(reaped, 'leaves') }
  }

  /** Makes Redis hold exactly `entries` for this process; returns the joins and leaves the others have not seen. */
  async reconcile(entries: Iterable<TrackedEntry>): Promise<TopicDiffs> {
    const args = [...PREFIXES, this.node]
    for (const { topic, ref, key, meta } of entries) args.push(topic, ref, JSON.stringify([key, meta]))
    const [joins, leaves] = await this.client.eval(RECONCILE, { arguments: args }) as [string[], string[]]
    const diffs = diffsOf(joins, 'joins')
    for (const [topic, diff] of diffsOf(leaves, 'leaves')) {
      const both = diffs.get(topic)
      if (both) both.leaves = diff.leaves
      else diffs.set(topic, diff)
    }
    return diffs
  }

  /** This process stops: its entries (normally none left by then) and its heartbeat key go; returns the leaves to announce. */
  async remove(): Promise<TopicDiffs> {
    const leaves = await this.reconcile([])
    await this.client.multi().del(redisKeys.nodePrefix + this.node).sRem(redisKeys.nodes, this.node).exec()
    return leaves
  }
}

/** topic, ref, [key, meta] triples → one diff per topic with them on `side`. */
function diffsOf(triples: string[], side: 'joins' | 'leaves'): TopicDiffs {
  const diffs: TopicDiffs = new Map()
  for (let i = 0; i + 2 < triples.length; i += 3) {
    const [topic, ref, entry] = [triples[i], triples[i + 1], triples[i + 2]]
    const [key, meta] = JSON.parse(entry) as [string, object]
    let diff = diffs.get(topic)
    if (!diff) diffs.set(topic, diff = { joins: {}, leaves: {} })
    addMeta(diff[side], key, { ...meta, ref })
  }
  return diffs
}
