#!/usr/bin/env node
// The `livets` command (docs/dev-loop.md). A file that is there before the build, so that npm links
// the command on install; its code is compiled to dist/ by `npm run build`.
import './dist/cli/livets.js'
