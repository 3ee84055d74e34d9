// The app's views, found statically with the TypeScript compiler API: classes that extend
// LiveView (directly or through a base class), their State type, and the html`` templates each
// one renders — those written in the class and those in functions it calls (a row helper), which
// is where their ts-on handler names and state paths must resolve.
import ts from 'typescript'

export interface View {
  name: string
  declaration: ts.ClassLikeDeclaration
  /** The instance type: its methods are the handlers. */
  type: ts.Type
  /** The type of `this.state`: what directive paths read. */
  state: ts.Type
}

/** Whether `symbol` is the declaration of `name` in livets' own module file `module` (src or dist). */
function isLivetsExport(symbol: ts.Symbol | undefined, name: string, module: string): boolean {
  return symbol?.name === name && (symbol.declarations ?? []).some((d) => new RegExp(`[\\\\/]${module}\\.(d\\.)?ts$`).test(d.getSourceFile().fileName))
}

function resolved(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
}

/** Whether `node` is a call of livets' `html` tag. */
export function isHtmlTemplate(checker: ts.TypeChecker, node: ts.Node): node is ts.TaggedTemplateExpression {
  return ts.isTaggedTemplateExpression(node) && isLivetsExport(resolved(checker, checker.getSymbolAtLocation(node.tag)), 'html', 'html')
}

/** The LiveView base class of `type`, if it has one (through any number of base classes). */
function extendsLiveView(checker: ts.TypeChecker, type: ts.Type, seen = new Set<ts.Type>()): boolean {
  if (seen.has(type)) return false
  seen.add(type)
  for (const base of checker.getBaseTypes(type as ts.InterfaceType) ?? []) {
    const target = (base as ts.TypeReference).target ?? base
    if (isLivetsExport(target.getSymbol(), 'LiveView', 'live-view')) return true
    if (extendsLiveView(checker, target, seen)) return true
  }
  return false
}

/** Every class in the program's own files (not declarations, not node_modules) that is a LiveView. */
export function findViews(program: ts.Program): View[] {
  const checker = program.getTypeChecker()
  const views: View[] = []
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node)) {
        const symbol = node.name ? checker.getSymbolAtLocation(node.name) : undefined
        const type = symbol ? checker.getDeclaredTypeOfSymbol(symbol) : undefined
        const state = type ? checker.getPropertyOfType(type, 'state') : undefined
        if (type && state && extendsLiveView(checker, type))
          views.push({ name: node.name!.text, declaration: node, type, state: checker.getTypeOfSymbol(state) })
      }
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  return views
}

/**
 * The functions of the app an identifier names, when the checker knows them: called (`row(item)`)
 * or handed on (`items.map(row)`), their templates are rendered on the view's behalf.
 */
function functionsNamed(checker: ts.TypeChecker, identifier: ts.Identifier): ts.Node[] {
  const symbol = resolved(checker, checker.getSymbolAtLocation(identifier))
  const found: ts.Node[] = []
  for (const declaration of symbol?.declarations ?? []) {
    if (declaration.getSourceFile().isDeclarationFile) continue
    if (ts.isFunctionLike(declaration)) found.push(declaration)
    else if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isFunctionLike(declaration.initializer)) found.push(declaration.initializer)
  }
  return found
}

/** The html`` templates `view` renders: in its class, and in the functions it names outside it, transitively. */
export function templatesOf(checker: ts.TypeChecker, view: View): ts.TaggedTemplateExpression[] {
  const templates: ts.TaggedTemplateExpression[] = []
  const walked = new Set<ts.Node>()
  const walk = (root: ts.Node): void => {
    if (walked.has(root)) return
    walked.add(root)
    const visit = (node: ts.Node): void => {
      if (isHtmlTemplate(checker, node)) templates.push(node)
      if (ts.isIdentifier(node)) for (const target of functionsNamed(checker, node)) if (!isWithin(target, view.declaration)) walk(target)
      ts.forEachChild(node, visit)
    }
    visit(root)
  }
  walk(view.declaration)
  return templates
}

function isWithin(node: ts.Node, container: ts.Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.pos >= container.pos && node.end <= container.end
}

/** Every html`` template in the program's own files. */
export function allTemplates(program: ts.Program): ts.TaggedTemplateExpression[] {
  const checker = program.getTypeChecker()
  const templates: ts.TaggedTemplateExpression[] = []
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue
    const visit = (node: ts.Node): void => {
      if (isHtmlTemplate(checker, node)) templates.push(node)
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  return templates
}
