// Every name LiveTS uses in Redis, in one place (docs/scaling.md, "What LiveTS keeps in Redis").
// The Lua scripts receive the prefixes as arguments rather than spelling them again.

const PREFIX = 'livets:'

export const redisKeys = {
  /** The pub/sub channel every process publishes broadcasts and presence diffs on. */
  channel: `${PREFIX}broadcast`,
  /** A hash of LIVETS_SECRET, to find a process that signs with another one. */
  secret: `${PREFIX}secret`,
  /** A set of the processes that have presence entries. */
  nodes: `${PREFIX}nodes`,
  /** Per process: a key that lives as long as its heartbeats come. */
  nodePrefix: `${PREFIX}node:`,
  /** Per process: a hash of its presence entries, ref → topic. */
  refsPrefix: `${PREFIX}refs:`,
  /** Per topic: a hash of its presence entries, ref → [key, meta]. */
  presencePrefix: `${PREFIX}presence:`,
  /** Per session: its last checkpoint, signed. */
  checkpointPrefix: `${PREFIX}checkpoint:`,
  /** Per key the app names: its storage record (docs/storage.md). */
  dataPrefix: `${PREFIX}data:`,
} as const
