// What a view sends the page besides renders (docs/client.md): client commands (`this.exec`, the
// ts-js grammar, checked here with the client's own parser so a mistake fails the handler that
// made it) and events for the page's hooks (`this.pushEvent`, JSON data). Both go after the render
// of the step that sends them, as numbered frames, so they survive a resume like a PUSH.
import { encodeExec, encodeHookEvent } from '@livets/client/protocol'
import { parseJs } from '@livets/client/js-commands'

export function clientCommandsFrame(commands: string): Uint8Array {
  try {
    parseJs(commands)
  } catch (error) {
    throw new Error(`exec("${commands.length > 80 ? commands.slice(0, 80) + '…' : commands}"): ${(error as Error).message}`)
  }
  return encodeExec(commands)
}

export function hookEventFrame(name: string, payload: unknown): Uint8Array {
  if (typeof name !== 'string' || name === '') throw new Error('pushEvent(name, payload): give the event a name')
  return encodeHookEvent(name, jsonData(payload, `pushEvent('${name}', …): the payload`))
}

/** `value` as JSON, for the page; a value JSON cannot write (a cycle, a BigInt, a function) is an error that says `what` it is. */
export function jsonData(value: unknown, what: string): string {
  let json: string | undefined
  try { json = JSON.stringify(value) } catch (error) { throw new Error(`${what} is not JSON data (${(error as Error).message})`) }
  if (json === undefined) throw new Error(`${what} is not JSON data (a function or a symbol)`)
  return json
}
