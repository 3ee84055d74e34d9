// `livets check`: what the runtime would only find out when a page renders or a user clicks,
// found at build time with the TypeScript compiler API (docs/dev-loop.md):
//
// - every template error the engine reports (unknown directives and modifiers, malformed
//   expressions, directives in the wrong place), each at its file:line:col;
// - every ts-on:* handler name the view has no method for (and no handleEvent), and the same for
//   the handlers a ts-hook-events attribute and a ts-js push command name (docs/client.md);
// - every state path a directive reads or writes (ts-model, ts-text, ts-show, ts-class, ts-if)
//   that the view's State type does not have.
import { relative, resolve } from 'node:path'
import ts from 'typescript'
import { DIRECTIVE_HOOK_EVENTS, DIRECTIVE_JS, DIRECTIVE_ON, DIRECTIVE_TARGET, TARGET_VIEW } from '@livets/client/protocol'
import { parseJs } from '@livets/client/js-commands'
import { getEngine } from '../engine.ts'
import { BUILT_IN_HANDLERS, RESERVED_HANDLER_NAMES } from '../live-view.ts'
import { SLOT, directiveAttributes, type TemplateAttribute } from './attributes.ts'
import { expressionPaths, pathProblem } from './state-paths.ts'
import { templateErrors } from './template-errors.ts'
import { filePosition, templateSource, type StaticPlace, type TemplateSource } from './template-source.ts'
import { allTemplates, findViews, templatesOf, type View } from './views.ts'
import { placedComponentIds, targetProblem } from './targets.ts'

export interface Finding {
  file: string
  /** 1-based, as editors count. */
  line: number
  column: number
  message: string
}

/** One template, read once however many views render it. */
interface Template { source: TemplateSource; attributes: TemplateAttribute[] }

function findingAt(source: TemplateSource, place: StaticPlace, message: string): Finding {
  const position = filePosition(source, place.index, place.at)
  const { line, character } = source.file.getLineAndCharacterOfPosition(position)
  return { file: source.file.fileName, line: line + 1, column: character + 1, message }
}

/** Whether `symbol` is declared by a class of the app (not by LiveView itself). */
const declaredByApp = (symbol: ts.Symbol): boolean =>
  (symbol.declarations ?? []).some((d) => !/[\\/]live-view\.(d\.)?ts$/.test(d.getSourceFile().fileName))

/** The view's own methods: what a ts-on attribute may name. */
function handlers(checker: ts.TypeChecker, view: View): ts.Symbol[] {
  return checker.getPropertiesOfType(view.type).filter((property) => declaredByApp(property)
    && checker.getTypeOfSymbol(property).getCallSignatures().length > 0)
}

/** Null when a ts-on attribute naming `name` reaches code of the view at run time (session.ts's event()). */
function handlerProblem(checker: ts.TypeChecker, view: View, name: string): string | null {
  if (BUILT_IN_HANDLERS.has(name)) return null
  const methods = handlers(checker, view)
  if (methods.some((m) => m.name === 'handleEvent')) return null
  if (RESERVED_HANDLER_NAMES.has(name))
    return `${name} is a LiveView method, never called for an event; name the handler something else (or add handleEvent(name, payload))`
  if (methods.some((m) => m.name === name)) return null
  const names = methods.map((m) => m.name).filter((n) => !RESERVED_HANDLER_NAMES.has(n))
  return `${view.name} has no method ${name}(payload), and no handleEvent(name, payload) to fall back on; ` +
    (names.length === 0 ? 'it has no methods' : `its methods: ${names.join(', ')}`)
}

/**
 * The handler names an attribute calls: a ts-on's handler, a ts-hook-events list, the events of a
 * ts-js's push commands (a ts-js that does not parse is the engine's to report); null for others.
 */
function handlerNames(attribute: TemplateAttribute): string[] | null {
  if (attribute.name.startsWith(DIRECTIVE_ON)) return [attribute.value.trim()]
  if (attribute.name === DIRECTIVE_HOOK_EVENTS) return attribute.value.split(/\s+/).filter(Boolean)
  if (attribute.name === DIRECTIVE_JS || attribute.name.startsWith(DIRECTIVE_JS + ':')) {
    try {
      return parseJs(attribute.value).flatMap((command) => (command.name === 'push' ? [String(command.args[0])] : []))
    } catch {
      return []
    }
  }
  return null
}

