// A package-lock.json for a scratch app that depends on some packages of ours, cut from our
// own lockfile: the same versions, in the same tree, so `npm ci --offline` installs them from
// npm's cache with no registry query and no newer version than the one our tests ran with.

interface LockedPackage {
  version?: string
  integrity?: string
  resolved?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  optional?: boolean
  [key: string]: unknown
}

export interface Lockfile {
  name?: string
  lockfileVersion: number
  requires?: boolean
  packages: Record<string, LockedPackage>
}

// Node's lookup: `a/node_modules/b` finds `c` in `a/node_modules/b/node_modules/c`, then
// `a/node_modules/c`, then `node_modules/c`.
function locate (packages: Record<string, LockedPackage>, from: string, name: string): string | undefined {
  let base = from
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`
    if (packages[candidate] !== undefined) return candidate
    if (base === '') return undefined
    const cut = base.lastIndexOf('/node_modules/')
    base = cut === -1 ? '' : base.slice(0, cut)
  }
}

/**
 * The entries of `lock` that `dependencies` need, with their own dependencies, at the paths
 * they have in `lock`. An optional dependency missing from the lock (another platform's
 * binary) is left out, as npm does; a required one missing is an error.
 */
export function lockSubset (lock: Lockfile, dependencies: Record<string, string>): Record<string, LockedPackage> {
  const picked: Record<string, LockedPackage> = {}
  const visit = (from: string, needs: Record<string, string>, optional: boolean): void => {
    for (const name of Object.keys(needs)) {
      const path = locate(lock.packages, from, name)
      if (path === undefined) {
        if (optional) continue
        throw new Error(`lockSubset: ${name}, needed by ${from || 'the app'}, is not in the lockfile`)
      }
      if (picked[path] !== undefined) continue
      const entry = lock.packages[path] as LockedPackage
      // Our dev dependencies are the scratch app's own dependencies: drop the flags.
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry
      picked[path] = kept
      visit(path, entry.dependencies ?? {}, false)
      visit(path, entry.optionalDependencies ?? {}, true)
      const peers = Object.keys(entry.peerDependencies ?? {}).filter((peer) => entry.peerDependenciesMeta?.[peer]?.optional !== true)
      visit(path, Object.fromEntries(peers.map((peer) => [peer, '*'])), false)
    }
  }
  visit('', dependencies, false)
  return picked
}
