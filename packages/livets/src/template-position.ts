// Where the engine says a template is wrong. Its compiler counts lines and columns in the template
// as the developer wrote it, with each `${…}` slot written as `${...}` (TemplateCompiler.Position):
// `livets check` turns them into file positions (check/template-errors.ts), and a development page
// shows the lines around them (dev/error-details.ts).

/** How the engine writes a slot when it counts lines and columns. */
export const ENGINE_SLOT = '${...}'
const POSITION = /^template error at line (\d+), column (\d+): ([\s\S]*)$/

export interface TemplatePosition { line: number; column: number; message: string }

/** The line, column and reason of an engine's template error message; undefined for any other message. */
export function templatePosition(message: string): TemplatePosition | undefined {
  const match = POSITION.exec(message)
  return match ? { line: Number(match[1]), column: Number(match[2]), message: match[3] } : undefined
}

/** The offset in `joined` of 1-based `line` and `column`. */
export function offsetOf(joined: string, line: number, column: number): number {
  let offset = 0
  for (let l = 1; l < line; l++) offset = joined.indexOf('\n', offset) + 1
  return offset + column - 1
}

/** A template's lines around an error: what a development page shows under the message. */
export interface TemplateExcerpt {
  line: number
  column: number
  /** The template's lines from a few before the error's to a few after, each with its 1-based number. */
  lines: Array<{ number: number; text: string }>
}

/** The excerpt of `statics` (joined as the engine counts them) around `line`, with `around` lines on each side. */
export function templateExcerpt(statics: readonly string[], line: number, column: number, around = 2): TemplateExcerpt {
  const all = statics.join(ENGINE_SLOT).split('\n')
  const first = Math.max(1, line - around)
  const last = Math.min(all.length, line + around)
  const lines: TemplateExcerpt['lines'] = []
  for (let n = first; n <= last; n++) lines.push({ number: n, text: all[n - 1] })
  return { line, column, lines }
}
