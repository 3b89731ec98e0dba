import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Layers only import downward: what two folders share sits on a floor below both, as
// Fastify's lib/symbols.js does. Every import of src/ and plugins/ is read (types too: a
// type is knowledge of the other folder), and the folders they join must make no circle.

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BARREL = 'src/index.ts'
const PACKAGE_NAME = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string }).name

// The floors of src/, bottom to top: a folder imports only folders on floors below its own.
// A new folder goes on the floor above everything it imports; one not listed here is held
// to the rule against circles alone.
const FLOORS: ReadonlyArray<readonly string[]> = [
  ['shared'], //      symbols, codes, options, statuses, OpenAPI's types: imports no folder
  ['errors'], //      HTTPException, the 422's items, the error handlers
  ['uploads'], //     files: File(), UploadFile, multipart reading, limits, storage
  ['inputs'], //      every kind of request input: reading, coercion, zod, JSON Schema, body parsers
  ['background', 'responses'],
  ['depends'], //     reads inputs, runs background cleanup
  ['routing', 'security', 'rate-limit', 'caching', 'idempotency', 'middleware'], // routing compiles a route from inputs, depends and responses; security: schemes, tokens, sessions, passwords; rate limits, caches and Idempotency-Keys as dependencies; middleware: CORS, gzip, hosts, headers, HTTP middleware, request ids
  ['docs', 'jobs', 'webhooks', 'websockets', 'client'], // docs reads what routing and depends compiled; jobs: job types, routes (an APIRouter), backends, the CPU pool; webhooks: verifiers, the raw-body scope, processed events; websockets: channels, typed messages, rooms, AsyncAPI; client: the typed client, from routing's types
  ['cli'], //         `fastify-fastapi new`: templates copied into new projects; on top, as the templates are
]

// The preset registers the other plugins, by their entries; no plugin imports another's files.
const PRESET = 'plugins/fastapi'

interface Import { from: string, to: string }

function sourceFiles (folder: string): string[] {
  const files: string[] = []
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (path.endsWith('.ts')) files.push(relative(ROOT, path))
    }
  }
  walk(join(ROOT, folder))
  return files
}

// `import ... from`, `export ... from` and `import '...'` at the start of a line (so an
// example in a comment is not one), the clause before `from` holding only names, braces,
// commas and `*`; and `import('...')` anywhere.
const SPECIFIERS = [
  /^(?:import|export)\s+(?:type\s+)?[\w\s{},*$]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
]

function importsOf (file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const imports: Import[] = []
  for (const pattern of SPECIFIERS) {
    for (const [, specifier] of text.matchAll(pattern)) {
      if (specifier === undefined) continue
      if (specifier === PACKAGE_NAME || specifier.startsWith(`${PACKAGE_NAME}/`)) {
        // The package's own name is its barrel (or a plugin's entry) from inside.
        imports.push({ from: file, to: specifier === PACKAGE_NAME ? BARREL : `${specifier} (the package itself)` })
      } else if (specifier.startsWith('.')) {
        const target = resolve(ROOT, dirname(file), specifier.replace(/\.js$/, '.ts'))
        imports.push({ from: file, to: relative(ROOT, target) })
      }
    }
  }
  return imports
}

/** `errors` for src/errors/..., `plugins/docs` for plugins/docs/..., the file itself at src/'s root. */
function folderOf (file: string): string {
  const parts = file.split('/')
  if (parts[0] === 'src') return parts.length > 2 ? parts[1] as string : file
  if (parts[0] === 'plugins') return `plugins/${parts[1] as string}`
  return file
}

const imports = [...sourceFiles('src'), ...sourceFiles('plugins')].flatMap(importsOf)

// Between folders, each edge with the imports that make it: `routing -> inputs` => [...].
function folderEdges (): Map<string, Map<string, Import[]>> {
  const edges = new Map<string, Map<string, Import[]>>()
  for (const edge of imports) {
    const from = folderOf(edge.from)
    const to = folderOf(edge.to)
    if (from === to) continue
    let targets = edges.get(from)
    if (targets === undefined) edges.set(from, targets = new Map())
    const list = targets.get(to)
    if (list === undefined) targets.set(to, [edge])
    else list.push(edge)
  }
  return edges
}

