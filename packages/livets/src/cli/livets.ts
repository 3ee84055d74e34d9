#!/usr/bin/env node
// The `livets` executable (package.json "bin"): docs/dev-loop.md.
import { main } from './main.ts'

process.exitCode = await main(process.argv.slice(2))
