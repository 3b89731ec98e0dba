import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createProject } from '../src/cli/index.js'

const templatesDir = join(import.meta.dirname, '..', 'templates')
const library = { name: 'fastify-fastapi', spec: '^0.1.0' }
let scratch: string

beforeEach(() => { scratch = mkdtempSync(join(tmpdir(), 'ffa-cli-create-')) })
afterEach(() => rmSync(scratch, { recursive: true, force: true }))

const manifestOf = (directory: string) =>
  JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name: string, dependencies: Record<string, string>, devDependencies: Record<string, string>, scripts: Record<string, string> }

describe('createProject', () => {
  it('writes the minimal template with the shared tsconfig and .gitignore, under their real names', () => {
    const project = createProject({ templatesDir, template: 'minimal', directory: join(scratch, 'my-api'), library })
    expect(project).toMatchObject({ directory: join(scratch, 'my-api'), name: 'my-api' })
    expect(project.files).toEqual(expect.arrayContaining(['.gitignore', 'README.md', 'app.ts', 'main.ts', 'package.json', 'tsconfig.json', 'test/items.create.test.ts']))
    expect(project.files).not.toContain('package.template.json')
    expect(project.files).not.toContain('gitignore')
    expect(readFileSync(join(project.directory, 'app.ts'), 'utf8')).toBe(readFileSync(join(templatesDir, 'minimal', 'app.ts'), 'utf8'))
    expect(readFileSync(join(project.directory, 'tsconfig.json'), 'utf8')).toBe(readFileSync(join(templatesDir, 'shared', 'tsconfig.json'), 'utf8'))
  })

  it("names the package for its folder and depends on the library's range, keeping the template's other fields", () => {
    const project = createProject({ templatesDir, template: 'minimal', directory: join(scratch, 'my-api'), library })
    const template = JSON.parse(readFileSync(join(templatesDir, 'minimal', 'package.template.json'), 'utf8')) as Record<string, unknown>
    const manifest = manifestOf(project.directory)
    expect(Object.keys(manifest)[0]).toBe('name')
    expect(manifest).toEqual({ ...template, name: 'my-api', dependencies: { ...template.dependencies as object, 'fastify-fastapi': '^0.1.0' } })
    expect(readFileSync(join(project.directory, 'package.json'), 'utf8')).toMatch(/^\{\n {2}"name": "my-api",\n[^]*\}\n$/)
  })

  it('writes a file: spec as given, for a project that installs a local tarball', () => {
    const spec = `file:${join(scratch, 'fastify-fastapi-0.1.0.tgz')}`
    const project = createProject({ templatesDir, template: 'minimal', directory: join(scratch, 'my-api'), library: { ...library, spec } })
    expect(manifestOf(project.directory).dependencies['fastify-fastapi']).toBe(spec)
  })

  it('writes the full template from the shop, its tests included', () => {
    const project = createProject({ templatesDir, template: 'full', directory: join(scratch, 'my-shop'), library })
    const shop = readdirSync(join(templatesDir, 'shop'), { recursive: true, encoding: 'utf8' })
    expect(project.files).toEqual(expect.arrayContaining(['main.ts', 'app.ts', 'routers/items.ts', 'test/helpers.ts', 'tsconfig.json', '.gitignore', 'package.json']))
    expect(project.files.filter((file) => file.endsWith('.ts')).sort()).toEqual(shop.filter((file) => file.endsWith('.ts')).map((file) => file.split('\\').join('/')).sort())
    expect(manifestOf(project.directory)).toMatchObject({ name: 'my-shop', dependencies: { 'fastify-fastapi': '^0.1.0' } })
  })

  it('takes an empty folder that already exists', () => {
    mkdirSync(join(scratch, 'empty'))
    const project = createProject({ templatesDir, template: 'minimal', directory: join(scratch, 'empty'), library })
    expect(project.files).toContain('app.ts')
  })

  it("leaves out what running or installing a template left in its folder: node_modules, a lockfile, data", () => {
    // A templates folder of its own, with a template that has been installed and run.
    const own = join(scratch, 'templates')
    mkdirSync(join(own, 'shared'), { recursive: true })
    mkdirSync(join(own, 'minimal', 'node_modules', 'zod'), { recursive: true })
    mkdirSync(join(own, 'minimal', 'data', 'images'), { recursive: true })
    mkdirSync(join(own, 'minimal', 'routers', 'node_modules'), { recursive: true })
    writeFileSync(join(own, 'minimal', 'package.template.json'), JSON.stringify({ name: 'minimal', dependencies: { zod: '^4.0.0', 'fastify-fastapi': '*' } }))
    writeFileSync(join(own, 'minimal', 'package-lock.json'), '{}')
    writeFileSync(join(own, 'minimal', 'main.ts'), '')
    writeFileSync(join(own, 'minimal', 'routers', 'data'), '')
    const project = createProject({ templatesDir: own, template: 'minimal', directory: join(scratch, 'my-api'), library })
    // A file named data below the root is the template's own.
    expect(project.files).toEqual(['main.ts', 'package.json', 'routers/data'])
    expect(manifestOf(project.directory).dependencies).toEqual({ zod: '^4.0.0', 'fastify-fastapi': '^0.1.0' })
  })
})
