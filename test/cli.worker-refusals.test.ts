import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startWorker } from '../src/cli/index.js'
import { REDIS_URL, testKeyPrefix } from './helpers/redis.js'

// `fastify-fastapi worker <entry>` refuses, with a coded error that names the fix, every way
// to give it something it cannot run jobs from. (test/cli.worker.test.ts runs it for real.)
const fixtures = join(import.meta.dirname, 'fixtures', 'worker')
let scratch: string

beforeEach(() => { scratch = mkdtempSync(join(tmpdir(), 'ffa-cli-worker-')) })
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true })
  vi.unstubAllEnvs()
})

const refusal = (code: string, message: string | RegExp) => expect.objectContaining({ code, message: typeof message === 'string' ? message : expect.stringMatching(message) })

describe('fastify-fastapi worker: refusals', () => {
  it('refuses an entry that is not a file, saying where it looked', async () => {
    await expect(startWorker({ entry: 'app.ts', cwd: scratch })).rejects.toEqual(refusal('FFA_ERR_CLI_ENTRY_MISSING',
      `app.ts is not a file (looked for ${join(scratch, 'app.ts')}). Give the module that builds your app, such as 'fastify-fastapi worker app.ts'.`))
    await expect(startWorker({ entry: '.', cwd: scratch })).rejects.toEqual(refusal('FFA_ERR_CLI_ENTRY_MISSING', /^\. is not a file/))
  })

  it('refuses a TypeScript entry whose project has no tsx to load it', async () => {
    writeFileSync(join(scratch, 'app.ts'), 'export default function buildApp (): void {}\n')
    await expect(startWorker({ entry: 'app.ts', cwd: scratch })).rejects.toEqual(refusal('FFA_ERR_CLI_ENTRY_TYPESCRIPT',
      'app.ts is TypeScript, and tsx, which loads it, is not installed for it: run `npm install tsx` in its project, or give the built .js file.'))
  })

  it('refuses an entry without the export, listing the ones it has', async () => {
    const entry = join(fixtures, 'not-a-builder.mjs')
    await expect(startWorker({ entry })).rejects.toEqual(refusal('FFA_ERR_CLI_EXPORT_MISSING',
      `${entry} has neither a default export nor one named buildApp (its exports: createServer, port). Export the function that builds your app (\`export async function buildApp () { ... }\`, or \`export default\`), or name yours with --export <name>.`))
    await expect(startWorker({ entry, exportName: 'createApp' })).rejects.toEqual(refusal('FFA_ERR_CLI_EXPORT_MISSING', /has no export named 'createApp' \(its exports: createServer, port\)/))
  })

  it('refuses an export that is not a function', async () => {
    await expect(startWorker({ entry: 'not-a-function.mjs', cwd: fixtures })).rejects.toEqual(refusal('FFA_ERR_CLI_EXPORT_INVALID',
      "not-a-function.mjs's export 'buildApp' is an object (Object), not a function, and the worker calls a function that returns the app (or a promise of it): `export async function buildApp () { const app = Fastify(); ...; return app }`."))
  })

  it('refuses a function that returns something other than a Fastify app, sync or async', async () => {
    await expect(startWorker({ entry: 'not-an-app.mjs', cwd: fixtures })).rejects.toEqual(refusal('FFA_ERR_CLI_EXPORT_INVALID', /^not-an-app\.mjs's export 'default' returned an object \(Object\), not a Fastify instance, /))
    await expect(startWorker({ entry: 'not-an-app.mjs', cwd: fixtures, exportName: 'createApp' })).rejects.toEqual(refusal('FFA_ERR_CLI_EXPORT_INVALID', /^not-an-app\.mjs's export 'createApp' returned a string, not a Fastify instance, /))
  })

  it('refuses an app with no jobs, with jobs in process, or with its workers off, and closes it', async () => {
    await expect(startWorker({ entry: 'no-jobs.mjs', cwd: fixtures })).rejects.toEqual(refusal('FFA_ERR_CLI_WORKER_NO_JOBS',
      "The app of no-jobs.mjs has no jobs: register the jobs plugin with its job types (the fastapi preset's `jobs: { jobs: [...] }`, or fastify-fastapi/jobs)."))
    await expect(startWorker({ entry: 'in-process-jobs.mjs', cwd: fixtures })).rejects.toEqual(refusal('FFA_ERR_CLI_WORKER_NO_JOBS',
      /^The app of in-process-jobs\.mjs keeps its jobs in its own process \(no 'bullmq' option\): a worker would run only the jobs it enqueued itself, never the API's\. Give the jobs plugin `bullmq: \{ redis: 'redis:\/\/\.\.\.' \}`/))
    vi.stubEnv('FFA_WORKER_REDIS_URL', REDIS_URL)
    vi.stubEnv('FFA_WORKER_PREFIX', testKeyPrefix())
    await expect(startWorker({ entry: 'in-process-jobs.mjs', cwd: fixtures, exportName: 'enqueueOnly' })).rejects.toEqual(refusal('FFA_ERR_CLI_WORKER_NO_JOBS',
      /^The app of in-process-jobs\.mjs has 'workers: false': this process would take no job\./))
    // Each app was closed before the refusal: nothing of it (a Redis connection) keeps the process alive.
    const closed = async (file: string) => (await import(pathToFileURL(join(fixtures, file)).href) as { closed: string[] }).closed
    expect([...await closed('no-jobs.mjs'), ...await closed('in-process-jobs.mjs')]).toEqual(['no-jobs', 'in-process', 'workers-off'])
  })
})
