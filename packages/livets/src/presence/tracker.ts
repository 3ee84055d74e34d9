// This process's presence entries: what its views tracked, and for which session, so that a session
// that ends leaves at once (docs/scaling.md, "Presence"). Every change becomes a diff for the
// topic's subscribers here and, through the backplane, everywhere else; with Redis the entries are
// also written where every process reads them (redis-presence.ts), and can be written again from
// here when Redis lost them.
import { unserializablePath } from '../sessions/checkpoint.ts'
import { addMeta, type PresenceDiff, type PresenceList, type PresenceMeta, type SharedPresence } from './presence.ts'

export interface TrackedEntry { topic: string; key: string; meta: object; ref: string }

interface Entry extends TrackedEntry { owner: object }

/** Where the tracker's diffs go and where its entries are shared: the process hub. */
export interface PresenceHost {
  readonly shared: SharedPresence | undefined
  /** Hands `diff` to the topic's subscribers in this process; throws for a topic the engine refuses. */
  deliverPresence(topic: string, diff: PresenceDiff): void
  /** Sends `diff` to the other processes (after the shared entries were written). */
  publishPresence(topic: string, diff: PresenceDiff): void
}

export class PresenceTracker {
  private count = 0
  private readonly byRef = new Map<string, Entry>()
  /** owner (a session) → `${topic}\n${key}` → its entry */
  private readonly byOwner = new Map<object, Map<string, Entry>>()

  constructor(private readonly node: string, private readonly host: PresenceHost) {}

  /** `owner` is on `topic` as `key` with `meta`; tracking the same key again replaces its meta (a leave and a join). */
  track(owner: object, topic: string, key: string, meta: object): void {
    if (typeof topic !== 'string' || topic.length === 0) throw new TypeError('track(topic, key, meta): the topic must be a non-empty string')
    if (typeof key !== 'string' || key.length === 0) throw new TypeError(`track('${topic}', key, meta): the key must be a non-empty string (a user id, for example)`)
    const copy = portableMeta(topic, meta)
    const previous = this.byOwner.get(owner)?.get(`${topic}\n${key}`)
    const entry: Entry = { topic, key, meta: copy, ref: `${this.node}.${++this.count}`, owner }
    const diff: PresenceDiff = { joins: {}, leaves: {} }
    addMeta(diff.joins, key, metaOf(entry))
    if (previous) addMeta(diff.leaves, key, metaOf(previous))
    // Delivered first: the engine checks the topic, and nothing is recorded for one it refuses.
    // Subscribers run their handlers later, in their own turn, when the entry is recorded.
    this.host.deliverPresence(topic, diff)
    if (previous) this.forget(previous)
    const mine = this.byOwner.get(owner) ?? new Map<string, Entry>()
    this.byOwner.set(owner, mine)
    mine.set(`${topic}\n${key}`, entry)
    this.byRef.set(entry.ref, entry)
    this.host.shared?.joined(topic, entry.ref, key, copy)
    this.host.publishPresence(topic, diff)
  }

  /** `owner`'s entry under `key` leaves `topic`; nothing when it has none. */
  untrack(owner: object, topic: string, key: string): void {
    const entry = this.byOwner.get(owner)?.get(`${topic}\n${key}`)
    if (entry) this.leave([entry])
  }

  /** The session ended: every entry it tracked leaves, one diff per topic. */
  untrackAll(owner: object): void {
    const mine = this.byOwner.get(owner)
    if (mine) this.leave([...mine.values()])
  }

  /** This process's entries on `topic`. */
  list(topic: string): PresenceList {
    const list: PresenceList = {}
    for (const entry of this.byRef.values()) if (entry.topic === topic) addMeta(list, entry.key, metaOf(entry))
    return list
  }

  /** Every entry of this process (to write again where Redis lost them). */
  entries(): Iterable<TrackedEntry> { return this.byRef.values() }

  private leave(entries: Entry[]): void {
    const diffs = new Map<string, PresenceDiff>()
    for (const entry of entries) {
      this.forget(entry)
      let diff = diffs.get(entry.topic)
      if (!diff) diffs.set(entry.topic, diff = { joins: {}, leaves: {} })
      addMeta(diff.leaves, entry.key, metaOf(entry))
    }
    for (const [topic, diff] of diffs) {
      this.host.deliverPresence(topic, diff)
      this.host.publishPresence(topic, diff)
    }
  }

  /** Drops an entry here and where it is shared. */
  private forget(entry: Entry): void {
    this.byRef.delete(entry.ref)
    const mine = this.byOwner.get(entry.owner)
    mine?.delete(`${entry.topic}\n${entry.key}`)
    if (mine?.size === 0) this.byOwner.delete(entry.owner)
    this.host.shared?.left(entry.topic, entry.ref)
  }
}

export function metaOf(entry: TrackedEntry): PresenceMeta {
  return { ...entry.meta, ref: entry.ref }
}

/**
 * A copy of `meta` as every process will see it (it crosses processes as JSON), or a TypeError
 * saying what is wrong with it.
 */
function portableMeta(topic: string, meta: object): object {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw new TypeError(`track('${topic}', key, meta): meta must be a plain object, like { name: 'Ada' }`)
  if (Object.hasOwn(meta, 'ref')) throw new TypeError(`track('${topic}', key, meta): 'ref' is set by LiveTS (it tells entries apart); name that field differently`)
  const problem = unserializablePath(meta, 'meta')
  if (problem) throw new TypeError(`track('${topic}', key, meta): ${problem}; presence metas travel between processes as JSON`)
  return JSON.parse(JSON.stringify(meta)) as object
}
