// An html`` template as the compiler API sees it: its statics (cooked, as the tag receives them)
// and where each of their characters is in the file, so that a finding inside a template points at
// the right line and column even across escapes (\n, \`, \u{…}) and CRLF line ends.
import ts from 'typescript'

export interface TemplateSource {
  file: ts.SourceFile
  node: ts.TaggedTemplateExpression
  /** The static strings, cooked: what `html` receives at run time. */
  statics: string[]
  /** Where each static's text starts in the file (after the backtick, or after the `}` of a slot). */
  starts: number[]
}

export function templateSource(node: ts.TaggedTemplateExpression): TemplateSource {
  const file = node.getSourceFile()
  const template = node.template
  if (ts.isNoSubstitutionTemplateLiteral(template))
    return { file, node, statics: [template.text], starts: [template.getStart() + 1] }
  const literals = [template.head, ...template.templateSpans.map((span) => span.literal)]
  return { file, node, statics: literals.map((literal) => literal.text), starts: literals.map((literal) => literal.getStart() + 1) }
}

/** Source characters and cooked characters of the escape sequence at `pos` (which is a backslash). */
function escapeAt(text: string, pos: number): [source: number, cooked: number] {
  const next = text[pos + 1]
  if (next === '\r') return [text[pos + 2] === '\n' ? 3 : 2, 0] // a line continuation: no character
  if (next === '\n' || next === '\u2028' || next === '\u2029') return [2, 0]
  if (next === 'x') return [4, 1]
  if (next === 'u') {
    if (text[pos + 2] !== '{') return [6, 1]
    const close = text.indexOf('}', pos)
    return [close - pos + 1, Number.parseInt(text.slice(pos + 3, close), 16) > 0xffff ? 2 : 1]
  }
  return [2, 1]
}

/** The position in the file of cooked character `at` of static `index`. */
export function filePosition(source: TemplateSource, index: number, at: number): number {
  const text = source.file.text
  let pos = source.starts[index]
  for (let cooked = 0; cooked < at;) {
    if (text[pos] === '\\') {
      const [length, produced] = escapeAt(text, pos)
      pos += length
      cooked += produced
    } else if (text[pos] === '\r' && text[pos + 1] === '\n') {
      pos += 2 // a template literal reads CRLF as one \n
      cooked++
    } else {
      pos++
      cooked++
    }
  }
  return pos
}

/** A place in the statics: which static, which cooked character. */
export interface StaticPlace { index: number; at: number }

/**
 * Maps an offset in the statics joined by `separator` (what stands for each slot) to the static
 * and character it falls on; an offset inside a separator is the end of the static before it.
 */
export function placeInJoined(statics: readonly string[], separator: string, offset: number): StaticPlace {
  let start = 0
  for (let index = 0; index < statics.length; index++) {
    const end = start + statics[index].length
    if (offset <= end || index === statics.length - 1) return { index, at: Math.min(offset - start, statics[index].length) }
    start = end + separator.length
    if (offset < start) return { index, at: statics[index].length }
  }
  return { index: 0, at: 0 }
}
