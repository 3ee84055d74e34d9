// The ts-js grammar (docs/client.md): `show('#menu').addClass('open', '#btn')` — commands chained
// with dots, each with quoted strings and whole numbers as arguments. Parsed here, never evaluated;
// the engine parses the same grammar (Templates/JsCommands.cs) to refuse mistakes in templates,
// and protocol/test-vectors.json ("jsCommands") holds examples both check.
import { JS_COMMANDS } from './protocol.ts'

export type JsCommandName = (typeof JS_COMMANDS)[number]
export type JsArg = string | number
export interface JsCommand { name: JsCommandName; args: JsArg[] }

interface Param { name: string; kind: 'text' | 'number'; optional?: boolean; mayBeEmpty?: boolean }

const target: Param = { name: 'target', kind: 'text', optional: true }

/** Each command's parameters, in order; an optional one whose kind does not fit the argument is skipped. */
const SIGNATURES: Record<JsCommandName, Param[]> = {
  show: [target],
  hide: [target],
  toggle: [target],
  addClass: [{ name: 'classes', kind: 'text' }, target],
  removeClass: [{ name: 'classes', kind: 'text' }, target],
  toggleClass: [{ name: 'classes', kind: 'text' }, target],
  setAttr: [{ name: 'name', kind: 'text' }, { name: 'value', kind: 'text', mayBeEmpty: true }, target],
  removeAttr: [{ name: 'name', kind: 'text' }, target],
  focus: [target],
  dispatch: [{ name: 'event', kind: 'text' }, target],
  transition: [{ name: 'classes', kind: 'text' }, { name: 'ms', kind: 'number', optional: true }, target],
  push: [{ name: 'event', kind: 'text' }],
}

const describe = (params: Param[]): string => params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')

class Reader {
  at = 0
  constructor(private readonly text: string) {}
  get done(): boolean { return this.at >= this.text.length }
  private found(): string { return this.done ? ' (the value ended)' : `, found '${this.text[this.at]}'` }
  space(): void { while (!this.done && /\s/.test(this.text[this.at])) this.at++ }
  peek(c: string): boolean { return this.text[this.at] === c }
  expect(c: string, what: string): void {
    if (!this.peek(c)) throw new Error(`ts-js: expected ${what} at ${this.at}${this.found()}`)
    this.at++
  }
  identifier(): string {
    const start = this.at
    while (!this.done && /[A-Za-z]/.test(this.text[this.at])) this.at++
    if (start === this.at) throw new Error(`ts-js: expected a command name at ${start}${this.found()}`)
    return this.text.slice(start, this.at)
  }
  /** A quoted string ('…' or "…", with \ escaping the next character) or a whole number. */
  argument(): JsArg {
    if (/[0-9]/.test(this.text[this.at] ?? '')) {
      const start = this.at
      while (/[0-9]/.test(this.text[this.at] ?? '')) this.at++
      if (this.at - start > 9) throw new Error(`ts-js: the number at ${start} is too large`)
      return Number(this.text.slice(start, this.at))
    }
    const quote = this.text[this.at]
    if (quote !== "'" && quote !== '"') throw new Error(`ts-js: expected a quoted string or a number at ${this.at}${this.done ? ' (the value ended)' : ''}`)
    this.at++
    let value = ''
    for (;;) {
      if (this.done) throw new Error('ts-js: a string is not closed')
      let c = this.text[this.at++]
      if (c === quote) return value
      if (c === '\\') {
        if (this.done) throw new Error('ts-js: a string is not closed')
        c = this.text[this.at++]
      }
      value += c
    }
  }
}

function bind(name: JsCommandName, params: Param[], args: JsArg[]): JsArg[] {
  let p = 0
  for (const arg of args) {
    const kind = typeof arg === 'string' ? 'text' : 'number'
    while (p < params.length && params[p].optional && params[p].kind !== kind) p++
    if (p === params.length) throw new Error(`ts-js: ${name}() takes ${describe(params)}; got ${args.length} argument(s)`)
    const param = params[p++]
    if (param.kind !== kind) throw new Error(`ts-js: ${name}()'s ${param.name} is a ${param.kind === 'text' ? 'quoted string' : 'number of milliseconds'}`)
    if (arg === '' && !param.mayBeEmpty) throw new Error(`ts-js: ${name}()'s ${param.name} is empty`)
  }
  for (; p < params.length; p++) if (!params[p].optional) throw new Error(`ts-js: ${name}() needs its ${params[p].name}: ${name}(${describe(params)})`)
  return args
}

function command(reader: Reader): JsCommand {
  const at = reader.at
  const name = reader.identifier()
  // Own names only: 'constructor' is no command.
  const params = Object.prototype.hasOwnProperty.call(SIGNATURES, name) ? SIGNATURES[name as JsCommandName] : undefined
  if (!params) throw new Error(`ts-js: unknown command '${name}' at ${at}; known: ${JS_COMMANDS.join(', ')}`)
  reader.space()
  reader.expect('(', `'(' after ${name}`)
  const args: JsArg[] = []
  reader.space()
  if (!reader.peek(')')) {
    for (;;) {
      reader.space()
      args.push(reader.argument())
      reader.space()
      if (reader.peek(')')) break
      reader.expect(',', "',' or ')'")
    }
  }
  reader.expect(')', "')'")
  return { name: name as JsCommandName, args: bind(name as JsCommandName, params, args) }
}

/** Parses a ts-js value; throws an Error saying what is wrong and where. */
export function parseJs(text: string): JsCommand[] {
  const reader = new Reader(text)
  const commands: JsCommand[] = []
  reader.space()
  if (reader.done) throw new Error('ts-js needs commands, like ts-js="show(\'#menu\')"')
  for (;;) {
    commands.push(command(reader))
    reader.space()
    if (reader.done) return commands
    reader.expect('.', "'.' between commands")
    reader.space()
  }
}

/** Parsed values by text (a page has few distinct ones); a value that does not parse is reported once and then ignored. */
const parsed = new Map<string, JsCommand[] | null>()
const MAX_CACHED = 500

/** parseJs, once per distinct value; null (after one console error) when it does not parse. */
export function commandsOf(text: string): JsCommand[] | null {
  let commands = parsed.get(text)
  if (commands !== undefined) return commands
  try {
    commands = parseJs(text)
  } catch (error) {
    console.error(`LiveTS: ${(error as Error).message} (in "${text}"; ignored)`)
    commands = null
  }
  if (parsed.size >= MAX_CACHED) parsed.clear()
  parsed.set(text, commands)
  return commands
}
