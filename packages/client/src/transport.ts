// How frames reach the server. The connection speaks the protocol; a transport only carries
// bytes. The browser uses a WebSocket, and long-poll over HTTP where a WebSocket cannot connect;
// tests drive the real client over an in-process transport.
import { CLOSE_ABNORMAL, CLOSE_NORMAL, decodeFrameBatch, encodeFrameBatch } from './protocol.ts'

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

/**
 * The long-poll fallback (docs/protocol.md, "Long-poll"): the same frames over HTTP for a page
 * whose WebSocket cannot connect. POST `base` opens a link; frames go up in POSTs, one at a time
 * (so they stay in order), each a varuint length and the bytes; frames come down in GETs that
 * the server holds until it has some. `abandon()` drops the link without a goodbye, as a broken
 * socket would, so that the session waits to be resumed over another transport.
 */
export function longPollTransport(base: string): (events: TransportEvents) => Transport & { abandon(): void } {
  return (events) => {
    let link: string | null = null
    let over = false
    let sending = false
    const queue: Uint8Array[] = []
    const end = (code: number, reason: string): void => {
      if (over) return
      over = true
      events.closed(code, reason)
    }
    const poll = async (): Promise<void> => {
      while (!over && link) {
        let response: Response
        try { response = await fetch(`${base}/${link}`, { cache: 'no-store' }) } catch { return end(CLOSE_ABNORMAL, 'long-poll request failed') }
        if (over) return
        if (response.status === 410) {
          const { code, reason } = await response.json().catch(() => ({ code: CLOSE_ABNORMAL, reason: 'link gone' }))
          return end(code, reason)
        }
        if (!response.ok) return end(CLOSE_ABNORMAL, `long-poll answered ${response.status}`)
        for (const frame of decodeFrameBatch(new Uint8Array(await response.arrayBuffer()))) if (!over) events.received(frame)
      }
    }
    const flush = async (): Promise<void> => {
      if (sending || !link || over || queue.length === 0) return
      sending = true
      const body = encodeFrameBatch(queue.splice(0))
      try {
        const response = await fetch(`${base}/${link}`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } })
        if (!response.ok && response.status !== 204) end(CLOSE_ABNORMAL, `long-poll send answered ${response.status}`)
      } catch {
        end(CLOSE_ABNORMAL, 'long-poll send failed')
      }
      sending = false
      void flush()
    }
    void (async () => {
      try {
        const response = await fetch(base, { method: 'POST' })
        if (!response.ok) return end(CLOSE_ABNORMAL, `long-poll refused (${response.status})`)
        link = await response.text()
      } catch {
        return end(CLOSE_ABNORMAL, 'long-poll unreachable')
      }
      if (over) return
      events.opened()
      void poll()
      void flush()
    })()
    return {
      send: (frame) => { queue.push(frame); void flush() },
      close: () => {
        if (link && !over) void fetch(`${base}/${link}`, { method: 'POST', body: new Uint8Array(0), keepalive: true }).catch(() => {})
        end(CLOSE_NORMAL, 'closed')
      },
      abandon: () => end(CLOSE_ABNORMAL, 'switching to WebSocket'),
    }
  }
}

/**
 * WebSocket first, long-poll when it cannot connect: a WebSocket that closes before it ever opened
 * (an upgrade a proxy refused, or a server that is down) sends the next connection over long-poll.
 * A long-poll link that cannot open either means the server is down, not the upgrade: the next
 * connection tries a WebSocket again. A long-poll link tries a WebSocket as soon as its join is
 * answered (the server may just have come back) and then every `retryMs`; when one opens, the long-poll link is
 * abandoned and the page reconnects — resuming its session — over the WebSocket.
 */
export function fallbackTransport(webSocketUrl: string, longPollBase: string, retryMs = 30_000): TransportFactory {
  let useLongPoll = false
  const longPoll = longPollTransport(longPollBase)
  return (events) => {
    if (!useLongPoll) {
      let opened = false
      return webSocketTransport(webSocketUrl)({
        opened: () => { opened = true; events.opened() },
        received: events.received,
        closed: (code, reason) => {
          if (!opened) useLongPoll = true
          events.closed(code, reason)
        },
      })
    }
    let probe: ReturnType<typeof setTimeout> | undefined
    let opened = false
    let joined = false
    const transport = longPoll({
      opened: () => { opened = true; events.opened() },
      received: (frame) => {
        // The first frame is the join's answer: the session is live, so a switch now resumes it.
        if (!joined) { joined = true; probe = setTimeout(tryWebSocket, 0) }
        events.received(frame)
      },
      closed: (code, reason) => {
        clearTimeout(probe)
        if (!opened) useLongPoll = false
        events.closed(code, reason)
      },
    })
    const tryWebSocket = (): void => {
      const socket = new WebSocket(webSocketUrl)
      socket.onopen = () => {
        socket.close(CLOSE_NORMAL)
        useLongPoll = false
        transport.abandon()
      }
      socket.onclose = () => { if (useLongPoll) probe = setTimeout(tryWebSocket, retryMs) }
    }
    return transport
  }
}
