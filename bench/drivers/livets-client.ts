// LiveTS and bare-ws load clients with the same shape, so every scenario drives both the same way.
import WebSocket from 'ws'
import { LiveClient } from 'livets/testing'
import { EventNames, FRAME_REPLY, encodeEvent } from '@livets/client/protocol'
import type { LoadTarget } from './open-loop.ts'

export interface BenchConnection extends LoadTarget {
  bytesUp(): number
  bytesDown(): number
  close(): void
}

/** A joined LiveTS connection whose send() is one event (by default a counter click); `payload` may differ per event. */
export async function liveConnection(url: string, event = 'increment', payload: Record<string, string> | (() => Record<string, string>) = {}): Promise<BenchConnection> {
  const { client } = await LiveClient.connect(url)
  const upBefore = client.bytesUp
  const downBefore = client.bytesDown
  return {
    send: async () => { await client.event(event, typeof payload === 'function' ? payload() : payload) },
    bytesUp: () => client.bytesUp - upBefore,
    bytesDown: () => client.bytesDown - downBefore,
    close: () => client.socket.terminate(),
  }
}

/**
 * A joined LiveTS connection for saturating a server: LiveClient joins, then the socket is driven
 * directly — events pre-encoded (one per payload, acknowledging the one reply of the event before;
 * the first names the handler in full, the others by the index it took), replies counted, not
 * decoded — so that the load client spends little of the machine's CPU.
 */
export async function lightConnection(url: string, event: string, payloads: Array<Record<string, string>>): Promise<LoadTarget & { close(): void }> {
  const { client } = await LiveClient.connect(url)
  const socket = client.socket
  socket.removeAllListeners('message')
  const names = new EventNames()
  const first = encodeEvent(0, event, 0, payloads[0], names)
  const next = payloads.map((payload) => encodeEvent(1, event, 0, payload, names))
  let sent = 0
  let answered: (() => void) | undefined
  socket.on('message', (data: Buffer) => { if (data[0] === FRAME_REPLY) answered?.() })
  return {
    send: () => new Promise<void>((resolve) => {
      answered = resolve
      socket.send(sent === 0 ? first : next[sent % payloads.length])
      sent++
    }),
    close: () => socket.terminate(),
  }
}

/** Keeps idle LiveTS connections alive the way the browser client does. */
export function heartbeat(clients: LiveClient[], everyMs = 30_000): () => void {
  const timer = setInterval(() => { for (const c of clients) c.heartbeat() }, everyMs)
  return () => clearInterval(timer)
}

/** A LiveTS counter click as it goes up once its link named the handler (docs/protocol.md, "Event names"). */
function clickBytes(): number {
  const names = new EventNames()
  encodeEvent(1, 'increment', 0, {}, names)
  return encodeEvent(1, 'increment', 0, {}, names).length
}

/** A bare ws connection whose send() is an echo of a message the size of a LiveTS click. */
export async function echoConnection(url: string, messageBytes = clickBytes()): Promise<BenchConnection> {
  const socketUrl = url.replace(/^http/, 'ws')
  const socket = new WebSocket(socketUrl)
  await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject) })
  const message = new Uint8Array(messageBytes).fill(0x61)
  const waiting: Array<() => void> = []
  let up = 0
  let down = 0
  socket.on('message', (data: Buffer) => { down += data.length; waiting.shift()?.() })
  return {
    send: () => new Promise<void>((resolve) => { waiting.push(resolve); up += message.length; socket.send(message) }),
    bytesUp: () => up,
    bytesDown: () => down,
    close: () => socket.terminate(),
  }
}

/** Opens `count` connections, `parallel` at a time. */
export async function openMany<T>(count: number, open: () => Promise<T>, parallel = 50): Promise<T[]> {
  const result: T[] = []
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, open))
    result.push(...batch)
  }
  return result
}
