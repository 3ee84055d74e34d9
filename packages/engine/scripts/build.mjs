// `npm run build`: the engine addon for this machine, into build/livets_engine.node (where the
// loader looks first in this repository) and into this platform's package folder npm/<platform>/,
// so `npm pack` of that package works. Runs after tsc, using the compiled build helpers.
import { copyFileSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildAddon } from '../dist/build.js'
import { LOCAL_BUILD } from '../dist/locate.js'
import { ADDON_FILE, hostPlatform, ridFor } from '../dist/platforms.js'

const platform = hostPlatform()
try {
  buildAddon({ rid: ridFor(platform), outFile: LOCAL_BUILD })
} catch (error) {
  console.error(`\n${error.message}`)
  process.exit(1)
}
console.log(`engine addon: ${LOCAL_BUILD} (${Math.round(statSync(LOCAL_BUILD).size / 1024)} KiB)`)
const packageDir = fileURLToPath(new URL(`../npm/${platform}/`, import.meta.url))
if (existsSync(packageDir)) {
  copyFileSync(LOCAL_BUILD, join(packageDir, ADDON_FILE))
  console.log(`platform package: ${join(packageDir, ADDON_FILE)}`)
}
