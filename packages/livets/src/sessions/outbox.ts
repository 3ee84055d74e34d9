// The numbered frames of one session (docs/protocol.md, "Sessions and resume"). Every REPLY, PUSH
// and ERROR gets the next number; the client acknowledges what it applied, and what it has not
// acknowledged stays here so that a client that drops and comes back can get exactly what it
// missed. The buffer is bounded: past the bound the oldest frames go, and a resume that needed
// them re-renders the page whole instead (never unbounded memory).

export interface OutboxLimits {
  /** Unacknowledged frames kept. */
  frames: number
  /** Unacknowledged bytes kept. */
  bytes: number
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = { frames: 1_000, bytes: 1024 * 1024 }

/** The frames of every outbox with none unacknowledged (an idle session's): never written to, replaced by the first add. */
const NONE: Uint8Array[] = []

export class Outbox {
  /** The number of the last frame added (0 before the first). */
  private lastFrame = 0
  /** Frames the client acknowledged: every frame up to this number. */
  private acked = 0
  /** Unacknowledged frames still kept, oldest first: numbers `lastFrame - kept.length + 1` … `lastFrame`. */
  private kept = NONE
  private keptBytes = 0

  constructor(private readonly limits: OutboxLimits = DEFAULT_OUTBOX_LIMITS) {}

  get last(): number { return this.lastFrame }
  get size(): { frames: number; bytes: number } { return { frames: this.kept.length, bytes: this.keptBytes } }

  /** Numbers `frame`, keeps it until acknowledged, and returns its number. */
  add(frame: Uint8Array): number {
    if (this.kept === NONE) this.kept = [frame]
    else this.kept.push(frame)
    this.keptBytes += frame.length
    while (this.kept.length > this.limits.frames || (this.keptBytes > this.limits.bytes && this.kept.length > 0)) {
      this.keptBytes -= this.kept.shift()!.length
    }
    return ++this.lastFrame
  }

  /** The client applied `count` more frames. False when that is more than were ever sent (a lying client). */
  ack(count: number): boolean {
    if (count === 0) return true
    if (this.acked + count > this.lastFrame) return false
    this.acked += count
    const drop = this.kept.length - (this.lastFrame - this.acked)
    if (drop === this.kept.length) {
      // Every frame acknowledged (the usual case): the session keeps no array of its own.
      this.kept = NONE
      this.keptBytes = 0
    } else if (drop > 0) {
      for (const frame of this.kept.splice(0, drop)) this.keptBytes -= frame.length
    }
    return true
  }

  /**
   * The frames after `applied`, in order, to replay on a resume: 'future' when the client claims
   * frames never sent, 'lost' when some of them were dropped past the bound.
   */
  since(applied: number): Uint8Array[] | 'future' | 'lost' {
    if (applied > this.lastFrame) return 'future'
    if (applied + 1 < this.lastFrame - this.kept.length + 1) return 'lost'
    // What the client applied counts as acknowledged, whether or not its acks arrived: the kept
    // frames are then exactly the ones it missed.
    if (applied > this.acked) this.ack(applied - this.acked)
    return this.kept.slice(this.kept.length - (this.lastFrame - applied))
  }

  /** The frames after number `sent`, to send to a page that stopped reading for a while, or 'lost' if some are gone. */
  after(sent: number): Uint8Array[] | 'lost' {
    if (sent + 1 < this.lastFrame - this.kept.length + 1) return 'lost'
    return this.kept.slice(this.kept.length - (this.lastFrame - sent))
  }

  /** A session frame stood for the page up to now: numbering goes on from `lastFrame`, nothing to replay. */
  restart(lastFrame: number): void {
    this.lastFrame = this.acked = lastFrame
    this.kept = NONE
    this.keptBytes = 0
  }
}
