// What a development page shows about a failure of application code (docs/dev-loop.md, "The error
// overlay"): the view, the step, the message, the stack — whose lines are the `.ts` sources' when
// source maps are on (tsx turns them on; plain node needs --enable-source-maps) — and, for a
// template the engine refused, the template's lines around the error. Built only in development:
// production pages never receive any of it.
import { RenderError } from '../render-tree.ts'
import type { TemplateExcerpt } from '../template-position.ts'

export interface StackFrame {
  /** The frame as the stack writes it, without the leading "at ". */
  text: string
  /** A frame in a dependency (node_modules) rather than in the app's own code. */
  library: boolean
}

export interface ErrorDetails {
  view: string
  /** The step that failed: `Counter.increment()`, `Counter.render()`, `Counter.mount()`. */
  phase: string
  message: string
  stack: StackFrame[]
  /** For a template the engine refused: the template's lines around the error. */
  template?: TemplateExcerpt
  /** An async step given up on after the handler timeout. */
  timedOut: boolean
  /** The view's saved state did not fit the code that runs now, so the view was mounted afresh. */
  remounted: boolean
}

/** At most this many frames: the app's code is near the top, and a page is not a log file. */
const MAX_FRAMES = 30

export function errorDetails(view: string, phase: string, error: unknown, flags: { timedOut?: boolean; remounted?: boolean } = {}): ErrorDetails {
  const message = error instanceof Error ? error.message : String(error)
  const template = error instanceof RenderError ? error.template : undefined
  // A template error's stack is the framework compiling it; its lines say where it is.
  const stack = template ? [] : stackFrames(error)
  const details: ErrorDetails = { view, phase, message, stack, timedOut: flags.timedOut ?? false, remounted: flags.remounted ?? false }
  if (template) details.template = template
  return details
}

/** The frames of `error.stack`, without Node's own (node:internal) ones. */
export function stackFrames(error: unknown): StackFrame[] {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : ''
  const frames: StackFrame[] = []
  for (const line of stack.split('\n')) {
    const match = /^\s+at (.*)$/.exec(line)
    if (!match || /\bnode:/.test(match[1])) continue
    frames.push({ text: match[1], library: /[\\/]node_modules[\\/]/.test(match[1]) })
    if (frames.length === MAX_FRAMES) break
  }
  return frames
}
