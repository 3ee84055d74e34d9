// The `livets` executable (packages/livets/livets.js runs it; docs/dev-loop.md).
import { main } from './main.ts'

process.exitCode = await main(process.argv.slice(2))
