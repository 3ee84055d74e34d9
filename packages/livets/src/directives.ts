// Directive expressions (ts-text, ts-show, ts-class, ts-model), evaluated against the view's state
// at each render. The engine parsed them once, when their template compiled, and hands over the
// tree as JSON (Directive.cs, Expression.cs); here each tree becomes a closure, once per template.
// Nothing is evaluated as code: a path reads own properties only, step by step.

type Ast = [string, ...any[]]
type Evaluate = (state: unknown) => unknown

export type DirectiveKind = 'Text' | 'Show' | 'If' | 'Class' | 'ModelValue' | 'ModelChecked' | 'ModelRadio'

export interface CompiledDirective {
  kind: DirectiveKind
  /** The directive's value for this state, as the engine expects it for its kind. */
  value(state: unknown): string | boolean
}

const hasOwn = Object.prototype.hasOwnProperty

/** Reads a path: a missing step gives undefined (as `a?.b` would), never an error. */
function readPath(state: unknown, segments: string[]): unknown {
  let value: unknown = state
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !hasOwn.call(value, segment)) return undefined
    value = (value as Record<string, unknown>)[segment]
  }
  return value
}

function compile(ast: Ast): Evaluate {
  const [op, ...args] = ast
  switch (op) {
    case 'p': return (state) => readPath(state, args as string[])
    case 'v': { const literal = args[0]; return () => literal }
    case '!': { const operand = compile(args[0]); return (s) => !operand(s) }
    case '?': { const [test, yes, no] = (args as Ast[]).map(compile); return (s) => (test(s) ? yes(s) : no(s)) }
    case '{}': {
      const entries = (args as Array<[string, Ast]>).map(([name, value]) => [name, compile(value)] as const)
      return (s) => entries.filter(([, value]) => value(s)).map(([name]) => name).join(' ')
    }
  }
  const [left, right] = (args as Ast[]).map(compile)
  switch (op) {
    case '&&': return (s) => left(s) && right(s)
    case '||': return (s) => left(s) || right(s)
    case '==': return (s) => left(s) === right(s)
    case '!=': return (s) => left(s) !== right(s)
    case '<': return (s) => (left(s) as number) < (right(s) as number)
    case '<=': return (s) => (left(s) as number) <= (right(s) as number)
    case '>': return (s) => (left(s) as number) > (right(s) as number)
    case '>=': return (s) => (left(s) as number) >= (right(s) as number)
  }
  throw new Error(`LiveTS: the engine sent an expression this version cannot evaluate (${op})`)
}

const asText = (value: unknown): string => (value === null || value === undefined || value === false ? '' : String(value))

/** Compiles the engine's JSON for one template's directives. */
export function compileDirectives(json: string): CompiledDirective[] {
  return (JSON.parse(json) as Array<[DirectiveKind, Ast, string | null]>).map(([kind, ast, argument]) => {
    const evaluate = compile(ast)
    switch (kind) {
      case 'Text':
      case 'ModelValue': return { kind, value: (s) => asText(evaluate(s)) }
      // The hidden attribute while falsy (no inline style: strict CSP); the framework's stylesheet makes it win.
      case 'Show': return { kind, value: (s) => !evaluate(s) }
      case 'If':
      case 'ModelChecked': return { kind, value: (s) => Boolean(evaluate(s)) }
      case 'ModelRadio': return { kind, value: (s) => asText(evaluate(s)) === argument }
      case 'Class': return {
        kind,
        value: (s) => [argument, evaluate(s) as string].filter(Boolean).join(' '),
      }
    }
  })
}
