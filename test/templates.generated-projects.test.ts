import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { TEMPLATE_NAMES, templateFolder, type TemplateName } from '../src/cli/index.js'
import { npmCommand, packLibrary } from './helpers/pack.js'

// What a user gets from `npx fastify-fastapi new my-api --template <name>`: each template is
// made into a project by the built CLI of one `npm pack` of this repo, that tarball installed
// into it with `npm install`, and the project's own `npm test` run. Slow (minutes: a build,
// two installs, two test suites), so it is one file sharing one pack; it never skips.
const root = join(import.meta.dirname, '..')
const { name: library, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string, version: string }
const MINUTES = 60_000

// The project's commands run as in a terminal of their own: none of this run's vitest
// settings, no colours in the output the assertions read.
const env = Object.fromEntries(Object.entries({ ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1', FORCE_COLOR: '0' })
  .filter(([key]) => !key.startsWith('VITEST')))

interface Output { code: number | null, stdout: string, stderr: string }

function exec (command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Output> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr })
    })
  })
}

async function npm (args: string[], cwd: string): Promise<Output> {
  const output = await exec(...npmCommand(args), cwd)
  // The whole output in the failure's message: a generated project's failing test is read there.
  if (output.code !== 0) throw new Error(`npm ${args.join(' ')} in ${cwd} exited with ${String(output.code)}\n${output.stdout}\n${output.stderr}`)
  return output
}

/**
 * `npm <script>` as a server: its own process group (npm, the shell, tsx, node, pino-pretty),
 * stopped as one when the test ends; every stdout line, and a promise per listening line.
 */
function serve (script: string[], cwd: string) {
  const [command, args] = npmCommand([...script, '--silent'])
  const child = spawn(command, args, { cwd, env: { ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'], detached: true })
  onTestFinished(() => { try { process.kill(-(child.pid as number), 'SIGKILL') } catch { /* already gone */ } })
  const lines: string[] = []
  const waiters: Array<{ after: number, resolve: (url: string) => void }> = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line)
    const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1]
    if (url === undefined) return
    for (const waiter of waiters.splice(0)) {
      if (lines.length > waiter.after) waiter.resolve(url)
    }
  })
  /** The URL of the next "Server listening" line. */
  const nextListening = () => new Promise<string>((resolve) => waiters.push({ after: lines.length, resolve }))
  return { lines, nextListening }
}

let scratch: string
const projects = {} as Record<TemplateName, string>
// Each project's install, and the minimal project's npm test, which runs during the full
// project's install (an install waits on the cache and the disk, a test suite on the CPU).
// The full project's suite, the longest, runs alone after them: two suites at once on a
// two-core CI machine would slow its timed tests (sign-ups hash passwords with scrypt).
let installed: Record<TemplateName, Promise<Output>>
let minimalTested: Promise<Output>

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'fastify-fastapi-generated-'))
  const { tarball, source } = packLibrary(scratch)
  // The CLI as built into the tarball (dist/bin), the package's templates beside it.
  for (const template of TEMPLATE_NAMES) {
    projects[template] = join(scratch, `my-${template}-api`)
    const made = await exec(process.execPath, [join(source, 'dist', 'bin', 'fastify-fastapi.js'), 'new', projects[template], '--template', template, '--library', `file:${tarball}`], scratch)
    expect(made.code, made.stderr).toBe(0)
  }
  const install = (template: TemplateName) => npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], projects[template])
  installed = { minimal: install('minimal'), full: install('full') }
  minimalTested = installed.minimal.then(() => npm(['test'], projects.minimal))
  // Awaited by the tests; marked handled here so that a failure is reported by its test only.
  for (const running of [...Object.values(installed), minimalTested]) running.catch(() => undefined)
}, 5 * MINUTES)

// KEEP=1 keeps the scratch folder, to look into a failure.
// Three projects' node_modules: their removal takes a while on a busy disk.
afterAll(async () => { if (scratch !== undefined && process.env.KEEP === undefined) await rm(scratch, { recursive: true, force: true }) }, 2 * MINUTES)

const testFilesOf = (template: TemplateName) =>
  readdirSync(templateFolder(join(root, 'templates'), template), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.ts')).length

async function ownTest (template: TemplateName): Promise<Output> {
  await installed[template]
  if (template === 'minimal') return minimalTested
  await minimalTested.catch(() => undefined)
  return npm(['test'], projects[template])
}

describe.each(TEMPLATE_NAMES)('a project made from the %s template', (template) => {
  it('installs the packed library and passes its own npm test: type checks, then every test file', async () => {
    const { stdout } = await ownTest(template)
    const manifest = JSON.parse(readFileSync(join(projects[template], 'node_modules', library, 'package.json'), 'utf8')) as { version: string }
    expect(manifest.version).toBe(version)
    const files = testFilesOf(template)
    expect(files).toBeGreaterThan(3)
    expect(stdout).toMatch(new RegExp(`Test Files +${files} passed \\(${files}\\)`))
  }, 15 * MINUTES)
})

describe('the minimal project\'s scripts', () => {
  it('npm start serves and logs JSON lines', async () => {
    const server = serve(['start'], projects.minimal)
    const url = await server.nextListening()
    expect(await (await fetch(`${url}/`)).json()).toEqual({ message: 'Hello World' })
    for (const line of server.lines) expect(() => JSON.parse(line), line).not.toThrow()
  }, 2 * MINUTES)

  it('npm run dev logs readable lines through pino-pretty and restarts on a change', async () => {
    const server = serve(['run', 'dev'], projects.minimal)
    const url = await server.nextListening()
    expect(await (await fetch(`${url}/`)).json()).toEqual({ message: 'Hello World' })
    const listening = server.lines.find((line) => line.includes('Server listening at')) as string
    expect(listening).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(\d+\): Server listening at http:\/\/127\.0\.0\.1:\d+$/)

    const app = join(projects.minimal, 'app.ts')
    const restarted = server.nextListening()
    const changed = readFileSync(app, 'utf8').replace("'Hello World'", "'Hello again'")
    // tsx watch learns the files to watch from the running server, and starts watching them a
    // moment after it listens: a change made before then goes unseen. The change is written
    // again every 2 s until tsx says it restarts.
    writeFileSync(app, changed)
    const rewrite = setInterval(() => { if (!server.lines.some((line) => line.includes('Restarting'))) writeFileSync(app, changed) }, 2000)
    const again = await restarted.finally(() => { clearInterval(rewrite) })
    expect(await (await fetch(`${again}/`)).json()).toEqual({ message: 'Hello again' })
  }, 2 * MINUTES)
})

it("the installed CLI (node_modules/.bin) makes a project on the library's published range", async () => {
  const made = await exec(join(projects.minimal, 'node_modules', '.bin', library), ['new', 'next-api', '--template', 'full'], projects.minimal)
  expect(made.code, made.stderr).toBe(0)
  expect(made.stdout).toContain('  cd next-api\n  npm install && npm start\n')
  const manifest = JSON.parse(readFileSync(join(projects.minimal, 'next-api', 'package.json'), 'utf8')) as { name: string, dependencies: Record<string, string> }
  expect(manifest).toMatchObject({ name: 'next-api', dependencies: { [library]: `^${version}` } })
  expect(readdirSync(join(projects.minimal, 'next-api', 'routers'))).toContain('items.ts')
}, 2 * MINUTES)
