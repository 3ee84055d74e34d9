// Presence (docs/scaling.md, "Presence"): who is on a topic, as Phoenix.Presence shows it. Views
// track entries under a key (a user id); one key may hold several metas (one user, two tabs).
// Subscribers of the topic hear joins and leaves as diffs. This file is the data model; tracker.ts
// holds this process's entries, redis-presence.ts shares them between processes.

/**
 * One tracked entry as lists and diffs show it: the meta given to track(), plus `ref`, unique per
 * track() call, so that a leave removes exactly the entry that left and a join seen twice counts once.
 */
export type PresenceMeta<M extends object = Record<string, unknown>> = M & { ref: string }

/** Key → every meta tracked under it, on one topic. */
export type PresenceList<M extends object = Record<string, unknown>> = Record<string, { metas: PresenceMeta<M>[] }>

/** What handlePresence(diff) receives: the entries that joined and the ones that left. */
export interface PresenceDiff<M extends object = Record<string, unknown>> {
  joins: PresenceList<M>
  leaves: PresenceList<M>
}

/** What a process shares with the others (redis-presence.ts). Writes return at once; an outage is logged once. */
export interface SharedPresence {
  joined(topic: string, ref: string, key: string, meta: object): void
  left(topic: string, ref: string): void
  /** Every process's entries on `topic`; undefined when they cannot be read now (the caller falls back to its own). */
  list(topic: string): Promise<PresenceList | undefined>
}

/**
 * `list` with `diff` applied: what a view keeps in its state to show who is here, updated from
 * handlePresence. Leaves go by ref; a join whose ref is already listed is not added twice.
 */
export function syncPresence<M extends object>(list: PresenceList<M>, diff: PresenceDiff<M>): PresenceList<M> {
  const next: PresenceList<M> = {}
  const gone = new Set<string>()
  for (const { metas } of Object.values(diff.leaves)) for (const meta of metas) gone.add(meta.ref)
  for (const [key, { metas }] of Object.entries(list)) {
    const kept = metas.filter((meta) => !gone.has(meta.ref))
    if (kept.length > 0) next[key] = { metas: kept }
  }
  for (const [key, { metas }] of Object.entries(diff.joins)) {
    const entry = (next[key] ??= { metas: [] })
    for (const meta of metas) if (!entry.metas.some((m) => m.ref === meta.ref)) entry.metas = [...entry.metas, meta]
  }
  return next
}

/** Adds one meta under `key` (lists and diffs are built the same way). */
export function addMeta(list: PresenceList, key: string, meta: PresenceMeta): void {
  ;(list[key] ??= { metas: [] }).metas.push(meta)
}
