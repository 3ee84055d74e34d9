// Checks that an addon file is what its platform package claims: the right machine in its
// ELF header and the Node-API entry point exported. Linux files only (readelf from binutils);
// macOS and Windows packages are checked on their own CI runners (.github/workflows/prebuild.yml).
import { execFileSync } from 'node:child_process'
import { PLATFORMS, type PlatformId } from '../src/platforms.ts'

/** readelf's name for each Linux CPU's machine field. */
const ELF_MACHINE: Record<string, string> = { x64: 'Advanced Micro Devices X86-64', arm64: 'AArch64' }
const ENTRY_POINT = 'napi_register_module_v1'

export interface AddonFacts { machine: string; exportsEntryPoint: boolean }

export function readAddon(file: string): AddonFacts {
  const header = execFileSync('readelf', ['-h', file]).toString()
  const machine = /Machine:\s+(.+)/.exec(header)?.[1].trim() ?? 'unknown'
  const symbols = execFileSync('readelf', ['--dyn-syms', '-W', file]).toString()
  const exportsEntryPoint = symbols.split('\n').some((line) => / FUNC +GLOBAL +DEFAULT .* napi_register_module_v1(@|$)/.test(line))
  return { machine, exportsEntryPoint }
}

/** Throws unless `file` is a Linux shared object for `platform`'s CPU exporting the Node-API entry point. */
export function checkAddon(file: string, platform: PlatformId): AddonFacts {
  const { os, cpu } = PLATFORMS[platform]
  if (os !== 'linux') throw new Error(`checkAddon reads ELF files only; ${platform} is checked on its own runner`)
  const facts = readAddon(file)
  if (facts.machine !== ELF_MACHINE[cpu]) throw new Error(`${file}: ELF machine is ${facts.machine}, expected ${ELF_MACHINE[cpu]} for ${platform}`)
  if (!facts.exportsEntryPoint) throw new Error(`${file}: does not export ${ENTRY_POINT}`)
  return facts
}
