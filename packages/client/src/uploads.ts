// File uploads over the live connection (docs/forms.md, "Uploads"; docs/protocol.md, "Uploads").
// Picking files in `<input type="file" ts-upload="name">` announces them (an UPLOAD, answered like
// an event); the server checks them and, for each it accepts, asks for the first chunk with an
// UPLOAD_ACK. Each chunk is sent only once the previous one is acknowledged, so one chunk per entry
// is in flight and the page never floods the socket. After a reconnect that resumed the session the
// chunk in flight is sent again (the server drops what it already has); a session mounted afresh
// no longer knows the entries, so they are forgotten.
import {
  EVENT_UPLOAD_PREFIX, SESSION_RESUMED, SESSION_RESYNCED, UPLOAD_CONTINUE, encodeUpload, encodeUploadChunk, type AnnouncedFile, type UploadAck,
} from './protocol.ts'
import type { LiveConnection, SessionListener } from './connection.ts'

/** An entry being sent: its file and the chunk in flight. */
interface Outgoing { file: File; offset: number; length: number }

let counter = 0
const newRef = (): string => `u${Date.now().toString(36)}${(counter++).toString(36)}`

export class UploadClient {
  private readonly outgoing = new Map<string, Outgoing>()

  constructor(root: Element, private readonly connection: LiveConnection) {
    root.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement
      if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.hasAttribute(EVENT_UPLOAD_PREFIX)) return
      this.announce(input)
    })
    connection.uploadAcked = (ack) => this.acked(ack)
  }

  private announce(input: HTMLInputElement): void {
    const name = input.getAttribute(EVENT_UPLOAD_PREFIX)!.trim()
    const files = Array.from(input.files ?? [])
    if (!name || files.length === 0) return
    const announced: AnnouncedFile[] = files.map((file) => {
      const ref = newRef()
      this.outgoing.set(ref, { file, offset: 0, length: 0 })
      return { ref, name: file.name, size: file.size, type: file.type }
    })
    this.connection.sendAnswered((ack) => encodeUpload(ack, name, announced), null, { element: input, type: 'change' })
  }

  private acked({ ref, status, received, next }: UploadAck): void {
    const entry = this.outgoing.get(ref)
    if (!entry) return
    if (status !== UPLOAD_CONTINUE || next === 0) { this.outgoing.delete(ref); return }
    entry.offset = received
    entry.length = next
    void this.sendChunk(ref, entry)
  }

  private async sendChunk(ref: string, entry: Outgoing): Promise<void> {
    const { offset, length } = entry
    const bytes = new Uint8Array(await entry.file.slice(offset, offset + length).arrayBuffer())
    // Cancelled, or a newer ack moved on, while the bytes were read.
    if (this.outgoing.get(ref) !== entry || entry.offset !== offset) return
    this.connection.sendNow((ack) => encodeUploadChunk(ack, ref, offset, bytes))
  }

  /** After a reconnect: resend the chunks in flight of a session that goes on; forget the entries of one that started over. */
  sessionListener(): SessionListener {
    return {
      after: (mode) => {
        if (mode === SESSION_RESUMED || mode === SESSION_RESYNCED) {
          for (const [ref, entry] of this.outgoing) if (entry.length > 0) void this.sendChunk(ref, entry)
        } else this.outgoing.clear()
      },
    }
  }
}