function describeEdge (from: string, to: string, edges: Map<string, Map<string, Import[]>>): string {
  const list = edges.get(from)?.get(to) ?? []
  const named = list.slice(0, 3).map((edge) => `${edge.from} imports ${edge.to}`)
  if (list.length > 3) named.push(`${list.length - 3} more`)
  return `${from} -> ${to}: ${named.join('; ')}`
}

// Tarjan's strongly connected components: every set of folders that reach each other.
function circles (edges: Map<string, Map<string, Import[]>>): string[][] {
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((targets) => [...targets.keys()])])
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  let counter = 0
  const visit = (node: string): void => {
    index.set(node, counter)
    low.set(node, counter++)
    stack.push(node)
    onStack.add(node)
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number))
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop() as string
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node)
  return components
}

// The shortest circle through a component (two folders that import each other, when some
// do), as the folders in order back to the first.
function shortestCircle (component: string[], edges: Map<string, Map<string, Import[]>>): string[] {
  const members = new Set(component)
  let best: string[] | undefined
  for (const start of component) {
    const previous = new Map<string, string>()
    const queue = [start]
    search: while (queue.length > 0) {
      const node = queue.shift() as string
      for (const next of edges.get(node)?.keys() ?? []) {
        if (!members.has(next)) continue
        if (next === start) {
          const path = [node]
          while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string)
          if (best === undefined || path.length + 1 < best.length) best = [...path, start]
          break search
        }
        if (!previous.has(next)) {
          previous.set(next, node)
          queue.push(next)
        }
      }
    }
  }
  // A component of several folders always has a circle through each of them.
  return best as string[]
}

describe('the layers of src/ and plugins/', () => {
  it('keeps nothing at the root of src/ but its barrel', () => {
    const rootFiles = sourceFiles('src').filter((file) => file.split('/').length === 2 && file !== BARREL)
    expect(rootFiles).toEqual([])
  })

  it('has no folders that import each other, in pairs or around a longer circle', () => {
    const edges = folderEdges()
    const found = circles(edges).map((component) => {
      const circle = shortestCircle(component, edges)
      const steps = circle.slice(1).map((to, position) => describeEdge(circle[position] as string, to, edges))
      return [`folders in a circle: ${circle.join(' -> ')}`, ...steps].join('\n  ')
    })
    expect(found).toEqual([])
  })

  it('has no folder import the barrel, src/index.ts', () => {
    const found = imports.filter((edge) => edge.to === BARREL || edge.to.endsWith('(the package itself)'))
      .map((edge) => `${edge.from} imports ${edge.to}`)
    expect(found).toEqual([])
  })

  it('imports only downward, floor by floor: shared, errors, inputs, background and responses, depends, routing, security, rate limits, caching and middleware, docs and jobs', () => {
    const floorOf = new Map(FLOORS.flatMap((folders, floor) => folders.map((folder) => [folder, floor] as const)))
    const edges = folderEdges()
    const found: string[] = []
    for (const [from, targets] of edges) {
      const floor = floorOf.get(from)
      if (floor === undefined) continue
      for (const to of targets.keys()) {
        const target = floorOf.get(to)
        if (to.startsWith('plugins/')) found.push(`${describeEdge(from, to, edges)} (src/ never imports a plugin)`)
        else if (target !== undefined && target >= floor) found.push(`${describeEdge(from, to, edges)} (${to} is not below ${from})`)
      }
    }
    expect(found).toEqual([])
  })

  it('has every plugin import only src/, and the preset only the other plugins\' entries', () => {
    const found = imports.filter((edge) => {
      const from = folderOf(edge.from)
      if (!from.startsWith('plugins/')) return false
      const to = folderOf(edge.to)
      if (to === from || edge.to.startsWith('src/')) return false
      return !(from === PRESET && to.startsWith('plugins/') && edge.to === `${to}/index.ts`)
    }).map((edge) => `${edge.from} imports ${edge.to}`)
    expect(found).toEqual([])
  })

  it('reads the imports it judges (a layout with none would pass anything)', () => {
    const edges = folderEdges()
    expect(edges.get('routing')?.has('inputs')).toBe(true)
    expect(edges.get('depends')?.has('inputs')).toBe(true)
    expect(edges.get('plugins/fastapi')?.has('plugins/errors')).toBe(true)
    expect(imports.some((edge) => edge.from === 'src/routing/types.ts' && edge.to === 'src/inputs/declared-inputs.ts')).toBe(true)
  })
})
