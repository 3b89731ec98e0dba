// The manifest as published: `npm pack` and `npm publish` run `strip` before packing and
// `restore` after. The "source" export condition points at the TypeScript sources, which this
// repo's tests, templates and scripts run from; the tarball ships dist/ only, so an installed
// package that kept the condition would send `--conditions=source` (or a bundler or tsconfig
// that sets it for its own monorepo) to files that are not there.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const manifest = join(import.meta.dirname, '..', 'package.json')
// The developer's manifest, kept while the stripped one is packed.
const kept = join(import.meta.dirname, '..', '.package.json.unpacked')

function strip () {
  // A pack that failed before `restore` left the developer's manifest here: start from it.
  const text = existsSync(kept) ? readFileSync(kept, 'utf8') : readFileSync(manifest, 'utf8')
  writeFileSync(kept, text)
  const pkg = JSON.parse(text)
  for (const target of Object.values(pkg.exports)) {
    if (typeof target === 'object' && target !== null) delete target.source
  }
  writeFileSync(manifest, JSON.stringify(pkg, null, 2) + '\n')
}

function restore () {
  if (existsSync(kept)) renameSync(kept, manifest)
}

const command = process.argv[2]
if (command === 'strip') strip()
else if (command === 'restore') restore()
else throw new Error(`pack-manifest: expected strip or restore, got ${command}`)
