// Upload frames in a live session (docs/protocol.md, "Uploads"). An UPLOAD is answered like an
// event — through the session's funnel, with a REPLY showing the entries (or an ERROR) — and then
// each accepted entry gets its first UPLOAD_ACK. Chunks are not events: each is written to its
// entry's file and answered with one UPLOAD_ACK, which tells the page to send the next; a render
// (a PUSH) follows when an entry's progress or errors changed, coalesced behind the session's queue.
import type { LiveView } from '../live-view.ts'
import { viewUploads } from '../live-view.ts'
import { BadPayload } from '../bad-payload.ts'
import type { LiveSession } from '../session.ts'
import type { ChunkAnswer, Uploads } from './uploads.ts'
import { UPLOAD_STOPPED } from '@livets/client/protocol'

/** Sessions with a progress render queued already. */
const progressQueued = new WeakSet<LiveSession>()

function uploadsOf(view: LiveView<any>, name: string): Uploads {
  const uploads = view[viewUploads]
  if (!uploads) throw new BadPayload(`upload '${name}' is not allowed: call this.allowUpload('${name}', …) in mount()`)
  return uploads
}

/** The page announced files for upload `name`: `fields` hold ref, name, size, type per entry (ReceiveResult.cs). */
export async function uploadAnnounced(session: LiveSession, name: string, fields: string[]): Promise<void> {
  const files: Array<{ ref: string; name: string; size: number; type: string }> = []
  for (let i = 0; i + 7 < fields.length; i += 8) files.push({ ref: fields[i + 1], name: fields[i + 3], size: Number(fields[i + 5]), type: fields[i + 7] })
  let starts: Array<[string, ChunkAnswer]> = []
  await session.run({ label: `${session.viewName} upload '${name}'`, answers: true, work: (view) => { starts = uploadsOf(view, name).announce(name, files) } })
  for (const [ref, answer] of starts) session.sendUnnumbered(session.host.engine.uploadAck(ref, answer.status, answer.received, answer.next))
}

/** A chunk of entry `ref`: written, acknowledged, and shown (progress) in a render soon after. */
export function uploadChunk(session: LiveSession, ref: string, offset: number, data: Uint8Array): void {
  const uploads = session.currentView?.[viewUploads]
  const answer: Promise<ChunkAnswer> = uploads
    ? uploads.chunk(ref, offset, data)
    : Promise.resolve({ status: UPLOAD_STOPPED, received: 0, next: 0, refused: `upload chunk for entry ${ref}, but the view allows no uploads` })
  answer.catch((error: unknown): ChunkAnswer => {
    session.host.log.error(`[livets] ${session.viewName}: upload entry ${ref} could not be written`, error)
    return { status: UPLOAD_STOPPED, received: 0, next: 0 }
  }).then((result) => {
    if (result.refused) session.host.log.warn(`[livets] ${session.viewName} ${session.id}: ${result.refused}; the entry is stopped`)
    session.sendUnnumbered(session.host.engine.uploadAck(ref, result.status, result.received, result.next))
    if (uploads && result.changed && !progressQueued.has(session)) {
      progressQueued.add(session)
      session.later(() => {
        progressQueued.delete(session)
        return session.run({ label: `${session.viewName} upload progress`, answers: false, work: () => {} })
      })
    }
  })
}
