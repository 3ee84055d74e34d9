// One procedure for every "validated keystroke" figure (S5, S6): type `keys` keystrokes one after
// another, each awaited, and report bytes both ways and server CPU per keystroke.
import { round } from './stats.ts'

export interface KeystrokeRun {
  keys: number
  /** Bytes sent and received so far on the client's socket. */
  counts(): { up: number; down: number }
  /** The server's CPU seconds so far. */
  cpuSeconds(): number
  keystroke(i: number): Promise<unknown>
  /** Waits for trailing messages (acknowledgements) to cross, before and after the measured part. */
  settle?(): Promise<unknown>
}

export async function measureKeystrokes(run: KeystrokeRun): Promise<Record<string, number>> {
  await run.settle?.()
  const before = { ...run.counts() } // a copy: a client may hand out the counters it keeps updating
  const cpuBefore = run.cpuSeconds()
  for (let i = 0; i < run.keys; i++) await run.keystroke(i)
  await run.settle?.()
  const cpu = run.cpuSeconds() - cpuBefore
  const after = run.counts()
  return {
    keystrokes: run.keys,
    bytesUpPerKeystroke: round((after.up - before.up) / run.keys, 1),
    bytesDownPerKeystroke: round((after.down - before.down) / run.keys, 1),
    serverCpuUsPerKeystroke: round(cpu * 1e6 / run.keys, 1),
  }
}

/** The keystrokes every form scenario types into field `i % fields`: a letter at a time, a clear every 8th round (errors come and go). */
export function typedText(values: string[], i: number): number {
  const at = i % values.length
  values[at] = (i / values.length | 0) % 8 === 7 ? '' : values[at] + 'abcdefgh'[i % 8]
  return at
}
