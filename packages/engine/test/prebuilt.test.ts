// npm run build:prebuilt: the linux-arm64 addon cross-compiled on this machine is an AArch64 shared
// object that exports the Node-API entry point, and so is the x64 one for its CPU.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkAddon, readAddon } from '../scripts/addon-check.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
/** What cross-linking for arm64 needs (docs/engine-platforms.md); .ci/run installs them. */
const crossTools = existsSync('/usr/bin/aarch64-linux-gnu-ld') && existsSync('/usr/aarch64-linux-gnu/lib/libc.so')

test('linux-arm64-gnu cross-compiles to an AArch64 addon exporting napi_register_module_v1', {
  skip: process.platform === 'linux' && process.arch === 'x64' && crossTools ? false
    : 'needs an x64 Linux machine with binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross',
  timeout: 600_000,
}, () => {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-prebuilt.ts', 'linux-arm64-gnu'], { cwd: root, stdio: 'inherit' })
  const file = `${root}npm/linux-arm64-gnu/livets_engine.node`
  assert.deepEqual(readAddon(file), { machine: 'AArch64', exportsEntryPoint: true })
  assert.throws(() => checkAddon(file, 'linux-x64-gnu'), /ELF machine is AArch64, expected Advanced Micro Devices X86-64/)
})

test('the x64 package holds an x64 addon (copied there by npm run build)', { skip: process.platform === 'linux' && process.arch === 'x64' ? false : 'x64 Linux only' }, () => {
  assert.deepEqual(checkAddon(`${root}npm/linux-x64-gnu/livets_engine.node`, 'linux-x64-gnu'), { machine: 'Advanced Micro Devices X86-64', exportsEntryPoint: true })
})
