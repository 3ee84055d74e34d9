// An event whose fields the framework refuses before any application code sees them (too many,
// a name too long, an upload the view never allowed). The funnel answers it with ERROR_BAD_PAYLOAD
// and a message that says what was wrong; the connection lives on (docs/protocol.md, error codes).

export class BadPayload extends Error {
  override readonly name = 'BadPayload'
}
