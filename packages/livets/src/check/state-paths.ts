// Paths into the view's state that directives read or write (`ts-model="form.email"`,
// `ts-text="user.name"`, `ts-class="{ 'done': todo.done }"`), checked against the State type of
// LiveView<State>. The expressions are parsed by the engine (Templates/Expressions), the same
// parser a render uses; this file only walks the tree it returns and the TypeScript types.
import ts from 'typescript'
import type { EngineAddon } from '@livets/engine'
import { DIRECTIVE_CLASS, DIRECTIVE_IF, DIRECTIVE_SHOW, DIRECTIVE_TEXT, EVENT_MODEL_PREFIX } from '@livets/client/protocol'

type Ast = [string, ...unknown[]]

/** Directives whose value is an expression over the state, and the element to compile one on. */
const EXPRESSION_DIRECTIVES = new Map([
  [DIRECTIVE_TEXT, 'b'], [DIRECTIVE_SHOW, 'b'], [DIRECTIVE_CLASS, 'b'], [DIRECTIVE_IF, 'b'], [EVENT_MODEL_PREFIX, 'input'],
])

/** The directive an attribute name is (ts-model.number → ts-model), if it takes an expression. */
export function expressionDirective(name: string): string | undefined {
  const base = name.split('.')[0]
  return EXPRESSION_DIRECTIVES.has(base) ? base : undefined
}

/** Every state path the attribute's expression reads, as its engine parses it (an invalid one: none; the engine's error says why). */
export function expressionPaths(engine: EngineAddon, name: string, value: string): string[][] {
  const directive = expressionDirective(name)
  if (!directive) return []
  const quoted = value.replace(/"/g, '&quot;')
  let json: string
  try {
    json = engine.templateDirectives(engine.compileTemplate([`<${EXPRESSION_DIRECTIVES.get(directive)} ${name}="${quoted}">`]))
  } catch {
    return []
  }
  const paths: string[][] = []
  const walk = (node: unknown): void => {
    if (!Array.isArray(node)) return
    const [op, ...args] = node as Ast
    if (op === 'p') paths.push(args as string[])
    else if (op === '{}') for (const entry of args as Array<[string, unknown]>) walk(entry[1])
    else if (op !== 'v') for (const arg of args) walk(arg)
  }
  for (const [, ast] of JSON.parse(json) as Array<[string, unknown, unknown]>) walk(ast)
  return paths
}

/** The non-nullish members of a type (a union's, or the type itself). */
function members(type: ts.Type): ts.Type[] {
  const all = type.isUnion() ? type.types : [type]
  return all.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)))
}

const OPEN = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter

/** The types `segment` reads from `types`: none when no member of them has it; 'open' when one is any or unknown. */
function step(checker: ts.TypeChecker, types: readonly ts.Type[], segment: string): ts.Type[] | 'open' {
  const found: ts.Type[] = []
  for (const member of types.flatMap(members)) {
    if (member.flags & OPEN) return 'open'
    const property = checker.getPropertyOfType(member, segment)
    if (property) { found.push(checker.getTypeOfSymbol(property)); continue }
    const numeric = /^\d+$/.test(segment)
    const index = (numeric ? checker.getIndexTypeOfType(member, ts.IndexKind.Number) : undefined) ?? checker.getIndexTypeOfType(member, ts.IndexKind.String)
    if (index) found.push(index)
  }
  return found
}

/** What `types` offer to read: their property names, for an error message. */
function offered(checker: ts.TypeChecker, types: readonly ts.Type[]): string {
  const names = [...new Set(types.flatMap(members).flatMap((member) => checker.getPropertiesOfType(member).map((p) => p.name)))]
  return names.length === 0 ? 'no properties' : names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '')
}

/** Null when `path` reads something `state` has; otherwise what is missing, and what there is instead. */
export function pathProblem(checker: ts.TypeChecker, state: ts.Type, path: readonly string[]): string | null {
  let types: ts.Type[] = [state]
  for (let i = 0; i < path.length; i++) {
    const next = step(checker, types, path[i])
    if (next === 'open') return null
    if (next.length === 0) {
      const where = ['state', ...path.slice(0, i)].join('.')
      if (types.flatMap(members).length === 0) return `${where} is ${types.map((t) => checker.typeToString(t)).join(' | ')}, so it never has '${path[i]}'`
      return `${where} has no '${path[i]}'; it has ${offered(checker, types)}`
    }
    types = next
  }
  return null
}
