// Redis for the workers of livets/cluster, through their primary (docs/scaling.md, "Topologies").
// The primary holds one pair of connections to Redis (commands, and the broadcast channel) for every
// worker of the machine; each worker sends its commands over node:cluster's IPC channel and hears
// the channel's messages from the primary. A worker thus never loads @redis/client, which cost each
// worker 12.5 MB of RSS, and Redis holds two connections per machine instead of two per worker, as
// Phoenix.PubSub holds one per node. What the backplane sees is the same RedisConnection
// (redis-connection.ts): the same commands, the same readiness and errors, so an outage is logged
// and recovered the same way in a worker as in a process of its own.
//
// Every worker still has its own node id, presence key and checkpoints: the primary only carries
// commands, and a broadcast it hears it hands to every worker that subscribed (each ignores its own,
// as before).
import cluster, { type Worker } from 'node:cluster'
import type { RedisConnection, RedisScriptOptions, RedisSetOptions, RedisTransaction } from './redis-connection.ts'

/** The key that marks the relay's messages on the IPC channel (node:cluster's own are marked otherwise). */
const TAG = 'livetsRedis'

/** Which of the primary's two connections a worker's handle stands for. */
type Role = 'command' | 'listener'
/** Commands a worker may send as they are; connect, subscribe, unsubscribe and multi are handled apart. */
const COMMANDS = ['get', 'set', 'del', 'hGetAll', 'eval', 'publish'] as const
/** Commands a worker may queue in a transaction. */
const QUEUED = ['hSet', 'hDel', 'del', 'sRem'] as const
type Method = (typeof COMMANDS)[number] | 'connect' | 'subscribe' | 'unsubscribe' | 'multi'

type ToPrimary = { [TAG]: 'call'; id: number; url: string; role: Role; method: Method; args: unknown[] }
type ToWorker =
  | { [TAG]: 'reply'; id: number; result?: unknown; error?: string }
  | { [TAG]: 'state'; url: string; role: Role; ready: boolean; error?: string }
  | { [TAG]: 'message'; url: string; channel: string; message: string }

const isRelayMessage = <T>(message: unknown): message is T => typeof message === 'object' && message !== null && TAG in message

// ---- In a worker ----------------------------------------------------------------------------

/** The worker's end of the IPC channel: requests by id, and the handles that hear states and messages. */
class PrimaryLink {
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  readonly handles = new Set<RelayedRedis>()

  private readonly onMessage = (message: unknown): void => { if (isRelayMessage<ToWorker>(message)) this.received(message) }
  private listening = false

  /**
   * Hears the primary while a connection is open or a request waits. A 'message' listener holds
   * the IPC channel, and with it the worker, open (node:cluster counts it among what the worker
   * waits for), so it goes once nothing needs it: a worker whose server closed may then end.
   */
  hold(): void {
    const needed = this.handles.size > 0 || this.waiting.size > 0
    if (needed === this.listening) return
    this.listening = needed
    if (needed) process.on('message', this.onMessage)
    else process.off('message', this.onMessage)
  }

  request(url: string, role: Role, method: Method, args: unknown[]): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.hold()
      // A closed channel (the primary is gone) comes back in the callback, too.
      process.send!({ [TAG]: 'call', id, url, role, method, args } satisfies ToPrimary, undefined, {}, (error) => {
        if (!error) return
        this.settled(id)
        reject(new Error(`the livets/cluster primary cannot be reached: ${error.message}`))
      })
    })
  }

  private settled(id: number): void {
    if (this.waiting.delete(id)) this.hold()
  }

  private received(message: ToWorker): void {
    if (message[TAG] === 'reply') {
      const request = this.waiting.get(message.id)
      this.settled(message.id)
      if (message.error !== undefined) request?.reject(new Error(message.error))
      else request?.resolve(message.result)
      return
    }
    for (const handle of this.handles) {
      if (handle.url !== message.url) continue
      if (message[TAG] === 'state') handle.stateChanged(message.role, message.ready, message.error)
      else handle.heard(message.channel, message.message)
    }
  }
}

