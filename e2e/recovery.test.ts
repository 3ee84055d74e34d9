// Nothing typed is lost across a server restart: examples/contacts runs as a real child process;
// while text is typed it gets SIGTERM and is started again with the same LIVETS_SECRET and session
// file. The page reconnects, the view is restored, every form sends back what it holds (auto-
// recover), and the focused field keeps its text, caret and selection — including what was typed
// while the server was down.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { SESSION_FRESH } from '@livets/client/protocol'
import { assertRestored, launchBrowser, recordJoins, settled } from './browser.ts'

const serverScript = fileURLToPath(new URL('../examples/contacts/src/server.ts', import.meta.url))
const tsx = import.meta.resolve('tsx')
const workDir = mkdtempSync(join(tmpdir(), 'livets-recovery-'))
const secret = 'recovery-test-secret-0123456789abcdef'

let browser: Browser
let child: ChildProcess | undefined
/** What the example processes printed, shown when a test fails. */
let serverOutput = ''
let port = 0

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })
}

/** Starts the example as its own process (cwd: a scratch folder, so its session file lives there) and waits until it listens. */
function startServer(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--conditions=livets-source', '--import', tsx, serverScript], {
    cwd: workDir,
    env: { ...process.env, PORT: String(port), LIVETS_SECRET: secret, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (data: Buffer): void => {
      output += data
      serverOutput += data
      if (output.includes('LiveTS contacts on')) resolve(proc)
    }
    proc.stdout!.on('data', onData)
    proc.stderr!.on('data', (data: Buffer) => { output += data; serverOutput += data })
    proc.once('exit', (code) => reject(new Error(`the example exited with ${code} before listening:\n${output}`)))
  })
}

function stopServer(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.once('exit', () => resolve())
    proc.kill('SIGTERM')
  })
}

before(async () => {
  port = await freePort()
  child = await startServer()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  if (child && child.exitCode === null) await stopServer(child)
  rmSync(workDir, { recursive: true, force: true })
})

const status = (page: Page) => page.evaluate(() => ({ ...window.LiveTS!.connection.status }))

/** Waits until the page has joined again after `joins` joins (a restarted server takes a while to listen). */
function rejoined(page: Page, joins: number): Promise<unknown> {
  return page.waitForFunction((before) => window.LiveTS!.connection.status.joins > before && window.LiveTS!.connection.status.connected, joins, { timeout: 20_000 })
}

/** A graceful restart of the server under an open page: the modes of the page's joins until it settled again. */
async function restartedUnder(page: Page): Promise<number[]> {
  const joinsBefore = (await status(page)).joins
  const joins = await recordJoins(page)
  await stopServer(child!)
  child = await startServer()
  await rejoined(page, joinsBefore)
  await settled(page)
  return joins()
}

/** Waits for the save's flash; when it does not come, the error says what the form held and showed instead. */
async function savedFlash(page: Page): Promise<string | null> {
  try {
    await page.waitForSelector('.ts-flash-info', { timeout: 10_000 })
  } catch (error) {
    const form = await page.evaluate(() => ({
      values: Object.fromEntries([...document.querySelectorAll<HTMLInputElement>('#contact-form input[name]')].map((input) => [input.name, input.value])),
      errors: [...document.querySelectorAll('#contact-form .ts-field-error')].map((e) => e.textContent),
      status: window.LiveTS!.connection.status,
    }))
    throw new Error(`${(error as Error).message}\nform: ${JSON.stringify(form)}\nserver output:\n${serverOutput}`)
  }
  return page.textContent('.ts-flash-info')
}

