// prepack/postpack of @livets/engine: the published package lists every platform package as an
// optional dependency (npm installs the one whose os/cpu/libc match), but this repository's
// package.json cannot, because npm would look the unpublished names up when installing the
// workspace. So they are written in for `npm pack`/`npm publish` and taken out after (the
// napi-rs "prepublish" pattern). `add` | `remove`.
import { readFileSync, writeFileSync } from 'node:fs'
import { PLATFORMS, platformPackage } from '../src/platforms.ts'

const file = new URL('../package.json', import.meta.url)
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { version: string; optionalDependencies?: Record<string, string> }
const action = process.argv[2]
if (action === 'add') {
  manifest.optionalDependencies = Object.fromEntries(Object.keys(PLATFORMS).map((id) => [platformPackage(id), manifest.version]))
} else if (action === 'remove') {
  delete manifest.optionalDependencies
} else {
  console.error('usage: optional-dependencies.ts add|remove')
  process.exit(1)
}
writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n')
