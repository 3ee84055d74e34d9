// What the engine says about a template, before any request: it compiles the statics exactly as a
// render would, so unknown directives and modifiers, malformed expressions and misplaced
// directives are judged by the one implementation the runtime uses (Templates/DirectiveNames.cs,
// the shared vocabulary), not a copy. The engine stops at a template's first error; an error in an
// attribute is blanked out and the template compiled again, so every such error is reported.
import type { EngineAddon } from '@livets/engine'
import { placeInJoined, type StaticPlace } from './template-source.ts'
import type { TemplateAttribute } from './attributes.ts'
import { ENGINE_SLOT, offsetOf, templatePosition } from '../template-position.ts'

export interface TemplateError { place: StaticPlace; message: string }

/** A template with more errors than this is reported in part: fix these first. */
const MAX_ERRORS = 20

/**
 * The engine's errors for the template, each at its place: at the start of the attribute it is
 * about (the engine notices at the attribute's end), else where the engine stopped.
 */
export function templateErrors(engine: EngineAddon, statics: readonly string[], attributes: readonly TemplateAttribute[], slotLength: number): TemplateError[] {
  const errors: TemplateError[] = []
  let current = [...statics]
  for (let round = 0; round < MAX_ERRORS; round++) {
    let message: string
    try {
      engine.compileTemplate(current)
      return errors
    } catch (error) {
      message = (error as Error).message
    }
    const position = templatePosition(message)
    if (!position) { errors.push({ place: { index: 0, at: 0 }, message }); return errors }
    const offset = offsetOf(current.join(ENGINE_SLOT), position.line, position.column)
    const place = placeInJoined(current, ENGINE_SLOT, offset)
    // The same place in the statics joined as attributes.ts joins them (one character per slot).
    const joinedAt = current.slice(0, place.index).reduce((sum, s) => sum + s.length + slotLength, 0) + place.at
    const attribute = attributes.find((a) => a.span[0] <= joinedAt && joinedAt <= a.span[1] + 1)
    errors.push({ place: attribute?.start ?? place, message: position.message })
    if (!attribute) return errors
    current = blank(current, attribute.span, slotLength)
  }
  return errors
}

/** The statics with the characters of `span` (offsets in the statics joined with slots of `slotLength`) turned into spaces. */
function blank(statics: readonly string[], [from, to]: [number, number], slotLength: number): string[] {
  let start = 0
  return statics.map((text) => {
    const end = start + text.length
    const a = Math.max(from, start) - start
    const b = Math.min(to, end) - start
    start = end + slotLength
    return a < b ? text.slice(0, a) + ' '.repeat(b - a) + text.slice(b) : text
  })
}
