// The platform table, the platform packages (packages/engine/npm/<platform>) and the docs' matrix
// say the same thing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { PLATFORMS, platformPackage } from '../src/platforms.ts'

const root = new URL('..', import.meta.url)
const engine = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))

test('one package folder per platform, with the os/cpu/libc npm selects it by', () => {
  const folders = readdirSync(new URL('npm/', root)).filter((name) => statSync(new URL(`npm/${name}`, root)).isDirectory())
  assert.deepEqual(folders.sort(), Object.keys(PLATFORMS).sort())
  for (const [id, platform] of Object.entries(PLATFORMS)) {
    const manifest = JSON.parse(readFileSync(new URL(`npm/${id}/package.json`, root), 'utf8'))
    assert.equal(manifest.name, platformPackage(id))
    assert.equal(manifest.version, engine.version, `${id}: same version as @livets/engine`)
    assert.deepEqual(manifest.os, [platform.os])
    assert.deepEqual(manifest.cpu, [platform.cpu])
    assert.deepEqual(manifest.libc, 'libc' in platform ? [platform.libc] : undefined)
    assert.deepEqual(manifest.files, ['livets_engine.node'])
  }
})

test('docs/engine-platforms.md and the prebuild workflow name every platform', () => {
  const docs = readFileSync(new URL('../../docs/engine-platforms.md', root), 'utf8')
  const workflow = readFileSync(new URL('../../.github/workflows/prebuild.yml', root), 'utf8')
  for (const [id, { rid }] of Object.entries(PLATFORMS)) {
    assert.ok(docs.includes(platformPackage(id)), `docs name ${platformPackage(id)}`)
    assert.ok(workflow.includes(`platform: ${id}`) && workflow.includes(`rid: ${rid}`), `the workflow builds ${id} (${rid})`)
  }
})
