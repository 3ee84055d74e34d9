// How frames reach the server. The connection speaks the protocol; a transport only carries
// bytes. The browser uses a WebSocket; tests drive the real client over an in-process transport,
// and a fallback can carry the same frames over HTTP.

/** What a transport reports to the connection that opened it. */
export interface TransportEvents {
  opened(): void
  received(frame: Uint8Array): void
  /** The link is gone, with the WebSocket close code and reason (1006 when it simply dropped). */
  closed(code: number, reason: string): void
}

export interface Transport {
  send(frame: Uint8Array): void
  close(): void
}

/** Opens a transport; it reports through `events` from then on. */
export type TransportFactory = (events: TransportEvents) => Transport

/** The default: a binary WebSocket to `url`. */
export function webSocketTransport(url: string): TransportFactory {
  return (events) => {
    const socket = new WebSocket(url)
    socket.binaryType = 'arraybuffer'
    socket.onopen = () => events.opened()
    socket.onmessage = (message) => events.received(new Uint8Array(message.data as ArrayBuffer))
    socket.onclose = (close) => events.closed(close.code, close.reason)
    return {
      send: (frame) => { if (socket.readyState === WebSocket.OPEN) socket.send(frame) },
      close: () => socket.close(),
    }
  }
}
