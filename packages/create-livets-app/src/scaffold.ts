// Writes a new LiveTS app: the minimal template, the full template's files over it when asked for,
// the Tailwind input or a ready stylesheet, and a package.json made for the choices.
import { cpSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TAILWIND_OUT, appManifest } from './manifest.ts'
import type { PackageManager, Template } from './options.ts'
import { packageNameProblem, targetProblem } from './validate.ts'

/** The package's root: src/ and dist/ are both one level below it. */
const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TEMPLATES = join(PACKAGE_ROOT, 'templates')

export interface AppChoices {
  /** The folder to create; its last part is the package name. */
  dir: string
  name: string
  template: Template
  tailwind: boolean
  packageManager: PackageManager
}

export class ScaffoldError extends Error {}

/** This tool's version, which is also the livets version its apps depend on. */
export function ownVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version
}

/** Writes the app; returns the files written, relative to `dir`. Refuses a bad name or a used folder. */
export function createApp(choices: AppChoices): string[] {
  const problem = packageNameProblem(choices.name) ?? targetProblem(choices.dir)
  if (problem) throw new ScaffoldError(problem)
  const { dir, template, tailwind } = choices
  mkdirSync(dir, { recursive: true })
  cpSync(join(TEMPLATES, 'minimal'), dir, { recursive: true })
  if (template === 'full') cpSync(join(TEMPLATES, 'full'), dir, { recursive: true })
  if (tailwind) cpSync(join(TEMPLATES, 'tailwind'), dir, { recursive: true })
  else writeFileSync(join(dir, TAILWIND_OUT), plainStylesheet(template))
  // npm leaves .gitignore files out of packages, so the template keeps it as "gitignore".
  renameSync(join(dir, 'gitignore'), join(dir, '.gitignore'))
  if (tailwind) writeFileSync(join(dir, '.gitignore'), readFileSync(join(dir, '.gitignore'), 'utf8') + `# built by Tailwind\n${TAILWIND_OUT}\n`)

  const manifest = appManifest({ name: choices.name, tailwind, packageManager: choices.packageManager, livetsVersion: ownVersion() })
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n')
  const words = placeholders(choices)
  const written = listFiles(dir)
  for (const file of written) {
    const path = join(dir, file)
    const text = readFileSync(path, 'utf8')
    const filled = text.replace(/__[A-Z_]+__/g, (word) => words[word] ?? word)
    if (filled !== text) writeFileSync(path, filled)
  }
  return written
}

function placeholders({ name, tailwind, packageManager }: AppChoices): Record<string, string> {
  return {
    __APP_NAME__: name,
    __RUN__: packageManager === 'npm' ? 'npm run' : packageManager,
    __DEV_CSS__: tailwind ? '; Tailwind rebuilds the CSS and the page swaps it in' : '; editing `public/app.css` swaps it into the page',
    __BUILD_CSS__: tailwind ? ' and builds the minified CSS into `public/app.css`' : '',
    __CSS_LINE__: tailwind
      ? 'src/app.css         Tailwind\'s input: the classes in your html`` templates are found and built'
      : 'public/app.css      the stylesheet (plain CSS; it starts with the utility classes the views use)',
  }
}

/** --no-tailwind: the CSS Tailwind made from the template's views when this tool was built. */
function plainStylesheet(template: Template): string {
  const css = readFileSync(join(PACKAGE_ROOT, 'dist', 'plain-css', `${template}.css`), 'utf8')
  return '/* Plain CSS: the utility classes the starter views use. Edit it, or add Tailwind later. */\n' + css
}

function listFiles(dir: string, under = dir): string[] {
  return readdirSync(under, { withFileTypes: true }).flatMap((entry) => {
    const path = join(under, entry.name)
    return entry.isDirectory() ? listFiles(dir, path) : [relative(dir, path)]
  })
}
