import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface PackageInfo {
  /** The folder holding the package's package.json (and its templates/). */
  root: string
  name: string
  version: string
}

/**
 * The package a file belongs to: the nearest package.json at or above `from`. The CLI runs
 * from bin/ in this repo and from dist/bin/ once built, one folder deeper: both find the
 * package's root, its name and its version this way.
 */
export function packageInfo (from: string): PackageInfo {
  let folder = from
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder)
    if (parent === folder) throw new Error(`No package.json at or above ${from}: run the CLI from its package.`)
    folder = parent
  }
  const { name, version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name: string, version: string }
  return { root: folder, name, version }
}