/** The state paths of each directive value, parsed once however many views render its template. */
type PathsOf = (name: string, value: string) => string[][]

/** The checks against one view's types, for one template it renders. */
function checkAgainstView(pathsOf: PathsOf, checker: ts.TypeChecker, view: View, template: Template): Finding[] {
  const findings: Finding[] = []
  for (const attribute of template.attributes) {
    if (attribute.dynamic) continue // the engine refuses a ${…} in a directive: reported with its errors
    const written = `${attribute.name}="${attribute.value}"`
    const names = handlerNames(attribute)
    if (names) {
      // An element whose ts-target names a component sends its events there, not to the view.
      if (template.attributes.some((a) => a.element === attribute.element && a.name === DIRECTIVE_TARGET && a.value.trim() !== TARGET_VIEW)) continue
      for (const name of names) {
        const problem = handlerProblem(checker, view, name)
        if (problem) findings.push(findingAt(template.source, attribute.valueStart, `${written}: ${problem}`))
      }
      continue
    }
    for (const path of pathsOf(attribute.name, attribute.value)) {
      const problem = pathProblem(checker, view.state, path)
      if (!problem) continue
      const at = Math.max(0, attribute.value.indexOf(path.join('.')))
      findings.push(findingAt(template.source, { index: attribute.valueStart.index, at: attribute.valueStart.at + at }, `${written}: ${view.name}'s ${problem}`))
    }
  }
  return findings
}

/** Checks the views and templates of `program`'s own files; `files` narrows the report to those. */
export function checkProgram(program: ts.Program, files?: readonly string[]): Finding[] {
  const engine = getEngine()
  const checker = program.getTypeChecker()
  const templates = new Map<ts.TaggedTemplateExpression, Template>()
  const read = (node: ts.TaggedTemplateExpression): Template => {
    let template = templates.get(node)
    if (!template) {
      const source = templateSource(node)
      templates.set(node, (template = { source, attributes: directiveAttributes(source.statics) }))
    }
    return template
  }
  const paths = new Map<string, string[][]>()
  const pathsOf: PathsOf = (name, value) => {
    const key = `${name}\0${value}`
    let found = paths.get(key)
    if (!found) paths.set(key, (found = expressionPaths(engine, name, value)))
    return found
  }
  const findings: Finding[] = []
  for (const node of allTemplates(program)) {
    const template = read(node)
    for (const error of templateErrors(engine, template.source.statics, template.attributes, SLOT.length))
      findings.push(findingAt(template.source, error.place, error.message))
  }
  for (const view of findViews(program))
    for (const node of templatesOf(checker, view)) findings.push(...checkAgainstView(pathsOf, checker, view, read(node)))
  const placed = placedComponentIds(program)
  for (const node of allTemplates(program)) {
    const template = read(node)
    for (const attribute of template.attributes) {
      if (attribute.name !== DIRECTIVE_TARGET || attribute.dynamic) continue
      const problem = targetProblem(attribute.value, placed)
      if (problem) findings.push(findingAt(template.source, attribute.valueStart, `${attribute.name}="${attribute.value}" ${problem}`))
    }
  }

  const wanted = files && new Set(files.map((file) => resolve(file)))
  const seen = new Set<string>()
  return findings
    .filter((f) => !wanted || wanted.has(resolve(f.file)))
    .filter((f) => { const key = `${f.file}:${f.line}:${f.column}:${f.message}`; return !seen.has(key) && seen.add(key) })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
}

/** Loads the project of `tsconfig` (its files and compiler options) and checks it. */
export function checkProject(tsconfig: string): Finding[] {
  const path = resolve(tsconfig)
  const config = ts.readConfigFile(path, ts.sys.readFile)
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, resolve(path, '..'), undefined, path)
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'))
  return checkProgram(ts.createProgram(parsed.fileNames, parsed.options))
}

/** `file:line:col message`, the file relative to `cwd`: what editors and terminals link. */
export function formatFinding(finding: Finding, cwd = process.cwd()): string {
  return `${relative(cwd, finding.file)}:${finding.line}:${finding.column} ${finding.message}`
}
