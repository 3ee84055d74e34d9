// The platforms LiveTS ships a prebuilt engine for, each as its own optional npm package
// (@livets/engine-<platform>, with os/cpu/libc fields so npm installs only the matching one).
// docs/engine-platforms.md is the matrix for people; packages/engine/npm/<platform>/package.json
// are the packages; a test keeps all three in agreement with this table.

import { readdirSync } from 'node:fs'

export interface EnginePlatform {
  /** Node's process.platform. */
  os: NodeJS.Platform
  /** Node's process.arch. */
  cpu: string
  /** The C library on Linux: npm's `libc` field and the package name's suffix. */
  libc?: 'glibc' | 'musl'
  /** The .NET runtime identifier the addon is published for. */
  rid: string
}

export const PLATFORMS = {
  'linux-x64-gnu': { os: 'linux', cpu: 'x64', libc: 'glibc', rid: 'linux-x64' },
  'linux-arm64-gnu': { os: 'linux', cpu: 'arm64', libc: 'glibc', rid: 'linux-arm64' },
  'linux-x64-musl': { os: 'linux', cpu: 'x64', libc: 'musl', rid: 'linux-musl-x64' },
  'linux-arm64-musl': { os: 'linux', cpu: 'arm64', libc: 'musl', rid: 'linux-musl-arm64' },
  'darwin-x64': { os: 'darwin', cpu: 'x64', rid: 'osx-x64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64', rid: 'osx-arm64' },
  'win32-x64-msvc': { os: 'win32', cpu: 'x64', rid: 'win-x64' },
  'win32-arm64-msvc': { os: 'win32', cpu: 'arm64', rid: 'win-arm64' },
} as const satisfies Record<string, EnginePlatform>

export type PlatformId = keyof typeof PLATFORMS

/** The file name of the addon inside a platform package and in a local build. */
export const ADDON_FILE = 'livets_engine.node'

/** The npm package that carries the prebuilt addon for a platform. */
export function platformPackage(id: string): string {
  return `@livets/engine-${id}`
}

export function isKnownPlatform(id: string): id is PlatformId {
  return Object.hasOwn(PLATFORMS, id)
}

/** The .NET runtime identifier for a platform id; for one outside the table, .NET's naming. */
export function ridFor(id: string): string {
  if (isKnownPlatform(id)) return PLATFORMS[id].rid
  const [os, cpu, libc] = id.split('-')
  const dotnetOs = ({ darwin: 'osx', win32: 'win' } as Record<string, string>)[os] ?? os
  return libc === 'musl' ? `${dotnetOs}-musl-${cpu}` : `${dotnetOs}-${cpu}`
}

/** The host's platform id, e.g. linux-x64-gnu, darwin-arm64, win32-x64-msvc, freebsd-x64. */
export function hostPlatform(): string {
  const base = `${process.platform}-${process.arch}`
  if (process.platform === 'win32') return `${base}-msvc`
  if (process.platform !== 'linux') return base
  return `${base}-${isMusl() ? 'musl' : 'gnu'}`
}

/**
 * Whether the C library is musl (Alpine): its dynamic loader is /lib/ld-musl-<arch>.so.1. Reading
 * the folder works on every runtime (Deno allows it with --allow-read, while process.report needs
 * --allow-sys there); only when /lib cannot be read does glibc's runtime version in Node's report decide.
 */
function isMusl(): boolean {
  try {
    return readdirSync('/lib').some((name) => name.startsWith('ld-musl-'))
  } catch {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined
    return !report?.header?.glibcVersionRuntime
  }
}

/** The platform to load for: LIVETS_ENGINE_PLATFORM overrides detection (tests, unusual hosts). */
export function enginePlatform(env: NodeJS.ProcessEnv = process.env): string {
  return env.LIVETS_ENGINE_PLATFORM || hostPlatform()
}
