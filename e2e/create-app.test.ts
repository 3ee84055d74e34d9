// From nothing to a running app, as a user gets it: every package packed with `npm pack`, an app
// created by create-livets-app from its tarball, installed from the tarballs and the npm cache
// (--prefer-offline) with `dotnet` off PATH (so the engine must come from the prebuilt platform
// package), then its own `npm test`, `npm run build`, `npm start` clicked in Chromium, and
// `npm run dev` showing an edit without a manual reload. Also: the no-Tailwind template, an
// unsupported platform's message, and the build from source when the .NET SDK is there.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { hostPlatform } from '../packages/engine/src/platforms.ts'
import { launchBrowser, settled } from './browser.ts'
import { Background, createFromTarballs, dependencyRanges, freePort, packPackages, runChecked } from './packed.ts'
import { saveScreenshot } from './screenshots.ts'

const PLATFORM = hostPlatform()
const skip = PLATFORM === 'linux-x64-gnu' ? false : `packs the linux-x64-gnu engine package; this machine is ${PLATFORM}`

const work = mkdtempSync(join(tmpdir(), 'livets-create-'))
const packs = join(work, 'packs')
const app = join(work, 'my-app')
let tarballs: Record<string, string> = {}
let browser: Browser

/** PATH with every folder that holds `dotnet` replaced by a copy (of links) without it. */
function pathWithoutDotnet(): string {
  return (process.env.PATH ?? '').split(delimiter).map((dir, i) => {
    if (!existsSync(join(dir, 'dotnet'))) return dir
    const shadow = join(work, `path-${i}`)
    mkdirSync(shadow)
    for (const entry of readdirSync(dir)) if (entry !== 'dotnet') symlinkSync(join(dir, entry), join(shadow, entry))
    return shadow
  }).join(delimiter)
}

/** The environment a user's shell has: no test-runner or LiveTS variables, and no dotnet. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (/^(NODE_TEST_|LIVETS_|NODE_ENV$|NODE_OPTIONS$|npm_)/.test(name)) delete env[name]
  return { ...env, PATH: noDotnet, ...extra }
}
let noDotnet = ''

/** Runs a command as the user would; fails the test with its output if it fails. */
const run = (command: string, args: string[], cwd: string, env = userEnv()) => runChecked(command, args, cwd, env)

/** Creates an app from the create-livets-app tarball and installs it from the tarballs. */
function createAndInstall(name: string, flags: string[]): string {
  const { dir } = createFromTarballs(tarballs, work, name, flags, userEnv())
  assert.equal(dependencyRanges(dir).livets, '^0.1.0', 'the app asks for livets by semver range')
  return dir
}

before(async () => {
  if (skip) return
  noDotnet = pathWithoutDotnet()
  mkdirSync(packs)
  tarballs = packPackages(packs)
  assert.deepEqual(Object.keys(tarballs).sort(), ['@livets/client', '@livets/engine', '@livets/engine-linux-x64-gnu', 'create-livets-app', 'livets'])
  createAndInstall('my-app', ['--template', 'full'])
  browser = await launchBrowser()
}, { timeout: 600_000 })

after(async () => {
  await browser?.close()
  rmSync(work, { recursive: true, force: true })
})

