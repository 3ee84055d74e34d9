// The command line: every question has a flag, so the tool runs unattended (CI, scripts, tests).
import { parseArgs } from 'node:util'

export const TEMPLATES = ['minimal', 'full'] as const
export type Template = (typeof TEMPLATES)[number]
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'bun'] as const
export type PackageManager = (typeof PACKAGE_MANAGERS)[number]

/** What the command line said; undefined = not said (ask, or take the default). */
export interface CliAnswers {
  name?: string
  template?: Template
  tailwind?: boolean
  install?: boolean
  packageManager?: PackageManager
  help: boolean
  version: boolean
}

export const USAGE = `Usage: npm create livets-app@latest [name] -- [options]
       create-livets-app [name] [options]

Creates a LiveTS app in the folder <name>. Asks for what is not given when run in a terminal.

Options:
  --template minimal|full           minimal: one live view; full: adds a guestbook form with zod
                                    and live updates across tabs (default: minimal)
  --no-tailwind                     plain CSS instead of Tailwind
  --no-install                      do not install dependencies
  --package-manager npm|pnpm|bun    which one installs and runs scripts (default: the one running this)
  -h, --help                        this text
  -v, --version                     this tool's version
`

export class UsageError extends Error {}

export function parseCli(argv: string[]): CliAnswers {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      allowNegative: true,
      options: {
        template: { type: 'string' },
        tailwind: { type: 'boolean' },
        install: { type: 'boolean' },
        'package-manager': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (positionals.length > 1) throw new UsageError(`one app name, please (got ${positionals.join(', ')})`)
  return {
    name: positionals[0],
    template: oneOf('--template', values.template, TEMPLATES),
    tailwind: values.tailwind,
    install: values.install,
    packageManager: oneOf('--package-manager', values['package-manager'], PACKAGE_MANAGERS),
    help: values.help ?? false,
    version: values.version ?? false,
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`)
}

/** The package manager that runs this tool (npm create / pnpm create / bun create), else npm. */
export function runningPackageManager(userAgent = process.env.npm_config_user_agent ?? ''): PackageManager {
  const name = userAgent.split('/')[0]
  return (PACKAGE_MANAGERS as readonly string[]).includes(name) ? (name as PackageManager) : 'npm'
}
