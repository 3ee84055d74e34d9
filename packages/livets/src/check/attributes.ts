// The ts-* attributes a template writes, with where each is, read with parse5 (an HTML parser
// made for the job, with source locations). Slots stand in as one private-use character, so an
// attribute value that holds a ${…} is seen as dynamic.
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5'
import { placeInJoined, type StaticPlace } from './template-source.ts'

/** What stands for each ${…} while parsing: one character no template writes. */
export const SLOT = '\uE000'
/** Content of <template> accepts anything (<tr>, <li>, <option>) the way a template's own place would. */
const WRAP_OPEN = '<template>'

export interface TemplateAttribute {
  /** Lower case, as HTML reads it. */
  name: string
  value: string
  /** Whether the value holds a ${…}. */
  dynamic: boolean
  /** Where the attribute (its name) starts, and where its value starts. */
  start: StaticPlace
  valueStart: StaticPlace
  /** The attribute's span in the statics joined by SLOT: [start, end). */
  span: [number, number]
  /** Which element of the template it is on (attributes of one element share the number). */
  element: number
}

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

/** Every ts-* attribute of the template whose statics are `statics`, in document order. */
export function directiveAttributes(statics: readonly string[]): TemplateAttribute[] {
  const joined = statics.join(SLOT)
  const fragment = parseFragment(WRAP_OPEN + joined + '</template>', { sourceCodeLocationInfo: true })
  const found: TemplateAttribute[] = []
  let elements = 0
  const visit = (node: Node): void => {
    const element = node as Element
    if (element.attrs) {
      elements++
      for (const attr of element.attrs) {
        const location = element.sourceCodeLocation?.attrs?.[attr.name]
        if (!attr.name.startsWith('ts-') || !location) continue
        const start = location.startOffset - WRAP_OPEN.length
        const end = location.endOffset - WRAP_OPEN.length
        const written = joined.slice(start, end)
        const equals = written.indexOf('=')
        let valueOffset = end
        if (equals >= 0) {
          valueOffset = start + equals + 1
          while (/\s/.test(joined[valueOffset] ?? '')) valueOffset++
          if (joined[valueOffset] === '"' || joined[valueOffset] === "'") valueOffset++
        }
        found.push({
          name: attr.name,
          value: attr.value,
          dynamic: attr.value.includes(SLOT),
          start: placeInJoined(statics, SLOT, start),
          valueStart: placeInJoined(statics, SLOT, valueOffset),
          span: [start, end],
          element: elements,
        })
      }
    }
    const content = (node as DefaultTreeAdapterMap['template']).content
    for (const child of [...(content?.childNodes ?? []), ...((node as Element).childNodes ?? [])]) visit(child)
  }
  visit(fragment)
  return found
}
