// Typed loader for the LiveTS engine addon (a NativeAOT .node library built from ./dotnet).
// The addon is called synchronously on the JS thread; every entry point throws a JS Error with a
// `code` (LIVETS_*) instead of ever crashing the process.
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What `receive()` tells the host to do with a client frame (same numbers as C# ReceiveKind). */
export const ReceiveKind = { Join: 0, Event: 1, Reply: 2, ErrorReply: 3, Close: 4 } as const
export type ReceiveKind = (typeof ReceiveKind)[keyof typeof ReceiveKind]

/** [kind, text, bytes, closeCode, ...payload key/value pairs] */
export type ReceiveTuple = [ReceiveKind, string, Uint8Array | null, number, ...string[]]

export interface EngineAddon {
  /** Replaces the engine: new signing secret and limits. Drops every connection and template. */
  configure(secret: string, maxFrameBytes: number, heartbeatTimeoutMs: number): void
  /** Compiles an html`` template's statics once; returns its id. Throws LIVETS_TEMPLATE_INVALID. */
  compileTemplate(statics: readonly string[]): number
  /** The template's directives as JSON: [[kind, expression, argument|null], …] (see Directive.cs). */
  templateDirectives(id: number): string
  /** First render of a page: [html, signed token]. A tree is a string or, as render-tree.ts writes templates, a Uint16Array. */
  prerender(tree: string | Uint16Array, payload: string): [string, string]
  /** Registers a live connection; returns its random 128-bit id (32 hex digits). */
  open(): string
  receive(connection: string, frame: Uint8Array): ReceiveTuple
  /** A REPLY frame (answering a JOIN or an EVENT) that brings the page to this render. */
  render(connection: string, tree: string | Uint16Array): Uint8Array
  /** A PUSH frame: the same as render, for changes no client event asked for. */
  push(connection: string, tree: string | Uint16Array): Uint8Array
  errorReply(code: number, message: string): Uint8Array
  close(connection: string): void
  /** Connections past their heartbeat deadline. */
  expired(): string[]
  /** Subscribes an open connection to a topic (a non-empty string of at most 256 characters). */
  subscribe(connection: string, topic: string): void
  unsubscribe(connection: string, topic: string): void
  /** The connections subscribed to a topic in this process. */
  subscribers(topic: string): string[]
  /** [open connections, compiled templates, managed heap bytes]; `collect` = 1 runs a full .NET GC first. */
  stats(collect?: 0 | 1): [number, number, number]
}

export interface EngineError extends Error {
  code: string
}

const defaultPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'livets_engine.node')

let loaded: EngineAddon | undefined

/** Loads the addon once per process. LIVETS_ENGINE_PATH overrides where it is found. */
export function loadEngine(): EngineAddon {
  if (loaded) return loaded
  const path = process.env.LIVETS_ENGINE_PATH ?? defaultPath
  if (!existsSync(path)) {
    throw Object.assign(new Error(`LiveTS engine addon not found at ${path}. Build it with "npm run build" (needs the .NET 10 SDK, clang and zlib1g-dev).`), { code: 'LIVETS_ENGINE_MISSING' })
  }
  loaded = createRequire(import.meta.url)(path) as EngineAddon
  return loaded
}
