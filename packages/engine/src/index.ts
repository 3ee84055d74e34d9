// Typed loader for the LiveTS engine addon (a NativeAOT .node library built from ./dotnet).
// The addon is called synchronously on the JS thread; every entry point throws a JS Error with a
// `code` (LIVETS_*) instead of ever crashing the process.
import { createRequire } from 'node:module'
import { buildAddon } from './build.ts'
import { defaultHost, locateEngine, type LocateHost } from './locate.ts'

export { PLATFORMS, ADDON_FILE, enginePlatform, hostPlatform, platformPackage, type PlatformId } from './platforms.ts'
export { locateEngine, type EngineLocation, type LocateHost } from './locate.ts'

/** What `receive()` tells the host to do with a client frame (same numbers as C# ReceiveKind). */
export const ReceiveKind = { Join: 0, Event: 1, Reply: 2, ErrorReply: 3, Close: 4, Ack: 5, Upload: 6, UploadChunk: 7, Navigate: 8 } as const
export type ReceiveKind = (typeof ReceiveKind)[keyof typeof ReceiveKind]

/**
 * [kind, text, bytes, closeCode, ack, target, ...key/value pairs]. `ack`: server frames the client
 * applied since its previous frame. The pairs are an EVENT's fields, or for a JOIN its session:
 * session, credential, resumed ("1"/"0"), applied, next, page (see ReceiveResult.cs). An UPLOAD's text is
 * the upload's name and its pairs are ref, name, size, type per entry; an UPLOAD_CHUNK's text is the
 * entry's ref, its bytes the chunk, and its one pair the offset.
 */
export type ReceiveTuple = [ReceiveKind, string, Uint8Array | null, number, number, number, ...string[]]

export interface EngineAddon {
  /** Replaces the engine: new signing secret and limits. Drops every connection and template. */
  configure(secret: string, maxFrameBytes: number, heartbeatTimeoutMs: number, framesPerSecond?: number, frameBurst?: number, joinTimeoutMs?: number): void
  /** Compiles an html`` template's statics once; returns its id. Throws LIVETS_TEMPLATE_INVALID. */
  compileTemplate(statics: readonly string[]): number
  /** The template's directives as JSON: [[kind, expression, argument|null], …] (see Directive.cs). */
  templateDirectives(id: number): string
  /** First render of a page: [html, signed token]. A tree is a string or, as render-tree.ts writes templates, a Uint16Array. */
  prerender(tree: string | Uint16Array, payload: string): [string, string]
  /** Registers a live connection; returns its random 128-bit id (32 hex digits). */
  open(): string
  receive(connection: string, frame: Uint8Array): ReceiveTuple
  /**
   * A REPLY frame (answering a JOIN or an EVENT) that brings the page to this render; with
   * `component`, the tree is that component's own render, diffed in place (docs/components.md).
   */
  render(connection: string, tree: string | Uint16Array, component?: number): Uint8Array
  /** A PUSH frame: the same as render, for changes no client event asked for. */
  push(connection: string, tree: string | Uint16Array, component?: number): Uint8Array
  /** The component left the page: events for it are refused from now on. */
  forgetComponent(connection: string, component: number): void
  /** How many items the list a render stamped `stamp` has, or -1 when a render may no longer refer to its items (packages/livets/src/list-memo.ts). */
  stampedItems(stamp: number): number
  /**
   * The SESSION frame answering a JOIN (or re-rendering a lagging page whole): its mode (SESSION_*),
   * the number of the last frame it stands for, the client's events answered up to it, the credential
   * to resume with, and, when `tree` is not null, the patch to that render.
   */
  session(connection: string, mode: number, lastFrame: number, answered: number, credential: string, tree: string | Uint16Array | null): Uint8Array
  /** The socket dropped: keep the connection for `retentionMs`, after which expired() reports it. */
  detach(connection: string, retentionMs: number): void
  /** Forget what the client shows: the next render replaces the page whole. */
  resync(connection: string): void
  /** Seals a session's checkpoint for a session store, given its data's digest: the seal (60 chars) carries neither. */
  signCheckpoint(session: string, digest: string): string
  /** Throws (with the reason) unless `signed` seals the data of `digest` for `session` with this secret, and is not too old. */
  verifyCheckpoint(session: string, signed: string, digest: string): void
  /** URL attribute values the engine replaced as unsafe since the last call (javascript:, data:text/html, …), for development warnings. */
  takeBlockedUrls(): string[]
  errorReply(code: number, message: string): Uint8Array
  close(connection: string): void
  /** Connections past their heartbeat deadline. */
  expired(): string[]
  /** Subscribes an open connection to a topic (a non-empty string of at most 256 characters). */
  subscribe(connection: string, topic: string): void
  unsubscribe(connection: string, topic: string): void
  /** The connections subscribed to a topic in this process. */
  subscribers(topic: string): string[]
  /** An UPLOAD_ACK frame: entry `ref`, a status (UPLOAD_*), the bytes the server has, how many to send next. */
  uploadAck(ref: string, status: number, received: number, next: number): Uint8Array
  /** Signs flash messages (JSON) for the cookie that carries them to the next page load. */
  signFlash(data: string): string
  /** The data of a flash cookie signed by this secret, or null (forged, too old, another purpose). */
  verifyFlash(signed: string): string | null
  /** [open connections, compiled templates, managed heap bytes]; `collect` = 1 runs a full .NET GC first. */
  stats(collect?: 0 | 1): [number, number, number]
  /** Starts giving the engine's free GC regions and the C heap's free pages (glibc's malloc_trim) back to the OS, on a pool thread. */
  returnFreeNativeMemory(): void
}

export interface EngineError extends Error {
  code: string
}

let loaded: EngineAddon | undefined

/**
 * Loads the addon once per process, from where locateEngine() finds it (LIVETS_ENGINE_PATH, the
 * local build, the platform package); with none, builds it from source if the .NET SDK is here.
 * Throws LIVETS_ENGINE_MISSING, naming the platform and what to install, when nothing works.
 */
export function loadEngine(host: LocateHost = defaultHost()): EngineAddon {
  if (loaded) return loaded
  const location = locateEngine(host)
  if (location.kind === 'missing') throw Object.assign(new Error(location.message), { code: 'LIVETS_ENGINE_MISSING' })
  if (location.kind === 'build') {
    console.error(`[livets] no prebuilt engine for ${location.platform}: building it from source for ${location.rid} ` +
      `with the .NET SDK into ${location.path} (once; about a minute)`)
    buildAddon({ rid: location.rid, outFile: location.path, output: 'stderr' })
  }
  loaded = createRequire(import.meta.url)(location.path) as EngineAddon
  return loaded
}
