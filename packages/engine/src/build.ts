// Builds the engine addon from the C# sources with `dotnet publish` (NativeAOT). Used by
// `npm run build` in this repository, by the prebuilt-package script, and by the loader when no
// prebuilt package fits the machine and the .NET SDK is installed (docs/engine-platforms.md).
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The package's root: src/ and dist/ are both one level below it. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const PROJECT = join(PACKAGE_ROOT, 'dotnet', 'LiveTs.Engine.Node', 'LiveTs.Engine.Node.csproj')

/** What NativeAOT names a shared library on each operating system. */
function publishedFile(rid: string): string {
  if (rid.startsWith('win')) return 'LiveTs.Engine.Node.dll'
  if (rid.startsWith('osx')) return 'LiveTs.Engine.Node.dylib'
  return 'LiveTs.Engine.Node.so'
}

export interface BuildOptions {
  /** The .NET runtime identifier to publish for. */
  rid: string
  /** Where the addon goes (a .node file). */
  outFile: string
  /** Where dotnet's output goes: the console (default) or, to keep a caller's stdout clean, stderr. */
  output?: 'stdout' | 'stderr'
}

/** Publishes the NativeAOT addon for `rid` and copies it to `outFile`. Throws with what to install. */
export function buildAddon({ rid, outFile, output = 'stdout' }: BuildOptions): void {
  const publishDir = join(PACKAGE_ROOT, 'build', 'publish', rid)
  try {
    execFileSync('dotnet', ['publish', PROJECT, '-c', 'Release', '-r', rid, '-o', publishDir, '--nologo', '-v', 'quiet'],
      { stdio: ['ignore', output === 'stdout' ? 'inherit' : process.stderr, 'inherit'] })
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'dotnet is not on PATH' : 'dotnet publish failed (its output is above)'
    throw Object.assign(new Error(`The LiveTS engine did not build for ${rid}: ${reason}. It needs the .NET 10 SDK and, for NativeAOT ` +
      'linking, clang and zlib1g-dev on Linux (apt-get install clang zlib1g-dev), Xcode command line tools on macOS, ' +
      'or the Visual Studio C++ build tools on Windows.'), { code: 'LIVETS_ENGINE_BUILD_FAILED' })
  }
  mkdirSync(dirname(outFile), { recursive: true })
  copyFileSync(join(publishDir, publishedFile(rid)), outFile)
}

/** True when `dotnet` is on PATH with an SDK of version 10 or newer. */
export function hasDotnetSdk(): boolean {
  try {
    const sdks = execFileSync('dotnet', ['--list-sdks'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()
    return sdks.split('\n').some((line) => Number(line.split('.')[0]) >= 10)
  } catch {
    return false
  }
}
