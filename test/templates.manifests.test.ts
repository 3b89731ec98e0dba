import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TEMPLATE_NAMES, templateFolder } from '../src/cli/index.js'

// Each template's package.template.json (its package.json once `fastify-fastapi new` writes it)
// declares what the template's files import, at the ranges this repo tests with, and the
// scripts the README promises. A package a template starts to import (a database driver) fails
// here until its manifest lists it.
const root = join(import.meta.dirname, '..')
const templatesDir = join(root, 'templates')

interface Manifest {
  name: string
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  engines: { node: string }
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Manifest
const repo = readJson(join(root, 'package.json'))
const repoRanges: Record<string, string> = { ...repo.dependencies, ...repo.devDependencies }

// The packages whose commands the scripts run, and @types/node, which the tsconfig names.
const TOOLS: Record<string, string> = { tsx: 'tsx', tsc: 'typescript', vitest: 'vitest', 'pino-pretty': 'pino-pretty' }
const BUILTIN = new Set(builtinModules)

const IMPORT = /^(?:import|export)\s+(?:type\s+)?[\w\s{},*$]*?\bfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm

/** The packages each file of a template imports, by the file's path in the template. */
function packagesImported (folder: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>()
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.split(/[\\/]/).includes('node_modules')) continue
    const packages = new Set<string>()
    for (const match of readFileSync(join(folder, file), 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3] as string
      if (specifier.startsWith('.') || specifier.startsWith('node:') || BUILTIN.has(specifier)) continue
      const parts = specifier.split('/')
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] as string)
    }
    found.set(file.split('\\').join('/'), packages)
  }
  return found
}

// The library's optional peers (bullmq) are loaded by the library when an option asks for them
// (`jobs: { bullmq: { redis } }`): an app that sets the option needs the package, without importing it.
const OPTIONAL_PEERS = Object.entries(repo.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional === true).map(([name]) => name)

/** The optional peers a template's app turns on by their option (`bullmq: {`), outside its tests. */
function optionalPeersUsed (folder: string): string[] {
  const sources = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.split(/[\\/]/).includes('node_modules') && !isTestFile(file.split('\\').join('/')))
    .map((file) => readFileSync(join(folder, file), 'utf8'))
  return OPTIONAL_PEERS.filter((name) => sources.some((text) => new RegExp(`\\b${name}: \\{`).test(text)))
}

const isTestFile = (file: string) => file.startsWith('test/') || file.endsWith('.test.ts') || file === 'vitest.config.ts'

describe.each(TEMPLATE_NAMES)('the %s template\'s package.template.json', (template) => {
  const folder = templateFolder(templatesDir, template)
  const manifest = readJson(join(folder, 'package.template.json'))
  const imported = packagesImported(folder)
  const peersUsed = optionalPeersUsed(folder)

  it('reads the imports it judges', () => {
    expect([...imported.values()].some((packages) => packages.has('fastify-fastapi'))).toBe(true)
  })

  it('lists every package the app imports in dependencies, and what only tests import in either', () => {
    const missing: string[] = []
    for (const [file, packages] of imported) {
      for (const name of packages) {
        const declared = name in manifest.dependencies || (isTestFile(file) && name in manifest.devDependencies)
        if (!declared) missing.push(`${file} imports ${name}`)
      }
    }
    for (const name of peersUsed) if (!(name in manifest.dependencies)) missing.push(`the app sets the option ${name}, which loads the package ${name}`)
    expect(missing).toEqual([])
  })

  it('lists nothing it does not use: every package is imported, runs in a script, or types one that is', () => {
    const used = new Set([...[...imported.values()].flatMap((packages) => [...packages]), ...peersUsed])
    for (const script of Object.values(manifest.scripts)) {
      for (const [command, name] of Object.entries(TOOLS)) if (new RegExp(`(^|[|&;]\\s*)${command}\\b`).test(script)) used.add(name)
    }
    used.add('@types/node')
    for (const name of [...used]) used.add(`@types/${name}`)
    expect([...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)].filter((name) => !used.has(name))).toEqual([])
  })

  it('asks for the ranges this repo tests with, and the same Node versions', () => {
    const ranges = { ...manifest.dependencies, ...manifest.devDependencies }
    delete ranges['fastify-fastapi'] // written by the CLI: the library's own version
    expect(ranges).toEqual(Object.fromEntries(Object.keys(ranges).map((name) => [name, repoRanges[name]])))
    expect(manifest.engines.node).toBe(repo.engines.node)
  })

  it('serves JSON logs with npm start, readable ones with npm run dev (restarted on change), and type-checks in npm test', () => {
    expect(manifest.scripts).toMatchObject({ start: 'tsx main.ts', dev: 'tsx watch main.ts | pino-pretty', test: 'tsc && vitest run' })
    // tsx runs the app in production too: a dependency, not a dev one.
    expect(manifest.dependencies.tsx).toBeDefined()
  })
})

it("keeps the repo's own npm start on JSON logs and npm run dev on pino-pretty, for the full template", () => {
  const full = relative(root, templateFolder(templatesDir, 'full')).split('\\').join('/')
  expect(repo.scripts.start).toBe(`tsx --conditions=source ${full}/main.ts`)
  expect(repo.scripts.dev).toBe(`tsx watch --conditions=source ${full}/main.ts | pino-pretty`)
})
