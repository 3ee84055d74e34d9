// ts-target="card-7" (docs/components.md) must name a component the app places: `livets check`
// collects the ids of every component(X, { id }) call — literal ids, and template literals as
// patterns (`card-${n}` is card-…) — and reports a ts-target that none of them can be. An id the
// program computes some other way (a variable) could be anything, so then nothing is reported.
import ts from 'typescript'
import { TARGET_VIEW } from '@livets/client/protocol'

/** What the program's component() calls can name; null when some id is computed (anything goes). */
export function placedComponentIds(program: ts.Program): RegExp[] | null {
  const patterns: RegExp[] = []
  let unknown = false
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'component' && node.arguments.length >= 2) {
      const props = node.arguments[1]
      const id = ts.isObjectLiteralExpression(props)
        ? props.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'id')
        : undefined
      if (!id) unknown = true
      else if (ts.isStringLiteralLike(id.initializer)) patterns.push(exactly(id.initializer.text))
      else if (ts.isTemplateExpression(id.initializer)) {
        const t = id.initializer
        patterns.push(new RegExp('^' + [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].map(escape).join('.*') + '$'))
      } else unknown = true
    }
    ts.forEachChild(node, visit)
  }
  for (const file of program.getSourceFiles())
    if (!file.isDeclarationFile && !file.fileName.includes('/node_modules/')) visit(file)
  return unknown ? null : patterns
}

/** Why `target` names no component, or null when it may name one. */
export function targetProblem(target: string, placed: RegExp[] | null): string | null {
  const name = target.trim()
  if (name === TARGET_VIEW || placed === null || placed.some((p) => p.test(name))) return null
  return `names no component: no component(…, { id }) in the program places '${name}' (ids are written component(Card, { id: '${name}' }); '${TARGET_VIEW}' is the view)`
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const exactly = (s: string): RegExp => new RegExp('^' + escape(s) + '$')
