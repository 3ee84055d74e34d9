// The seam between the processes that serve one app (docs/scaling.md). The engine routes a topic to
// the connections of this process (Sessions/TopicRegistry.cs); a backplane only carries what one
// process publishes to the others, which route it again to theirs. In one process (the default)
// there is nobody to carry it to; RedisBackplane (redis-backplane.ts) carries it over Redis.
import type { PresenceDiff, SharedPresence } from '../presence/presence.ts'
import type { CheckpointSeal, SessionStore } from '../sessions/session-store.ts'

/** What travels between processes: a broadcast, or a presence diff, on a topic. */
export type Envelope =
  | { kind: 'info'; topic: string; message: unknown }
  | { kind: 'presence'; topic: string; diff: PresenceDiff }

/** What a backplane hands back: envelopes other processes published, and presence changes it found (a dead process's leaves). */
export interface BackplaneListener {
  received(envelope: Envelope): void
}

export interface Backplane {
  /** For log lines: "in-process", or the Redis URL without its password. */
  readonly name: string
  /** Connects; throws, saying what to fix, when this process cannot share with the others. */
  start(listener: BackplaneListener): Promise<void>
  /** Sends to every other process (this one delivered it already). Never throws: an outage is logged once. */
  publish(envelope: Envelope): void
  /** Presence entries shared between processes; undefined when this process is alone. */
  readonly presence: SharedPresence | undefined
  /** A store that shares checkpoints between processes; undefined when they stay in this process. */
  sessionStore(seal: CheckpointSeal): SessionStore | undefined
  /** Makes what is pending durable and disconnects. */
  close(): Promise<void>
}

/** One process alone: broadcasts and presence never leave it. */
export class InProcessBackplane implements Backplane {
  readonly name = 'in-process'
  readonly presence = undefined
  async start(): Promise<void> {}
  publish(): void {}
  sessionStore(): undefined { return undefined }
  async close(): Promise<void> {}
}
