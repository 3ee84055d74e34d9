// Messages between live views of this process (docs/design.md §3.4): the engine routes a topic to the
// connections subscribed to it; this module hands the message to each one's session, which runs
// the view's handleInfo() and pushes the render.
import { getEngine } from './engine.ts'

/** What hears broadcasts for one connection: its session. */
export interface Recipient { deliver(message: unknown): void }

/** connection id → its session */
const recipients = new Map<string, Recipient>()

/** @internal A session that joined; it can now receive broadcasts. */
export function addRecipient(connection: string, recipient: Recipient): void {
  recipients.set(connection, recipient)
}

/** @internal */
export function removeRecipient(connection: string): void {
  recipients.delete(connection)
}

/**
 * Sends `message` to every live view subscribed to `topic` in this process, and returns how many.
 * Each one's handleInfo(message) runs after the events it is already handling. The message is
 * handed over as it is, not copied: treat it as read-only.
 */
export function broadcast(topic: string, message: unknown): number {
  let delivered = 0
  for (const id of getEngine().subscribers(topic)) {
    const recipient = recipients.get(id)
    if (recipient) { recipient.deliver(message); delivered++ }
  }
  return delivered
}
