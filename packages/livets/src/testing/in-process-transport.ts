// A transport (packages/client/src/transport.ts) that carries the client's frames to a LiveRuntime
// in the same process: no socket, no port. It behaves as a WebSocket does where the client can
// tell: opening, every frame and the close arrive later (a microtask), in order, never during the
// call that caused them.
import type { TransportEvents, TransportFactory } from '@livets/client'
import { CLOSE_NORMAL } from '@livets/client/protocol'
import type { LiveRuntime, RawSocket, SocketConnection } from '../runtime.ts'

/** Opens a live connection to `runtime` for each transport the client asks for (one per (re)connect); `headers` are its upgrade's. */
export function inProcessTransport(runtime: LiveRuntime, headers?: Record<string, string>): TransportFactory {
  return (events: TransportEvents) => {
    let open = true
    const finish = (code: number, reason: string, connection: SocketConnection): void => {
      connection.closed(code)
      events.closed(code, reason)
    }
    const server: RawSocket = {
      // The engine may reuse its buffers: the bytes are copied now, as a socket's send would.
      send: (frame) => { if (open) { const bytes = frame.slice(); queueMicrotask(() => events.received(bytes)) } },
      close: (code, reason) => {
        if (!open) return
        open = false
        queueMicrotask(() => finish(code, reason, connection))
      },
    }
    const connection = runtime.connect(server, '', headers)
    queueMicrotask(() => { if (open) events.opened() })
    return {
      send: (frame) => { if (open) { const bytes = frame.slice(); queueMicrotask(() => connection.message(bytes)) } },
      // The page went away: a close frame, so the server ends the session at once.
      close: () => {
        if (!open) return
        open = false
        queueMicrotask(() => finish(CLOSE_NORMAL, '', connection))
      },
    }
  }
}
