// Messages between live views (docs/design.md §3.4, docs/scaling.md): broadcast() and presence(),
// callable from views and from anywhere else in the process. The engine routes a topic to this
// process's connections; the process hub (backplane/hub.ts) hands each message to its session and,
// when Redis is configured, to every other process.
import { processHub } from './backplane/hub.ts'
import type { PresenceList } from './presence/presence.ts'

export { syncPresence, type PresenceDiff, type PresenceList, type PresenceMeta } from './presence/presence.ts'

/**
 * Sends `message` to every live view subscribed to `topic` — in this process and, with Redis, in
 * every other — and returns how many it reached in this process (the others hear it through Redis
 * a moment later). Each one's handleInfo(message) runs after the events it is already handling.
 * In this process the message is handed over as it is, not copied: treat it as read-only. To
 * reach other processes it must survive JSON.
 */
export function broadcast(topic: string, message: unknown): number {
  return processHub.broadcast(topic, message)
}

/**
 * Everyone tracked on `topic` (with this.track in a view), by key: every process's entries when
 * Redis is configured, else this process's.
 */
export function presence<M extends object = Record<string, unknown>>(topic: string): Promise<PresenceList<M>> {
  return processHub.list(topic) as Promise<PresenceList<M>>
}
