// Bundles the browser connector into one minified file and reports its min+gzip size.
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outfile = join(root, 'dist', 'livets-client.js')
await build({
  entryPoints: [join(root, 'src', 'index.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outfile,
  legalComments: 'none',
})
const bytes = readFileSync(outfile)
console.log(`client bundle: ${outfile} ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B min+gzip`)
