import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockSubset, type Lockfile } from './helpers/lock-subset.js'
import { packLibrary, run, runNpm } from './helpers/pack.js'

// The package as a user gets it: `npm pack` (its prepack builds dist/ and strips the manifest
// of what only this repo uses), the tarball installed into an empty folder beside fastify and
// zod at the versions of our lockfile, from npm's cache (`npm ci --offline`), then used with
// plain Node and type-checked with a strict `nodenext` tsconfig. A broken `exports`, a file
// missing from the tarball or a type that points at the sources fails here.
const root = join(import.meta.dirname, '..')
const fixtures = join(import.meta.dirname, 'fixtures', 'published')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string, version: string, exports: Record<string, unknown>, dependencies: Record<string, string>, bin: Record<string, string>
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile
const lockedVersion = (name: string): string => lock.packages[`node_modules/${name}`]?.version as string

let scratch: string
let app: string
let installed: string

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'fastify-fastapi-published-'))
  const tarball = basename(packLibrary(scratch).tarball)

  app = join(scratch, 'app')
  mkdirSync(app)
  const dependencies = {
    [manifest.name]: `file:../${tarball}`,
    fastify: lockedVersion('fastify'),
    zod: lockedVersion('zod'),
    '@types/node': lockedVersion('@types/node'),
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'published-app', private: true, type: 'module', dependencies }, null, 2))
  const { [manifest.name]: _ours, ...theirs } = dependencies
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({
    name: 'published-app',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'published-app', dependencies },
      [`node_modules/${manifest.name}`]: { version: manifest.version, resolved: `file:../${tarball}`, license: 'MIT', dependencies: manifest.dependencies, bin: manifest.bin },
      ...lockSubset(lock, { ...theirs, ...manifest.dependencies }),
    },
  }, null, 2))
  runNpm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], app)
  installed = join(app, 'node_modules', manifest.name)
  cpSync(fixtures, app, { recursive: true })
}, 120_000)

// KEEP=1 keeps the scratch folder, to look into a failure.
afterAll(() => { if (scratch !== undefined && process.env.KEEP === undefined) rmSync(scratch, { recursive: true, force: true }) })

function filesUnder (dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file))
}

describe('the published package', () => {
  it('ships its license, its readme, dist/ and the templates, and no sources', () => {
    expect(existsSync(join(installed, 'LICENSE'))).toBe(true)
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 fastify-fastapi contributors')
    expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json', 'templates'])
    expect(existsSync(join(installed, 'dist', 'index.ts'))).toBe(false)
    expect(readdirSync(join(installed, 'templates')).sort()).toEqual(['minimal', 'shared', 'shop'])
  })

  it('links its bin, the built CLI, into node_modules/.bin', () => {
    const published = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    expect(published.bin).toEqual({ [manifest.name]: 'dist/bin/fastify-fastapi.js' })
    expect(readFileSync(join(installed, published.bin[manifest.name] as string), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/)
    expect(run(join(app, 'node_modules', '.bin', manifest.name), ['--version'], app)).toContain(`${manifest.name}/${manifest.version}`)
  })

  it('points every export at a file it ships, with no "source" condition', () => {
    const published = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
    for (const [subpath, target] of Object.entries(published.exports)) {
      const conditions = typeof target === 'string' ? { default: target } : target as Record<string, string>
      expect(Object.keys(conditions), subpath).not.toContain('source')
      for (const file of Object.values(conditions)) expect(existsSync(join(installed, file)), `${subpath}: ${file}`).toBe(true)
    }
  })

  it('carries its sources inside its source maps', () => {
    const maps = filesUnder(join(installed, 'dist')).filter((file) => file.endsWith('.js.map'))
    expect(maps.length).toBeGreaterThan(10)
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[], sourcesContent?: string[] }
      expect(sourcesContent?.length, map).toBe(sources.length)
    }
  })

  it('imports every entry of "exports" with plain Node, with or without --conditions=source', () => {
    const specifiers = Object.keys(manifest.exports).filter((subpath) => subpath !== './package.json')
      .map((subpath) => subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`)
    const script = `const names = {}; for (const s of ${JSON.stringify(specifiers)}) names[s] = Object.keys(await import(s)).sort(); console.log(JSON.stringify(names))`
    const plain = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], app)) as Record<string, string[]>
    const withSource = JSON.parse(run(process.execPath, ['--conditions=source', '--input-type=module', '-e', script], app)) as Record<string, string[]>
    for (const specifier of specifiers) {
      // A plugin entry has its plugin as default export, as Fastify's own plugins do; the
      // client's entry is no plugin (it runs in browsers too) and exports its factory.
      const expected = specifier === manifest.name ? 'fastapi' : specifier === `${manifest.name}/client` ? 'createClient' : 'default'
      expect(plain[specifier], specifier).toContain(expected)
    }
    expect(plain[manifest.name]).toEqual(expect.arrayContaining(['fastapi', 'fastapiErrors', 'fastapiRouting', 'APIRouter', 'HTTPException', 'RequestValidationError', 'errorCodes']))
    expect(withSource).toEqual(plain)
  }, 30_000)

  it('serves a plain JavaScript app over HTTP: routes, dependencies, errors and docs', () => {
    const answers = JSON.parse(run(process.execPath, ['app.mjs'], app)) as Record<string, unknown>
    expect(answers).toEqual({
      item: { status: 200, body: { item_id: 5, q: 'somequery' } },
      invalid: {
        status: 422,
        body: { detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }] },
      },
      plain: { status: 200, body: { token: 'secret' } },
      refused: { status: 422, body: { detail: [{ type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null }] } },
      missing: { status: 404, body: { detail: 'Not Found' } },
      openapi: { title: 'Published', paths: ['/items/{item_id}', '/plain'] },
      docs: { page: 200, asset: 200 },
    })
  }, 30_000)

  it('type-checks a strict nodenext TypeScript app that relies on inferred handler types', () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
        types: ['node'], skipLibCheck: false, verbatimModuleSyntax: true,
      },
      files: ['typed.ts'],
    }))
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    let output = ''
    try {
      run(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], app)
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error)
    }
    expect(output).toBe('')
    // Types come from the tarball's .d.ts files, never from sources beside them.
    expect(existsSync(join(dirname(installed), manifest.name, 'index.ts'))).toBe(false)
  }, 60_000)
})
