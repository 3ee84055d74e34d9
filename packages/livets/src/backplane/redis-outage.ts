// When Redis goes away, a process goes on alone: its own broadcasts and presence reach its own views,
// checkpoints wait in memory, and the clients keep reconnecting (docs/scaling.md, "Redis down").
// This is the one place that says so: one line when Redis becomes unreachable, one when it is back
// with what was missed meanwhile — never a line per message or per retry.
import type { Logger } from '../session.ts'

export class RedisOutage {
  private downSince: number | undefined
  private unsent = 0
  private readonly failures = new Set<string>()
  private readonly recoveries: Array<() => void> = []

  constructor(private readonly where: string, private readonly log: Logger, private readonly allReady: () => boolean) {}

  get down(): boolean { return this.downSince !== undefined }

  /** A client lost its connection or failed to make one (it reports every retry: only the first is logged). */
  failed(error: Error): void {
    if (this.downSince !== undefined) return
    this.downSince = Date.now()
    this.log.error(`[livets] Redis at ${this.where} is unreachable (${error.message || error.name}): broadcasts and presence reach this process only, ` +
      'checkpoints wait in memory; reconnecting')
  }

  /** A broadcast or presence diff that could not be sent to the other processes. */
  missed(): void { this.unsent++ }

  /** A broadcast or presence diff could not be published: missed in an outage, else a command failure. */
  publishFailed(error: unknown): void {
    if (this.allReady()) this.commandFailed('publishing', error)
    else this.missed()
  }

  /**
   * A command failed. In an outage that is expected (the outage was logged); while Redis is
   * reachable (out of memory, a wrong key type…) it is logged once per kind of failure, since the
   * next command of the same kind would fail the same way.
   */
  commandFailed(what: string, error: unknown): void {
    if (!this.allReady()) return
    const message = `${what}: ${error instanceof Error ? error.message : String(error)}`
    if (this.failures.has(message)) return
    this.failures.add(message)
    this.log.error(`[livets] Redis at ${this.where}: ${message}`)
  }

  /** A client is ready again; once every client is, the outage is over. */
  ready(): void {
    if (this.downSince === undefined || !this.allReady()) return
    const seconds = ((Date.now() - this.downSince) / 1000).toFixed(1)
    this.log.warn(`[livets] Redis at ${this.where} is back after ${seconds} s; ${this.unsent} broadcast(s) and presence change(s) ` +
      'did not reach the other processes meanwhile')
    this.downSince = undefined
    this.unsent = 0
    for (const recover of this.recoveries) recover()
  }

  /** `recover` runs after each outage (writes what waited, writes presence again). */
  onRecovery(recover: () => void): void { this.recoveries.push(recover) }
}