test('a restart while typing loses nothing: values, used fields and their errors, the focused field’s caret and selection', async () => {
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${port}/`)
  await settled(page)
  await page.locator('#contact_name').pressSequentially('Grace Hopper')
  await page.locator('#contact_email').pressSequentially('grace@')
  await page.locator('#contact_address_zip').pressSequentially('123')
  await page.locator('#contact_address_city').pressSequentially('New Yo')
  await settled(page)
  assert.equal(await page.getAttribute('#contact_email', 'aria-invalid'), 'true')
  const joinsBefore = (await status(page)).joins
  const joins = await recordJoins(page)

  // The server goes down (gracefully: its checkpoints are written to the session file) …
  await stopServer(child!)
  // … while the user goes on typing, and selects part of what they typed.
  await page.locator('#contact_address_city').pressSequentially('rk')
  await page.evaluate(() => (document.getElementById('contact_address_city') as HTMLInputElement).setSelectionRange(4, 8, 'backward'))
  child = await startServer()

  await rejoined(page, joinsBefore)
  await settled(page)
  assertRestored(await joins())
  const fields = await page.evaluate(() => {
    const city = document.getElementById('contact_address_city') as HTMLInputElement
    const [name, email, zip] = ['contact_name', 'contact_email', 'contact_address_zip'].map((id) => (document.getElementById(id) as HTMLInputElement).value)
    return { name, email, zip, city: city.value, focused: document.activeElement === city, selection: [city.selectionStart, city.selectionEnd, city.selectionDirection] }
  })
  assert.deepEqual(fields, { name: 'Grace Hopper', email: 'grace@', zip: '123', city: 'New York', focused: true, selection: [4, 8, 'backward'] })
  // The validation state matches: the fields used before the restart still show their errors, the others do not.
  assert.equal(await page.getAttribute('#contact_email', 'aria-invalid'), 'true')
  assert.equal(await page.getAttribute('#contact_address_zip', 'aria-invalid'), 'true')
  assert.equal(await page.getAttribute('#contact_age', 'aria-invalid'), null)

  // And the restarted server holds what was typed: finishing the form saves it.
  await page.locator('#contact_email').press('End')
  await page.locator('#contact_email').pressSequentially('navy.mil')
  await page.locator('#contact_address_zip').press('End')
  await page.locator('#contact_address_zip').pressSequentially('45')
  await settled(page)
  await page.click('#save')
  assert.equal(await savedFlash(page), 'Saved Grace Hopper')
  assert.match((await page.locator('.contact-list li', { hasText: 'Grace Hopper' }).textContent())!, /grace@navy\.mil\s+New York/)

  // The flash belongs to the session: it survives the next restart too.
  assertRestored(await restartedUnder(page))
  assert.equal(await page.textContent('.ts-flash-info'), 'Saved Grace Hopper')
  await page.close()
})

test('a page left alone through a restart kept no checkpoint: it mounts afresh from its URL and goes on; once changed, the next restart restores it', async () => {
  // Arrange: a page that loaded and did nothing.
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${port}/`)
  await settled(page)

  // Act: a graceful restart (its session file is written, without this page).
  const modes = await restartedUnder(page)

  // Assert: the same view, mounted afresh, and it works.
  assert.equal(modes[0], SESSION_FRESH, `joins since the restart: ${modes}`)
  await page.locator('#contact_name').pressSequentially('Dorothy')
  await settled(page)
  assertRestored(await restartedUnder(page))
  assert.equal(await page.inputValue('#contact_name'), 'Dorothy')
  await page.close()
})

test('a crash (SIGKILL: no checkpoint written) mounts the view afresh, and recovery alone brings back what was typed', async () => {
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${port}/`)
  await settled(page)
  await page.locator('#contact_name').pressSequentially('Katherine')
  await settled(page)
  const joinsBefore = (await status(page)).joins
  await new Promise<void>((resolve) => { child!.once('exit', () => resolve()); child!.kill('SIGKILL') })
  child = await startServer()
  await rejoined(page, joinsBefore)
  await settled(page)
  assert.equal(await page.inputValue('#contact_name'), 'Katherine')
  await page.locator('#contact_email').pressSequentially('kj@nasa.gov')
  await page.locator('#contact_address_city').pressSequentially('Hampton')
  await page.locator('#contact_address_zip').pressSequentially('23666')
  await settled(page)
  await page.click('#save')
  assert.equal(await savedFlash(page), 'Saved Katherine')
  await page.close()
})
