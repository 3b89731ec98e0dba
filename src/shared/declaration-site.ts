import { fileURLToPath } from 'node:url'

// This package's own frames are skipped: the site is where the user's code declared the route
// or the dependency.
const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Where the calling code is, as "file:line:column", for messages that must point at a
 * user's line (a route declared twice, an anonymous dependency). The stack is captured at
 * the declaration, and read only if a message needs it: formatting a stack (through source
 * maps, under tsx) cost more than compiling the route.
 */
export class DeclarationSite {
  readonly #error = new Error('site')
  #text: string | undefined

  toString (): string {
    this.#text ??= siteOf(this.#error.stack ?? '')
    return this.#text
  }
}

function siteOf (stack: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const location = /\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?\s*$/.exec(line)?.[1]
    if (location === undefined) continue
    const path = location.startsWith('file://') ? fileURLToPath(location.replace(/:\d+:\d+$/, '')) + location.match(/:\d+:\d+$/)?.[0] : location
    if (path.startsWith(PACKAGE_ROOT + 'src') || path.startsWith(PACKAGE_ROOT + 'plugins') || path.startsWith(PACKAGE_ROOT + 'dist') ||
      path.includes('/node_modules/') || path.startsWith('node:')) continue
    return path.startsWith(PACKAGE_ROOT) ? path.slice(PACKAGE_ROOT.length) : path
  }
  return 'an unknown place'
}
