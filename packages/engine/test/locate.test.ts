// Where the engine addon is loaded from, on simulated machines: the lookup order, the build from
// source when the .NET SDK is there, and the message when nothing fits (docs/engine-platforms.md).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { LOCAL_BUILD, locateEngine, type LocateHost } from '../src/locate.ts'
import { enginePlatform, hostPlatform, ridFor } from '../src/platforms.ts'

/** A machine with the files in `files`, the packages in `packages` (name → folder) and maybe an SDK. */
function machine(platform: string, { files = [] as string[], packages = {} as Record<string, string>, sdk = false, env = {} as NodeJS.ProcessEnv } = {}): LocateHost {
  return { env, platform, exists: (p) => files.includes(p), packageDir: (name) => packages[name], hasDotnetSdk: () => sdk }
}

const X64_PACKAGE = '/app/node_modules/@livets/engine-linux-x64-gnu'

describe('locateEngine', () => {
  test('LIVETS_ENGINE_PATH comes first', () => {
    const host = machine('linux-x64-gnu', { files: ['/opt/my.node', LOCAL_BUILD], env: { LIVETS_ENGINE_PATH: '/opt/my.node' } })
    assert.deepEqual(locateEngine(host), { kind: 'file', path: '/opt/my.node', from: 'LIVETS_ENGINE_PATH' })
  })

  test('a LIVETS_ENGINE_PATH that does not exist is an error, not a silent fallback', () => {
    const location = locateEngine(machine('linux-x64-gnu', { files: [LOCAL_BUILD], env: { LIVETS_ENGINE_PATH: '/nope.node' } }))
    assert.equal(location.kind, 'missing')
    assert.match((location as { message: string }).message, /LIVETS_ENGINE_PATH names \/nope\.node, which does not exist/)
  })

  test('the local build (this repository, or an earlier build from source) before the platform package', () => {
    const host = machine('linux-x64-gnu', { files: [LOCAL_BUILD, join(X64_PACKAGE, 'livets_engine.node')], packages: { '@livets/engine-linux-x64-gnu': X64_PACKAGE } })
    assert.deepEqual(locateEngine(host), { kind: 'file', path: LOCAL_BUILD, from: 'local build' })
  })

  test('the installed platform package', () => {
    const host = machine('linux-x64-gnu', { files: [join(X64_PACKAGE, 'livets_engine.node')], packages: { '@livets/engine-linux-x64-gnu': X64_PACKAGE } })
    assert.deepEqual(locateEngine(host), { kind: 'file', path: join(X64_PACKAGE, 'livets_engine.node'), from: 'platform package' })
  })

  test('only the package of the platform in use counts', () => {
    const host = machine('linux-arm64-gnu', { files: [join(X64_PACKAGE, 'livets_engine.node')], packages: { '@livets/engine-linux-x64-gnu': X64_PACKAGE } })
    assert.equal(locateEngine(host).kind, 'missing')
  })

  test('no prebuilt engine but the .NET SDK: build from source for this machine into the local build', () => {
    assert.deepEqual(locateEngine(machine('freebsd-x64', { sdk: true })),
      { kind: 'build', platform: 'freebsd-x64', rid: ridFor(hostPlatform()), path: LOCAL_BUILD })
  })

  test('an unsupported platform without the SDK: the message names the platform and what to install', () => {
    const location = locateEngine(machine('freebsd-x64'))
    assert.equal(location.kind, 'missing')
    const { message } = location as { message: string }
    assert.match(message, /cannot load its engine on freebsd-x64: there is no prebuilt engine for it \(prebuilt: linux-x64-gnu, linux-arm64-gnu, .*win32-arm64-msvc\)/)
    assert.match(message, /install the \.NET 10 SDK/)
    assert.match(message, /clang and zlib1g-dev/)
    assert.match(message, /LIVETS_ENGINE_PATH/)
  })

  test('a supported platform whose package is missing says how to reinstall', () => {
    const location = locateEngine(machine('linux-arm64-gnu'))
    assert.match((location as { message: string }).message, /@livets\/engine-linux-arm64-gnu is not installed \(was it installed with --omit=optional/)
  })
})

describe('platform detection', () => {
  test('LIVETS_ENGINE_PLATFORM overrides it', () => {
    assert.equal(enginePlatform({ LIVETS_ENGINE_PLATFORM: 'freebsd-x64' }), 'freebsd-x64')
    assert.equal(enginePlatform({}), hostPlatform())
  })

  test('this machine is one of the platforms or named like them', () => {
    assert.match(hostPlatform(), /^[a-z0-9]+-[a-z0-9]+(-(gnu|musl|msvc))?$/)
  })

  test('.NET runtime identifiers', () => {
    assert.equal(ridFor('linux-x64-gnu'), 'linux-x64')
    assert.equal(ridFor('linux-arm64-musl'), 'linux-musl-arm64')
    assert.equal(ridFor('darwin-arm64'), 'osx-arm64')
    assert.equal(ridFor('win32-x64-msvc'), 'win-x64')
    assert.equal(ridFor('freebsd-x64'), 'freebsd-x64')
  })
})
