// Plain-string views: the engine parses each render (its own WHATWG tokenizer and tree builder)
// and diffs it against the previous tree. Measured in-process through the addon, on a ~300 KB
// page that changes in one place per render, next to parse5 (a spec-compliant JS parser) parsing
// the same page in the same run: the engine does parse + diff + encode, parse5 only parses.
import { parse } from 'parse5'
import { loadEngine } from '@livets/engine'
import { encodeJoin } from '@livets/client/protocol'
import { round } from '../lib/stats.ts'

const u32 = (n: number): string => String.fromCharCode(n >>> 16, n & 0xffff)
const plainTree = (html: string): string => 'P' + u32(html.length) + html

/** A page of about `bytes` bytes: a table of rows with attributes, entities and nested inline markup; `changed` rows have another label. */
export function samplePage(bytes: number, changed: (row: number) => boolean = () => false): string {
  const rows: string[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const label = changed(i) ? `row ${i} changed` : `row ${i}`
    const row = `<tr id="r${i}" class="${i % 2 ? 'odd' : 'even'}"><td class="id">${i}</td><td><a href="/items/${i}?tab=info&amp;x=1" title="Item &quot;${i}&quot;">${label}</a> &mdash; <em>note</em> &lt;${i % 7}&gt;</td><td><input type="checkbox" name="c${i}"${i % 3 ? ' checked' : ''}></td></tr>\n`
    rows.push(row)
    size += Buffer.byteLength(row)
  }
  return `<main><h1>Report</h1><table><tbody>\n${rows.join('')}</tbody></table><p>end</p></main>`
}

export interface ParseResult extends Record<string, unknown> {
  pageBytes: number
  changeAt: string
  engineParseDiffMBps: number
  parse5ParseMBps: number
  bytesDownPerRender: number
}

export function measureParseDiff(pageBytes: number, renders: number, changeAt: 'middle' | 'top' | 'every' = 'middle'): ParseResult {
  const engine = loadEngine()
  engine.configure('bench-secret-0123456789abcdef', 64 * 1024, 60_000)
  // Renders alternate between the page with one row's label changed and the page without: a change
  // in the middle row is the usual case. The engine resumes the previous parse where both inputs
  // start alike and copies its end where they end alike (docs/architecture.md, "Renders"); a change
  // in the first row leaves only an end to copy, and a change in every row nothing at all: that
  // one measures the parser and the differ on the whole page.
  const rows = samplePage(pageBytes).split('<tr ').length - 1
  const changed = changeAt === 'every' ? () => true : changeAt === 'top' ? (row: number) => row === 0 : (row: number) => row === rows >> 1
  const pages = [samplePage(pageBytes, changed), samplePage(pageBytes)]
  const bytes = Buffer.byteLength(pages[0])
  const [, token] = engine.prerender(plainTree(pages[1]), '{}')
  const id = engine.open()
  engine.receive(id, encodeJoin({ token }))
  engine.render(id, plainTree(pages[1]))
  const trees = pages.map(plainTree)

  for (let i = 0; i < 5; i++) engine.render(id, trees[i % 2]) // warm-up
  let down = 0
  let t = performance.now()
  for (let i = 0; i < renders; i++) down += engine.render(id, trees[i % 2]).length
  const engineSeconds = (performance.now() - t) / 1000

  for (let i = 0; i < 5; i++) parse(pages[i % 2])
  t = performance.now()
  for (let i = 0; i < renders; i++) parse(pages[i % 2])
  const parse5Seconds = (performance.now() - t) / 1000

  engine.close(id)
  return {
    pageBytes: bytes,
    changeAt,
    renders,
    engineParseDiffMBps: round(bytes * renders / engineSeconds / 1e6, 1),
    parse5ParseMBps: round(bytes * renders / parse5Seconds / 1e6, 1),
    bytesDownPerRender: round(down / renders, 1),
  }
}
