// The two ways a new app can be refused before anything is written: a name npm would not accept,
// and a folder that already holds something.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import validatePackageName from 'validate-npm-package-name'

/** Files a fresh folder may already have (made by git, editors or the OS) without counting as used. */
const HARMLESS = new Set(['.git', '.DS_Store', 'Thumbs.db', '.idea', '.vscode', '.gitattributes', 'LICENSE'])

/** Why `name` (the folder's last part) cannot be the package name, or undefined when it can. */
export function packageNameProblem(name: string): string | undefined {
  const { validForNewPackages, errors = [], warnings = [] } = validatePackageName(name)
  if (validForNewPackages) return undefined
  return `"${name}" is not a valid npm package name: ${[...errors, ...warnings].join('; ')}. ` +
    'Use lower-case letters, digits and dashes, e.g. my-app.'
}

/** Why the app cannot be written into `dir`, or undefined when it can. */
export function targetProblem(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined
  if (!statSync(dir).isDirectory()) return `${dir} exists and is a file. Choose another name.`
  const present = readdirSync(dir).filter((entry) => !HARMLESS.has(entry))
  if (present.length === 0) return undefined
  const shown = present.slice(0, 5).join(', ') + (present.length > 5 ? `, and ${present.length - 5} more` : '')
  return `The folder ${dir} already exists and is not empty (${shown}). Choose another name, or empty the folder first.`
}

/** The package name an app in `target` gets: the folder's own name. */
export function nameFromTarget(target: string): string {
  return basename(resolve(target))
}
