import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'
import { lockSubset, type Lockfile } from './helpers/lock-subset.js'

// The Node versions we promise ("engines") are the ones our runtime dependencies support and
// the ones CI runs the whole suite on: the floor, and the current LTS.
const root = join(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string }, dependencies: Record<string, string>, peerDependencies: Record<string, string>
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile
const floor = manifest.engines.node
// Node 24 is the active LTS from October 2025 to October 2026, then in maintenance until April 2028.
const CURRENT_LTS = 24

function ciNodeVersions (): string[] {
  const line = /^NODE_VERSIONS=\(([^)]*)\)$/m.exec(readFileSync(join(root, '.ci/run'), 'utf8'))?.[1]
  return line === undefined ? [] : line.trim().split(/\s+/)
}

describe('the Node versions', () => {
  it('promises no Node version that a runtime dependency does not support', () => {
    // What `npm install fastify-fastapi` brings: our dependencies and the required peers (redoc is optional).
    const installed = lockSubset(lock, { ...manifest.dependencies, fastify: '*', zod: '*' })
    const narrower = Object.entries(installed)
      .filter(([, entry]) => typeof (entry.engines as { node?: string } | undefined)?.node === 'string')
      .filter(([, entry]) => !semver.subset(floor, (entry.engines as { node: string }).node))
      .map(([path, entry]) => `${path.slice(path.lastIndexOf('node_modules/') + 13)}@${entry.version}: ${(entry.engines as { node: string }).node}`)
    expect(narrower, `engines.node is ${floor}`).toEqual([])
  })

  it('runs the whole suite in CI on the floor of engines and on the current LTS', () => {
    const versions = ciNodeVersions()
    expect(versions.map((version) => semver.major(version))).toEqual([semver.minVersion(floor)?.major, CURRENT_LTS])
    for (const version of versions) expect(semver.satisfies(version, floor), version).toBe(true)
  })
})
