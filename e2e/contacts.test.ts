// examples/contacts in Chromium: a zod-validated form whose errors show once a field is used, a
// save that shows its loading state (a 500 ms handler), a flash that survives a reload, and an
// avatar upload whose progress bar moves while 20 MB stream over the live connection.
import { after, before, beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, serveApp, settled, type Served } from './browser.ts'

// The example's save waits this long (its stand-in for a database), so the loading state can be seen.
process.env.SAVE_DELAY_MS = '500'
// Upload temporary files go here, to see them come and go.
const uploadRoot = mkdtempSync(join(tmpdir(), 'livets-contacts-e2e-'))
process.env.TMPDIR = uploadRoot
const partFiles = (): string[] => readdirSync(uploadRoot, { recursive: true }).map(String).filter((name) => name.endsWith('.part'))

let browser: Browser
let served: Served
let page: Page

before(async () => {
  const { app } = await import('../examples/contacts/src/app.ts')
  served = await serveApp(app)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await served?.server.close()
  rmSync(uploadRoot, { recursive: true, force: true })
})
beforeEach(async () => {
  await page?.close()
  page = await browser.newPage()
  await page.goto(served.url)
  await settled(page)
})

const errorOf = (id: string) => page.evaluate((fieldId) => {
  const field = document.getElementById(fieldId)!
  const describedBy = field.getAttribute('aria-describedby')
  return { invalid: field.getAttribute('aria-invalid'), message: describedBy ? document.getElementById(describedBy)?.textContent ?? null : null }
}, id)

async function fillValid(name: string): Promise<void> {
  await page.fill('#contact_name', name)
  await page.fill('#contact_email', `${name.toLowerCase()}@example.com`)
  await page.fill('#contact_age', '37')
  await page.fill('#contact_address_city', 'Paris')
  await page.fill('#contact_address_zip', '75001')
  await settled(page)
}

describe('the contact form', () => {
  test('errors show only for fields the user used, tied to the field with aria; a submit shows them all', async () => {
    assert.deepEqual(await errorOf('contact_email'), { invalid: null, message: null })
    await page.locator('#contact_email').pressSequentially('ann@')
    await settled(page)
    assert.deepEqual(await errorOf('contact_email'), { invalid: 'true', message: 'Enter an email address like ann@example.com' })
    assert.deepEqual(await errorOf('contact_name'), { invalid: null, message: null }) // not used yet
    await page.locator('#contact_email').pressSequentially('example.com')
    await settled(page)
    assert.deepEqual(await errorOf('contact_email'), { invalid: null, message: null })
    await page.fill('#contact_age', '-3')
    await settled(page)
    assert.equal((await errorOf('contact_age')).message, 'Age cannot be negative')
    await page.click('#save')
    await settled(page)
    assert.equal((await errorOf('contact_name')).message, 'Enter a name')
    assert.equal((await errorOf('contact_address_city')).message, 'Enter a city')
    assert.equal((await errorOf('contact_address_zip')).message, 'Enter 4 or 5 digits')
    assert.equal(await page.inputValue('#contact_email'), 'ann@example.com') // what was typed stays
  })

  test('a save shows its loading state while the 500 ms handler runs, then a flash; the list has the contact', async () => {
    await fillValid('Grace')
    await page.click('#save')
    // In flight: the form carries the loading classes, the button is disabled and says so.
    const during = await page.evaluate(() => {
      const form = document.getElementById('contact-form')!
      const button = document.getElementById('save') as HTMLButtonElement
      return { classes: [...form.classList].sort(), disabled: button.disabled, text: button.textContent }
    })
    assert.deepEqual(during, { classes: ['ts-loading', 'ts-submit-loading'], disabled: true, text: 'Saving…' })
    await page.waitForSelector('.ts-flash-info')
    await settled(page)
    const afterwards = await page.evaluate(() => {
      const button = document.getElementById('save') as HTMLButtonElement
      return { classes: document.getElementById('contact-form')!.className, disabled: button.disabled, text: button.textContent }
    })
    assert.deepEqual(afterwards, { classes: '', disabled: false, text: 'Save' })
    assert.equal(await page.textContent('.ts-flash-info'), 'Saved Grace')
    assert.ok((await page.locator('.contact-name').allTextContents()).includes('Grace'))
    assert.equal(await page.inputValue('#contact_name'), '') // a fresh form
  })

  test('a flash survives a reload (a signed cookie) until a click clears it', async () => {
    await fillValid('Alan')
    await page.click('#save')
    await page.waitForSelector('.ts-flash-info')
    await page.reload()
    await settled(page)
    assert.equal(await page.textContent('.ts-flash-info'), 'Saved Alan')
    await page.click('.ts-flash-info')
    await settled(page)
    assert.equal(await page.locator('.ts-flash').count(), 0)
    await page.reload()
    await settled(page)
    assert.equal(await page.locator('.ts-flash').count(), 0)
  })

  test('editing fills the form with the contact; the edit is saved', async () => {
    await page.locator('.contact-list li', { hasText: 'Ada Lovelace' }).getByRole('button', { name: 'Edit' }).click()
    await settled(page)
    assert.equal(await page.inputValue('#contact_address_city'), 'London')
    await page.fill('#contact_address_city', 'Cambridge')
    await page.click('#save')
    await page.waitForSelector('.ts-flash-info')
    await settled(page)
    assert.match((await page.locator('.contact-list li', { hasText: 'Ada Lovelace' }).textContent())!, /Cambridge/)
  })
})

