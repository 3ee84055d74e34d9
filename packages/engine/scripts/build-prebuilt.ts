// `npm run build:prebuilt [-- platform…]`: builds the prebuilt addon of each platform package this
// machine can build (default: linux-x64-gnu and linux-arm64-gnu, the latter cross-compiled) into
// npm/<platform>/livets_engine.node, and checks each file (machine, Node-API export).
// Cross-compiling arm64 on x64 Debian needs: apt-get install binutils-aarch64-linux-gnu
// libc6-dev-arm64-cross libgcc-12-dev-arm64-cross. Other platforms: docs/engine-platforms.md.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { buildAddon, PACKAGE_ROOT } from '../src/build.ts'
import { ADDON_FILE, PLATFORMS, isKnownPlatform } from '../src/platforms.ts'
import { checkAddon } from './addon-check.ts'

const BUILT_HERE = ['linux-x64-gnu', 'linux-arm64-gnu'] as const

const requested = process.argv.slice(2)
for (const platform of requested.length ? requested : BUILT_HERE) {
  if (!isKnownPlatform(platform)) {
    console.error(`unknown platform ${platform}; known: ${Object.keys(PLATFORMS).join(', ')}`)
    process.exit(1)
  }
  const outFile = join(PACKAGE_ROOT, 'npm', platform, ADDON_FILE)
  try {
    buildAddon({ rid: PLATFORMS[platform].rid, outFile })
    const { machine } = checkAddon(outFile, platform)
    console.log(`${platform}: ${outFile} (${Math.round(statSync(outFile).size / 1024)} KiB, ${machine}, exports napi_register_module_v1)`)
  } catch (error) {
    console.error(`${platform}: ${(error as Error).message}`)
    process.exit(1)
  }
}
