// The html`` tag: statics (the same frozen array on every call) and this render's values.
// The engine compiles the statics once and diffs the values (docs/design.md §2.3).

/** What html`` returns: render it from render(), or nest it in another template. */
export class TemplateResult {
  constructor(readonly statics: TemplateStringsArray, readonly values: readonly unknown[]) {}
}

/** Trusted markup, written without escaping. Never pass user input. */
export class RawHtml {
  constructor(readonly html: string) {}
}

export function html(statics: TemplateStringsArray, ...values: unknown[]): TemplateResult {
  return new TemplateResult(statics, values)
}

/** Marks markup as trusted: it is inserted as HTML instead of being escaped as text. */
export function raw(markup: string): RawHtml {
  return new RawHtml(String(markup))
}

/** What render() may return: a template, or a plain HTML string the engine parses and diffs. */
export type Renderable = TemplateResult | string
