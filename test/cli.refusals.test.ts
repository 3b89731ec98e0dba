import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createProject, type CreateProjectOptions } from '../src/cli/index.js'

const templatesDir = join(import.meta.dirname, '..', 'templates')
let scratch: string

beforeEach(() => { scratch = mkdtempSync(join(tmpdir(), 'ffa-cli-refusals-')) })
afterEach(() => rmSync(scratch, { recursive: true, force: true }))

const create = (options: Partial<CreateProjectOptions>) =>
  createProject({ templatesDir, template: 'minimal', directory: join(scratch, 'my-api'), library: { name: 'fastify-fastapi', spec: '^0.1.0' }, ...options })

it('refuses a folder that holds anything, names what it holds, and writes nothing', () => {
  const directory = join(scratch, 'my-api')
  mkdirSync(directory)
  for (const name of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) writeFileSync(join(directory, name), 'mine')
  const shown = relative(process.cwd(), directory)
  expect(() => create({ directory })).toThrow(expect.objectContaining({
    code: 'FFA_ERR_CLI_TARGET_NOT_EMPTY',
    message: `${shown} already holds a.txt, b.txt, c.txt, and 1 more, and a new project is only written into a new or empty folder, so nothing was changed. Choose another name, or move its files away first.`,
  }))
  expect(readdirSync(directory).sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt'])
})

it('refuses a folder holding only a dotfile, such as .git', () => {
  const directory = join(scratch, 'my-api')
  mkdirSync(join(directory, '.git'), { recursive: true })
  expect(() => create({ directory })).toThrow(expect.objectContaining({ code: 'FFA_ERR_CLI_TARGET_NOT_EMPTY', message: expect.stringContaining('already holds .git,') }))
})

it('refuses a file in the way', () => {
  writeFileSync(join(scratch, 'my-api'), 'mine')
  expect(() => create({})).toThrow(expect.objectContaining({ code: 'FFA_ERR_CLI_TARGET_NOT_EMPTY', message: expect.stringContaining('my-api is a file, and a new project') }))
})

it('refuses a template it does not know, listing the ones it has, before creating the folder', () => {
  expect(() => create({ template: 'shop' })).toThrow(expect.objectContaining({
    code: 'FFA_ERR_CLI_TEMPLATE_UNKNOWN',
    message: "There is no template 'shop'. Choose one of: minimal, full (--template minimal).",
  }))
  // Not a key any object has either.
  expect(() => create({ template: 'toString' })).toThrow(expect.objectContaining({ code: 'FFA_ERR_CLI_TEMPLATE_UNKNOWN' }))
  expect(existsSync(join(scratch, 'my-api'))).toBe(false)
})

it('refuses a folder name npm would refuse as the package name, saying which rule it breaks', () => {
  expect(() => create({ directory: join(scratch, 'My-API') })).toThrow(expect.objectContaining({
    code: 'FFA_ERR_CLI_PROJECT_NAME',
    message: "'My-API' cannot name a project: the folder's name becomes its package.json name, which npm wants in lowercase. Pick a name such as my-api.",
  }))
  expect(existsSync(join(scratch, 'My-API'))).toBe(false)
})

it('removes the folder it created when writing fails half-way', () => {
  // A template whose manifest is not JSON: the copy succeeds, the naming fails.
  const own = join(scratch, 'templates')
  mkdirSync(join(own, 'shared'), { recursive: true })
  mkdirSync(join(own, 'minimal'), { recursive: true })
  writeFileSync(join(own, 'minimal', 'package.template.json'), '{ not json')
  expect(() => create({ templatesDir: own })).toThrow(SyntaxError)
  expect(existsSync(join(scratch, 'my-api'))).toBe(false)
})