let link: PrimaryLink | undefined

/** A worker's connection to Redis at `url`, through the primary. */
export function relayedRedis(url: string): RedisConnection {
  link ??= new PrimaryLink()
  return new RelayedRedis(link, url, 'command')
}

class RelayedRedis implements RedisConnection {
  isReady = false
  private readonly listeners = { error: [] as Array<(error: Error) => void>, ready: [] as Array<() => void> }
  private readonly channels = new Map<string, (message: string) => void>()
  private readonly inFlight = new Set<Promise<unknown>>()

  constructor(private readonly link: PrimaryLink, readonly url: string, private readonly role: Role) {}

  on(event: 'error' | 'ready', listener: ((error: Error) => void) | (() => void)): this {
    (this.listeners[event] as Array<typeof listener>).push(listener)
    return this
  }

  async connect(): Promise<void> {
    this.link.handles.add(this)
    this.link.hold()
    this.isReady = await this.call('connect', []) as boolean
  }

  duplicate(): RedisConnection { return new RelayedRedis(this.link, this.url, 'listener') }

  get(key: string) { return this.call('get', [key]) as Promise<string | null> }
  set(key: string, value: string, options?: RedisSetOptions) { return this.call('set', options ? [key, value, options] : [key, value]) as Promise<string | null> }
  del(key: string) { return this.call('del', [key]) as Promise<number> }
  hGetAll(key: string) { return this.call('hGetAll', [key]) as Promise<Record<string, string>> }
  eval(script: string, options: RedisScriptOptions) { return this.call('eval', [script, options]) }
  publish(channel: string, message: string) { return this.call('publish', [channel, message]) as Promise<number> }

  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    this.channels.set(channel, listener)
    await this.call('subscribe', [channel])
  }

  multi(): RedisTransaction {
    const queued: unknown[][] = []
    const transaction: RedisTransaction = {
      hSet: (key: string, field: string, value: string) => { queued.push(['hSet', key, field, value]); return transaction },
      hDel: (key: string, field: string) => { queued.push(['hDel', key, field]); return transaction },
      del: (key: string) => { queued.push(['del', key]); return transaction },
      sRem: (key: string, member: string) => { queued.push(['sRem', key, member]); return transaction },
      exec: () => this.call('multi', queued) as Promise<unknown[]>,
    }
    return transaction
  }

  /** Stops hearing the primary; the primary's connections stay, for the other workers. */
  destroy(): void {
    this.link.handles.delete(this)
    for (const channel of this.channels.keys()) void this.link.request(this.url, this.role, 'unsubscribe', [channel]).catch(() => {})
    this.link.hold()
    this.channels.clear()
    this.isReady = false
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.inFlight)
    this.destroy()
  }

  stateChanged(role: Role, ready: boolean, error: string | undefined): void {
    if (role !== this.role) return
    this.isReady = ready
    if (error !== undefined) for (const listener of this.listeners.error) listener(new Error(error))
    if (ready) for (const listener of this.listeners.ready) listener()
  }

  heard(channel: string, message: string): void { this.channels.get(channel)?.(message) }

  private call(method: Method, args: unknown[]): Promise<unknown> {
    const request = this.link.request(this.url, this.role, method, args)
    this.inFlight.add(request)
    const forget = () => { this.inFlight.delete(request) }
    request.then(forget, forget)
    return request
  }
}

// ---- In the primary -------------------------------------------------------------------------

/** The primary's two connections to one Redis, and the workers that use them. */
interface Shared {
  connections: Record<Role, RedisConnection>
  connected: Promise<unknown>
  workers: Set<Worker>
  /** channel → the workers that subscribed to it, and the primary's SUBSCRIBE. */
  channels: Map<string, { workers: Set<Worker>; subscribed: Promise<unknown> }>
}

