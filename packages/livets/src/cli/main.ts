// The `livets` command's logic (livets.ts is the executable around it). `livets check` imports the
// checker, and with it the TypeScript compiler, only when it runs (docs/dev-loop.md).
import { existsSync } from 'node:fs'

const USAGE = `usage: livets check [--project tsconfig.json]

  check   reports, as file:line:col message, what the runtime would only find when a page
          renders or a user clicks: template errors (unknown directives and modifiers, bad
          expressions), ts-on handlers the view lacks, and state paths its State type lacks.
          Exits 1 when it finds anything, 2 when it cannot run.`

/** Where the command writes: stdout for findings, stderr for the rest. */
export interface Output { out(line: string): void; err(line: string): void }

const console_: Output = { out: (line) => console.log(line), err: (line) => console.error(line) }

/** Runs `livets <args>`; resolves with the exit code. */
export async function main(args: readonly string[], output: Output = console_): Promise<number> {
  const [command, ...rest] = args
  if (command === '--help' || command === '-h' || command === 'help') { output.out(USAGE); return 0 }
  if (command !== 'check') { output.err(command ? `livets: unknown command '${command}'\n\n${USAGE}` : USAGE); return 2 }
  let project = 'tsconfig.json'
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--project' || rest[i] === '-p') project = rest[++i] ?? ''
    else { output.err(`livets check: unknown option '${rest[i]}'\n\n${USAGE}`); return 2 }
  }
  if (!project || !existsSync(project)) {
    output.err(`livets check: no ${project || 'project'} here; give your tsconfig with --project path/to/tsconfig.json`)
    return 2
  }
  try {
    const { checkProject, formatFinding } = await import('../check/check.ts')
    const findings = checkProject(project)
    for (const finding of findings) output.out(formatFinding(finding))
    if (findings.length > 0) output.err(`livets check: ${findings.length} ${findings.length === 1 ? 'problem' : 'problems'}`)
    return findings.length > 0 ? 1 : 0
  } catch (error) {
    output.err(`livets check: ${(error as Error).message}`)
    return 2
  }
}
