// The server every runtime adapter returns (adapters/node.ts, bun.ts, deno.ts): the same options,
// the same { port, connections, closeConnections(), close() }, and the same graceful shutdown on
// SIGTERM/SIGINT. An adapter only accepts sockets and moves bytes; this is the rest.
import { CLOSE_GOING_AWAY } from '@livets/client/protocol'
import type { LiveRuntime, RuntimeOptions } from './runtime.ts'
import { useStorage } from './storage/storage.ts'

export interface ServeOptions extends RuntimeOptions {
  /** Port to listen on; 0 picks a free one (read it from the result). Default 3000. */
  port?: number
  /** Default 127.0.0.1; use 0.0.0.0 to accept other machines. */
  hostname?: string
  /**
   * Shut down gracefully on SIGTERM and SIGINT (finish events, save checkpoints, tell pages to
   * reconnect), then exit. Default true; set false when your app handles signals itself.
   */
  handleSignals?: boolean
}

export interface LiveServer {
  port: number
  /** Live connections open now. */
  readonly connections: number
  /** Closes every socket (1001); each page reconnects and resumes its session. */
  closeConnections(): void
  /** Graceful shutdown: stops listening, finishes the events under way, saves checkpoints, closes every socket with 1012. */
  close(): Promise<void>
}

/** What an adapter hands over: how to stop listening, and how to drop the sockets still open after the sessions drained. */
export interface Listener {
  port: number
  /** Stops accepting requests and sockets; resolves once the listener is closed. */
  stop(): Promise<void>
  /** Drops whatever sockets are left (after the sessions were told to reconnect). */
  terminate(): void
}

export const DEFAULT_PORT = 3000
export const DEFAULT_HOSTNAME = '127.0.0.1'

/** Starts listening; if that fails, the runtime leaves what it joined (Redis, the process's hub) before the error goes on. */
export async function listening<T>(runtime: LiveRuntime, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen()
  } catch (error) {
    await runtime.shutdown()
    throw error
  }
}

/** The LiveServer of `runtime` listening through `listener`, with graceful shutdown (and signal handling unless turned off). */
export function liveServer(runtime: LiveRuntime, listener: Listener, options: ServeOptions): LiveServer {
  useStorage(runtime.store)
  let closing: Promise<void> | undefined
  let signalled = false
  const close = (): Promise<void> => closing ??= (async () => {
    // After a signal the listeners stay: a second signal (SIGINT from a terminal reaches a cluster's
    // workers and its primary, which passes it on) must not end the process in the middle of draining.
    if (!signalled) {
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
    }
    // Stop accepting first, so that no new page or socket arrives while the others drain.
    const stopped = listener.stop()
    await runtime.shutdown()
    listener.terminate()
    await stopped
  })()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return
    signalled = true
    runtime.log.warn(`[livets] ${signal}: shutting down gracefully`)
    void close().then(() => process.exit(0), (error) => { runtime.log.error('[livets] shutdown failed', error); process.exit(1) })
  }
  if (options.handleSignals ?? true) {
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  }
  return {
    port: listener.port,
    get connections() { return runtime.size },
    closeConnections: () => runtime.closeSockets(CLOSE_GOING_AWAY),
    close,
  }
}
