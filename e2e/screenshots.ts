// Screenshots the docs show (docs/images/). Every test that takes one checks it is a real picture;
// it replaces the one in docs/ only with LIVETS_UPDATE_SCREENSHOTS=1 (`npm run screenshots`), so a
// plain test run leaves the working tree as it was (its pictures go to $TMPDIR/livets-screenshots).
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'

export const SCREENSHOTS_DIR = fileURLToPath(new URL('../docs/images/', import.meta.url))
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47]

/** Where a plain test run puts its pictures: one folder, overwritten by every run. */
const SCRATCH_DIR = join(tmpdir(), 'livets-screenshots')

/** Takes a PNG of the page's viewport; returns where it was written. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.LIVETS_UPDATE_SCREENSHOTS === '1' ? SCREENSHOTS_DIR : SCRATCH_DIR
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  const png = await page.screenshot({ path })
  assert.deepEqual([...png.subarray(0, 4)], PNG_SIGNATURE)
  assert.ok(png.length > 10_000, `${name}: a picture with something in it (${png.length} bytes)`)
  return path
}
