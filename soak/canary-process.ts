// The canary in a process of its own (soak/canary.ts), so that what the other clients of a part do in
// the soak client's event loop does not delay its clicks: only the server can. Driven over IPC.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startCanary, type Canary } from './canary.ts'

type Taken = ReturnType<Canary['take']>

/** Starts a canary process clicking `url` at `clicksPerSecond`. */
export async function forkCanary(url: string, clicksPerSecond: number): Promise<{ take(): Promise<Taken>; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [url, String(clicksPerSecond)], { execArgv: ['--import', 'tsx'] })
  const replies: Array<(message: unknown) => void> = []
  child.on('message', (message) => replies.shift()?.(message))
  const ask = <T>(command: string) => new Promise<T>((resolve) => { replies.push(resolve as (m: unknown) => void); child.send(command) })
  await ask('ready')
  return {
    take: () => ask<Taken>('take'),
    async stop() { await ask('stop'); await new Promise((resolve) => child.once('exit', resolve)) },
  }
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const canary = await startCanary(process.argv[2], Number(process.argv[3]))
  process.on('message', async (command: string) => {
    if (command === 'ready') process.send!('ready')
    if (command === 'take') process.send!(canary.take())
    if (command === 'stop') { await canary.stop(); process.send!('stopped', () => process.exit(0)) }
  })
}