/**
 * In a livets/cluster primary: answers its workers' Redis commands on connections of its own,
 * opened when the first worker asks for that Redis, and kept while the primary runs.
 */
export function relayRedisForWorkers(): void {
  const shared = new Map<string, Promise<Shared>>()

  const open = async (url: string): Promise<Shared> => {
    const { directRedis } = await import('./redis-direct.ts')
    const command = directRedis(url)
    const connections = { command, listener: command.duplicate() }
    const workers = new Set<Worker>()
    for (const role of ['command', 'listener'] as const) {
      const connection = connections[role]
      const tell = (error?: Error) => {
        const state: ToWorker = { [TAG]: 'state', url, role, ready: connection.isReady, ...(error && { error: error.message || error.name }) }
        for (const worker of workers) send(worker, state)
      }
      // Without an error listener @redis/client would throw its errors at the primary.
      connection.on('error', (error) => tell(error))
      connection.on('ready', () => tell())
    }
    const connected = Promise.all([connections.command.connect(), connections.listener.connect()])
    // A failure to connect is each worker's to report (its start() says what to fix); the
    // connections keep retrying meanwhile.
    connected.catch(() => {})
    return { connections, connected, workers, channels: new Map() }
  }

  const handle = async (worker: Worker, call: ToPrimary): Promise<unknown> => {
    const entry = await (shared.get(call.url) ?? shared.set(call.url, open(call.url)).get(call.url)!)
    entry.workers.add(worker)
    const connection = entry.connections[call.role]
    switch (call.method) {
      case 'connect':
        await entry.connected
        return connection.isReady
      case 'subscribe': {
        const [channel] = call.args as [string]
        let subscription = entry.channels.get(channel)
        if (!subscription) {
          const workers = new Set<Worker>()
          const subscribed = connection.subscribe(channel, (message) => {
            for (const subscriber of workers) send(subscriber, { [TAG]: 'message', url: call.url, channel, message })
          })
          entry.channels.set(channel, subscription = { workers, subscribed })
          // Refused (Redis away): the next worker to ask subscribes afresh.
          subscribed.catch(() => { if (entry.channels.get(channel)?.subscribed === subscribed) entry.channels.delete(channel) })
        }
        subscription.workers.add(worker)
        // A worker that asks while the first SUBSCRIBE is on its way is answered once it is in place.
        await subscription.subscribed
        return null
      }
      case 'unsubscribe':
        entry.channels.get(call.args[0] as string)?.workers.delete(worker)
        return null
      case 'multi': {
        let transaction = connection.multi()
        for (const [method, ...args] of call.args as Array<[(typeof QUEUED)[number], string, string, string]>) {
          if (!QUEUED.includes(method)) throw new Error(`the Redis relay does not queue '${method}'`)
          transaction = (transaction[method] as (...a: string[]) => RedisTransaction)(...args)
        }
        return transaction.exec()
      }
      default:
        if (!COMMANDS.includes(call.method)) throw new Error(`the Redis relay does not send '${call.method}'`)
        return (connection[call.method] as (...args: unknown[]) => Promise<unknown>)(...call.args)
    }
  }

  cluster.on('message', (worker, message) => {
    if (!isRelayMessage<ToPrimary>(message) || message[TAG] !== 'call') return
    handle(worker, message).then(
      (result) => send(worker, { [TAG]: 'reply', id: message.id, result }),
      (error: Error) => send(worker, { [TAG]: 'reply', id: message.id, error: error.message || String(error) }))
  })
  // A worker that is gone hears nothing more.
  cluster.on('exit', (worker) => {
    void Promise.all(shared.values()).then((entries) => {
      for (const entry of entries) {
        entry.workers.delete(worker)
        for (const { workers } of entry.channels.values()) workers.delete(worker)
      }
    })
  })
}

function send(worker: Worker, message: ToWorker): void {
  if (!worker.isConnected()) return
  worker.send(message, undefined, (error) => { void error }) // a worker that just went away: nothing to tell it
}
