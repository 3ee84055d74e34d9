// One buffer for the same frame sent to many sockets. A broadcast makes every subscriber that
// showed the same page render the same new page; the engine diffs once and reuses the operations
// for the others (Diffing/LastTransition.cs), and here the frames it returns are folded into the
// first one: every socket writes the same bytes object, and every outbox keeps a reference to it
// rather than a copy until its page acknowledges it (docs/architecture.md, "Broadcasts").

let last: Uint8Array | undefined

/** `frame`, or the previous frame passed here when it has the same bytes. */
export function shareFrame(frame: Uint8Array): Uint8Array {
  if (last !== undefined && last.length === frame.length && Buffer.compare(last, frame) === 0) return last
  last = frame
  return frame
}
