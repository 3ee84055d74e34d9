// The new app's package.json: its scripts depend on the choices (Tailwind or not, which package
// manager runs them), its dependencies are ordinary semver ranges.
import type { PackageManager } from './options.ts'

export interface ManifestChoices {
  name: string
  tailwind: boolean
  packageManager: PackageManager
  /** The LiveTS version this tool belongs to (create-livets-app is released with livets). */
  livetsVersion: string
}

const TAILWIND_IN = 'src/app.css'
export const TAILWIND_OUT = 'public/app.css'

export function appManifest({ name, tailwind, packageManager, livetsVersion }: ManifestChoices): Record<string, unknown> {
  const server = 'tsx watch --clear-screen=false src/server.ts'
  const css = `tailwindcss -i ${TAILWIND_IN} -o ${TAILWIND_OUT}`
  // run-p (npm-run-all2) runs both watchers with the package manager that started it, labels
  // their output, and stops both when one fails.
  const scripts: Record<string, string> = tailwind
    ? {
        dev: 'run-p --print-label dev:css dev:app',
        'dev:css': `${css} --watch=always`,
        'dev:app': server,
        build: `tsc && ${css} --minify`,
      }
    : { dev: server, build: 'tsc' }
  scripts.start = 'cross-env NODE_ENV=production node dist/server.js'
  scripts.test = 'node --import tsx --test test/*.test.ts'

  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20.16' },
    scripts,
    dependencies: {
      '@hono/node-server': '^1.19.0',
      'cross-env': '^10.0.0',
      hono: '^4.9.0',
      livets: `^${livetsVersion}`,
      zod: '^4.1.0',
    },
    devDependencies: {
      '@types/node': '^20.19.0',
      ...(tailwind ? { '@tailwindcss/cli': '^4.1.0', 'npm-run-all2': '^8.0.4', tailwindcss: '^4.1.0' } : {}),
      tsx: '^4.20.0',
      typescript: '~5.9.3',
    },
  }
}
