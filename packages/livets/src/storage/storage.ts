// storage: data an app keeps on the server beyond one page's session — what a browser app would put
// in localStorage (docs/storage.md). It lives in the session store the server uses for checkpoints:
// in memory and a file by default, in Redis when the processes share one (docs/scaling.md), so it
// outlives a reload, a new tab and a restart, and every process sees the same data.
//
// It is module-level, like broadcast(): a page's first render (live(), before any socket) reads it
// too. The store is the one of the server that started first in this process; with no server
// (livets/testing pages, a script), the process keeps it in memory.
import { MemoryAppData, type AppDataStore } from './app-data-store.ts'

/** Longest key, in characters: keys name records (`todos:<list id>`), they do not carry data. */
export const MAX_STORAGE_KEY = 256

const started: AppDataStore[] = []
const processMemory = new MemoryAppData(null, console)

/** @internal A server started: its store serves storage until it stops. */
export function useStorage(store: AppDataStore): void { started.push(store) }

/** @internal A server stopped. */
export function releaseStorage(store: AppDataStore): void {
  const at = started.indexOf(store)
  if (at >= 0) started.splice(at, 1)
}

function current(key: string): AppDataStore {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_STORAGE_KEY) {
    throw new TypeError(`storage keys are strings of 1 to ${MAX_STORAGE_KEY} characters (got ${typeof key === 'string' ? `${key.length} characters` : typeof key})`)
  }
  return started[0] ?? processMemory
}

export const storage = {
  /** The value kept under `key`, as it was set (through JSON), or undefined. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const data = await current(key).readData(key)
    return data === undefined ? undefined : JSON.parse(data) as T
  },
  /**
   * Keeps `value` (plain data: what JSON brings back) under `key`. Resolves once it is durable as
   * the store makes it: in Redis, or (the embedded store) in memory and on its way to the file.
   */
  async set(key: string, value: unknown): Promise<void> {
    const store = current(key)
    const data = JSON.stringify(value)
    if (data === undefined) throw new TypeError(`storage.set("${key}"): the value is not JSON data (got ${typeof value}); use storage.delete to remove a key`)
    await store.writeData(key, data)
  },
  /** Forgets `key`. */
  async delete(key: string): Promise<void> {
    await current(key).deleteData(key)
  },
}
