// Where the engine addon comes from, in order (docs/engine-platforms.md):
//   1. LIVETS_ENGINE_PATH, a file the user names;
//   2. the local build, packages/engine/build/livets_engine.node (this repository's `npm run build`,
//      or an earlier build from source on this machine);
//   3. the prebuilt platform package, @livets/engine-<platform>;
//   4. a build from source, when the .NET SDK is installed;
//   5. otherwise an error that names the platform and what to install.
// Everything the decision reads comes through `LocateHost`, so tests can simulate any machine.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ADDON_FILE, PLATFORMS, enginePlatform, hostPlatform, isKnownPlatform, platformPackage, ridFor } from './platforms.ts'
import { PACKAGE_ROOT, hasDotnetSdk } from './build.ts'

export type EngineLocation =
  | { kind: 'file'; path: string; from: 'LIVETS_ENGINE_PATH' | 'local build' | 'platform package' }
  /** No addon fits, but the SDK is here: build one for this machine into `path`. */
  | { kind: 'build'; platform: string; rid: string; path: string }
  | { kind: 'missing'; platform: string; message: string }

export interface LocateHost {
  env: NodeJS.ProcessEnv
  /** The platform id to load for (LIVETS_ENGINE_PLATFORM or detected). */
  platform: string
  exists(path: string): boolean
  /** The folder of an installed package, or undefined. */
  packageDir(name: string): string | undefined
  hasDotnetSdk(): boolean
}

/** The local build's file: this repository's build output, or where a build from source goes. */
export const LOCAL_BUILD = join(PACKAGE_ROOT, 'build', ADDON_FILE)

const requireHere = createRequire(import.meta.url)

export function defaultHost(env: NodeJS.ProcessEnv = process.env): LocateHost {
  return {
    env,
    platform: enginePlatform(env),
    exists: existsSync,
    packageDir(name) {
      try { return dirname(requireHere.resolve(`${name}/package.json`)) } catch { return undefined }
    },
    hasDotnetSdk,
  }
}

export function locateEngine(host: LocateHost = defaultHost()): EngineLocation {
  const named = host.env.LIVETS_ENGINE_PATH
  if (named) {
    if (host.exists(named)) return { kind: 'file', path: named, from: 'LIVETS_ENGINE_PATH' }
    return { kind: 'missing', platform: host.platform, message: `LIVETS_ENGINE_PATH names ${named}, which does not exist. Point it at a built ${ADDON_FILE}, or unset it.` }
  }
  if (host.exists(LOCAL_BUILD)) return { kind: 'file', path: LOCAL_BUILD, from: 'local build' }

  const { platform } = host
  const known = isKnownPlatform(platform)
  if (known) {
    const dir = host.packageDir(platformPackage(platform))
    const file = dir && join(dir, ADDON_FILE)
    if (file && host.exists(file)) return { kind: 'file', path: file, from: 'platform package' }
  }
  // A build from source is for the machine it runs on, whatever platform a test simulates.
  if (host.hasDotnetSdk()) return { kind: 'build', platform, rid: ridFor(hostPlatform()), path: LOCAL_BUILD }
  return { kind: 'missing', platform, message: missingMessage(platform, known) }
}

function missingMessage(platform: string, known: boolean): string {
  const why = known
    ? `its prebuilt package ${platformPackage(platform)} is not installed (was it installed with --omit=optional, ` +
      'or is the lockfile from another platform? Reinstall dependencies on this machine)'
    : `there is no prebuilt engine for it (prebuilt: ${Object.keys(PLATFORMS).join(', ')})`
  return `LiveTS cannot load its engine on ${platform}: ${why}. To build the engine from source instead, install the ` +
    '.NET 10 SDK (https://dotnet.microsoft.com/download) and, on Linux, clang and zlib1g-dev (apt-get install clang zlib1g-dev); ' +
    `LiveTS then builds it on first start. Or set LIVETS_ENGINE_PATH to a built ${ADDON_FILE}. See docs/engine-platforms.md.`
}