describe('the avatar upload', () => {
  test('a 20 MB file streams with a moving progress bar, and is saved with the contact; its temporary file goes', async () => {
    const size = 20 * 1024 * 1024
    // Watch the progress bar from inside the page, so that no value goes unseen.
    await page.evaluate(() => {
      const seen: number[] = []
      ;(window as unknown as { seen: number[] }).seen = seen
      new MutationObserver(() => {
        const bar = document.querySelector('progress')
        if (bar && seen[seen.length - 1] !== Number(bar.value)) seen.push(Number(bar.value))
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    })
    await page.setInputFiles('#avatar', { name: 'portrait.png', mimeType: 'image/png', buffer: Buffer.alloc(size, 7) })
    await page.waitForFunction(() => document.querySelector('.upload-progress')?.textContent === '100%', undefined, { timeout: 60_000 })
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen)
    const between = seen.filter((value) => value > 0 && value < 100)
    assert.ok(between.length >= 5, `the bar moved through ${JSON.stringify(seen)}`)
    assert.deepEqual(between, [...between].sort((a, b) => a - b))
    assert.equal(await page.textContent('.upload-size'), '21.0 MB')
    assert.equal(partFiles().length, 1)
    await fillValid('Hedy')
    await page.click('#save')
    await page.waitForSelector('.ts-flash-info')
    await settled(page)
    const src = await page.locator('.contact-list li', { hasText: 'Hedy' }).locator('img.avatar').getAttribute('src')
    const served_ = await fetch(new URL(src!, served.url))
    assert.equal((await served_.arrayBuffer()).byteLength, size)
    assert.deepEqual(partFiles(), [])
  })

  test('a file of the wrong type shows an error before a byte is sent; cancel removes it', async () => {
    await page.setInputFiles('#avatar', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
    await page.waitForSelector('.upload .ts-field-error')
    assert.equal(await page.textContent('.upload .ts-field-error'), 'notes.txt: this type of file is not accepted (image/*)')
    await page.click('.upload-cancel')
    await settled(page)
    assert.equal(await page.locator('.upload').count(), 0)
  })

  test('cancel in the middle of an upload removes the entry and its partial file', async () => {
    await page.setInputFiles('#avatar', { name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(20 * 1024 * 1024, 1) })
    await page.waitForSelector('.upload-cancel')
    await page.click('.upload-cancel')
    await settled(page)
    assert.equal(await page.locator('.upload').count(), 0)
    for (let i = 0; i < 50 && partFiles().length > 0; i++) await page.waitForTimeout(20)
    assert.deepEqual(partFiles(), [])
    assert.deepEqual(served.logs.filter((line) => /failed|threw|could not/.test(line)), [])
  })
})
