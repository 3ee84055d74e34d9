// Publishes the NativeAOT addon and copies it to build/livets_engine.node, where the loader looks.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const publishDir = join(root, 'build', 'publish')
const project = join(root, 'dotnet', 'LiveTs.Engine.Node', 'LiveTs.Engine.Node.csproj')

try {
  execFileSync('dotnet', ['publish', project, '-c', 'Release', '-o', publishDir, '--nologo', '-v', 'quiet'], { stdio: 'inherit' })
} catch {
  console.error('\nThe engine addon did not build. It needs the .NET 10 SDK and, for NativeAOT linking, clang and zlib1g-dev (apt-get install clang zlib1g-dev).')
  process.exit(1)
}
mkdirSync(join(root, 'build'), { recursive: true })
const target = join(root, 'build', 'livets_engine.node')
copyFileSync(join(publishDir, 'LiveTs.Engine.Node.so'), target)
console.log(`engine addon: ${target} (${Math.round(statSync(target).size / 1024)} KiB)`)
