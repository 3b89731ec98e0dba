import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `npx fastify-fastapi ...` from the sources: bin/fastify-fastapi.ts run by Node with tsx, in a
// scratch folder as the current one. (test/templates.generated-projects.test.ts runs the built
// bin from an installed tarball.)
const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'fastify-fastapi.ts')
// tsx as the repo has it: `--import tsx` would look for it from the scratch folder.
const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
let scratch: string

beforeAll(() => { scratch = mkdtempSync(join(tmpdir(), 'ffa-cli-command-')) })
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function cli (...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', tsx, bin, ...args], { cwd: scratch, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr })
    })
  })
}

const manifestIn = (folder: string) => JSON.parse(readFileSync(join(scratch, folder, 'package.json'), 'utf8')) as { name: string, dependencies: Record<string, string> }

describe('fastify-fastapi (the command)', () => {
  it('--help lists the new command; new --help its templates and options', async () => {
    const [top, command] = await Promise.all([cli('--help'), cli('new', '--help')])
    expect(top.code, top.stderr).toBe(0)
    expect(top.stdout).toContain(`fastify-fastapi/${version}`)
    expect(top.stdout).toMatch(/new <directory> +Create a project from a template/)
    expect(command.code, command.stderr).toBe(0)
    expect(command.stdout).toContain('$ fastify-fastapi new <directory>')
    expect(command.stdout).toMatch(/-t, --template <template> +The template: minimal \(one file, a few routes: FastAPI's first steps\) or full \(the shop, in FastAPI's bigger-applications layout\) \(default: minimal\)/)
    expect(command.stdout).toContain(`(default: ^${version})`)
  }, 30_000)

  it('prints the help when given no command', async () => {
    const { code, stdout } = await cli()
    expect(code).toBe(0)
    expect(stdout).toContain('new <directory>')
  }, 30_000)

  it("new creates the minimal project on the library's published range and prints the two commands", async () => {
    const { code, stdout, stderr } = await cli('new', 'my-api')
    expect(code, stderr).toBe(0)
    expect(stdout).toBe([
      `Created my-api from the minimal template in ${join(scratch, 'my-api')}.`,
      '',
      'Next:',
      '  cd my-api',
      '  npm install && npm start',
      '',
    ].join('\n'))
    expect(manifestIn('my-api')).toMatchObject({ name: 'my-api', dependencies: { 'fastify-fastapi': `^${version}` } })
  }, 30_000)

  it('new --template full --library file:... creates the shop on a local tarball', async () => {
    const { code, stderr, stdout } = await cli('new', 'apps/my-shop', '--template', 'full', '--library', 'file:../../fastify-fastapi.tgz')
    expect(code, stderr).toBe(0)
    expect(stdout).toContain('  cd apps/my-shop\n')
    expect(manifestIn('apps/my-shop')).toMatchObject({ name: 'my-shop', dependencies: { 'fastify-fastapi': 'file:../../fastify-fastapi.tgz', 'close-with-grace': expect.any(String) } })
    expect(readdirSync(join(scratch, 'apps/my-shop', 'routers'))).toContain('items.ts')
  }, 30_000)

  it('refuses a folder that is not empty: exit code 1, the coded error on stderr, nothing on stdout', async () => {
    const { code, stdout, stderr } = await cli('new', 'taken')
    expect(code, stderr).toBe(0)
    const again = await cli('new', 'taken', '--template', 'full')
    expect(again.code).toBe(1)
    expect(again.stdout).toBe('')
    expect(again.stderr).toMatch(/^FFA_ERR_CLI_TARGET_NOT_EMPTY: taken already holds \.gitignore, README\.md, app\.ts, and \d+ more, and a new project is only written into a new or empty folder, so nothing was changed\. Choose another name, or move its files away first\.\n$/)
    expect(stdout).not.toBe('')
  }, 30_000)

  it('answers a mistyped command line with what was wrong and where to find help', async () => {
    const [option, missing, unknown, twice, template] = await Promise.all([
      cli('new', 'x', '--tempalte', 'full'),
      cli('new'),
      cli('create', 'x'),
      cli('new', 'x', '--template', 'full', '--template', 'minimal'),
      cli('new', 'x', '--template', 'medium'),
    ])
    expect(option).toMatchObject({ code: 1, stdout: '', stderr: "Unknown option `--tempalte`. Run 'fastify-fastapi new --help' to see its arguments and options.\n" })
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: "missing required args for command `new <directory>`. Run 'fastify-fastapi new --help' to see its arguments and options.\n" })
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: "Unknown command 'create'. Run 'fastify-fastapi --help' to see the commands.\n" })
    expect(twice).toMatchObject({ code: 1, stdout: '', stderr: '--template takes one value, got ["full","minimal"]. Run \'fastify-fastapi new --help\' to see its arguments and options.\n' })
    expect(template).toMatchObject({ code: 1, stdout: '', stderr: "FFA_ERR_CLI_TEMPLATE_UNKNOWN: There is no template 'medium'. Choose one of: minimal, full (--template minimal).\n" })
    expect(readdirSync(scratch)).not.toContain('x')
  }, 30_000)
})