describe('an app created from the packed packages', { skip }, () => {
  test('dotnet is off PATH, and the engine comes from the prebuilt platform package', () => {
    assert.equal(spawnSync('dotnet', ['--version'], { env: userEnv() }).error?.message.includes('ENOENT'), true)
    const where = run('node', ['-e', 'import("@livets/engine").then((m) => console.log(JSON.stringify(m.locateEngine())))'], app)
    assert.match(where, /"from":"platform package"/)
    assert.match(where, /node_modules\/@livets\/engine-linux-x64-gnu\/livets_engine\.node/)
  })

  test('its own npm test passes', () => {
    const output = run('npm', ['test'], app)
    assert.match(output, /# pass 6/)
    assert.match(output, /# fail 0/)
  })

  test('npm run build compiles JavaScript and minified CSS', () => {
    run('npm', ['run', 'build'], app)
    assert.ok(existsSync(join(app, 'dist/server.js')))
    const css = readFileSync(join(app, 'public/app.css'), 'utf8')
    assert.match(css, /\.bg-indigo-600\{/, 'the classes of the views are built')
    assert.ok(css.split('\n').length < 10, 'minified')
  })

  test('npm start serves it with plain node in production; Chromium clicks the view and sees it update', async () => {
    const port = await freePort()
    const server = new Background('npm', ['start'], app, userEnv({ PORT: String(port), LIVETS_SECRET: 'create-app-test-secret-0123456789' }))
    let page: Page | undefined
    try {
      await server.waitFor(new RegExp(`my-app on http://localhost:${port}`))
      assert.match(server.output, /node dist\/server\.js/)
      assert.doesNotMatch(server.output, /tsx/)
      page = await browser.newPage({ viewport: { width: 1100, height: 720 } })
      await page.goto(`http://127.0.0.1:${port}/`)
      await settled(page)
      assert.equal(await page.locator('script[src="/_livets/dev.js"]').count(), 0, 'no development mode in production')
      // Designed, not default-styled: Tailwind's classes apply.
      const plus = page.getByRole('button', { name: 'increment' })
      assert.match(await page.evaluate(() => getComputedStyle(document.body).fontFamily), /sans-serif/, 'Tailwind\'s font, not the browser\'s serif default')
      assert.notEqual(await plus.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgba(0, 0, 0, 0)')
      await saveScreenshot(page, 'create-livets-app.png')
      await plus.click()
      await plus.click()
      await page.waitForFunction(() => document.querySelector('#count')?.textContent === '2')
      await page.fill('#step', '10')
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Count by 10')
      await plus.click()
      await page.waitForFunction(() => document.querySelector('#count')?.textContent === '12')
      await page.fill('#step', 'lots')
      await page.waitForFunction(() => document.querySelector('#step-error')?.textContent === 'Enter a number')

      // The guestbook: an entry signed in one tab appears in another.
      const other = await browser.newPage()
      await other.goto(`http://127.0.0.1:${port}/guestbook`)
      await settled(other)
      await page.goto(`http://127.0.0.1:${port}/guestbook`)
      await settled(page)
      await page.fill('#name', 'Ada')
      await page.fill('#message', 'Signed in Chromium')
      await page.getByRole('button', { name: 'Sign' }).click()
      await other.waitForFunction(() => document.querySelector('#entries')?.textContent?.includes('Signed in Chromium'))
      await other.close()
    } finally {
      await page?.close()
      await server.stop()
    }
  })

  test('npm run dev: an edited view and its new classes show in the browser, with the count it had', async () => {
    const port = await freePort()
    const dev = new Background('npm', ['run', 'dev'], app, userEnv({ PORT: String(port) }))
    const view = join(app, 'src/views/counter.ts')
    const original = readFileSync(view, 'utf8')
    let page: Page | undefined
    try {
      await dev.waitFor(new RegExp(`my-app on http://localhost:${port}`))
      page = await browser.newPage()
      await page.goto(`http://127.0.0.1:${port}/`)
      await settled(page)
      assert.equal(await page.locator('script[src="/_livets/dev.js"]').count(), 1)
      const eyebrow = page.locator('section > p').first()
      const colorBefore = await eyebrow.evaluate((p) => getComputedStyle(p).color)
      await page.getByRole('button', { name: 'increment' }).click()
      await page.waitForFunction(() => document.querySelector('#count')?.textContent === '1')
      await page.evaluate(() => { (window as unknown as { before: boolean }).before = true })
      const edited = original.replace('tracking-wider text-indigo-600">Live counter<', 'tracking-wider text-emerald-700">Edited while running<')
      assert.notEqual(edited, original)
      writeFileSync(view, edited)
      await page.waitForFunction(() => document.body.textContent?.includes('Edited while running'), undefined, { timeout: 30_000 })
      assert.equal(await page.evaluate(() => (window as unknown as { before?: boolean }).before), true, 'the page was not reloaded')
      await settled(page)
      assert.equal(await page.textContent('#count'), '1', 'the view kept its state across the restart')
      // emerald-700 was in no stylesheet before: Tailwind rebuilt it and the page has it.
      await page.waitForFunction((before) => getComputedStyle(document.querySelector('section > p')!).color !== before, colorBefore, { timeout: 30_000 })
      await page.getByRole('button', { name: 'increment' }).click()
      await page.waitForFunction(() => document.querySelector('#count')?.textContent === '2')
    } finally {
      writeFileSync(view, original)
      await page?.close()
      await dev.stop()
    }
  })

  test('the minimal template with plain CSS installs, tests and builds', () => {
    const dir = createAndInstall('plain-app', ['--template', 'minimal', '--no-tailwind'])
    assert.match(run('npm', ['test'], dir), /# pass 4/)
    run('npm', ['run', 'build'], dir)
    assert.ok(existsSync(join(dir, 'dist/server.js')))
    assert.equal(existsSync(join(dir, 'node_modules/tailwindcss')), false, 'no Tailwind installed')
  })

  test('an unsupported platform without the .NET SDK: npm start stops with the documented message', () => {
    const result = spawnSync('npm', ['start'], { cwd: app, env: userEnv({ LIVETS_ENGINE_PLATFORM: 'freebsd-x64', PORT: '0' }), encoding: 'utf8', timeout: 60_000 })
    assert.notEqual(result.status, 0)
    assert.match(result.stderr, /LiveTS cannot load its engine on freebsd-x64: there is no prebuilt engine for it \(prebuilt: linux-x64-gnu, linux-arm64-gnu/)
    assert.match(result.stderr, /install the \.NET 10 SDK/)
    assert.match(result.stderr, /Or set LIVETS_ENGINE_PATH/)
  })

  test('with the .NET SDK on PATH, a platform without a prebuilt package builds the engine from source', () => {
    const env = userEnv({ LIVETS_ENGINE_PLATFORM: 'freebsd-x64', PATH: process.env.PATH })
    const output = run('node', ['-e', 'import("@livets/engine").then((m) => { m.loadEngine(); console.log(JSON.stringify(m.locateEngine())) })'], app, env)
    assert.match(output, /no prebuilt engine for freebsd-x64: building it from source for linux-x64/)
    assert.match(output, /"from":"local build"/)
    assert.ok(existsSync(join(app, 'node_modules/@livets/engine/build/livets_engine.node')))
    // And the app runs on it.
    assert.match(run('npm', ['test'], app, env), /# pass 6/)
  })
})
