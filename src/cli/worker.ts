import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import type { JobQueueSetup } from '../jobs/job-queue.js'
import {
  FFA_ERR_CLI_ENTRY_MISSING, FFA_ERR_CLI_ENTRY_TYPESCRIPT, FFA_ERR_CLI_EXPORT_INVALID, FFA_ERR_CLI_EXPORT_MISSING, FFA_ERR_CLI_WORKER_NO_JOBS,
} from '../shared/codes.js'

// `fastify-fastapi worker app.ts`: the app's own module builds the app, as for `npm start`;
// the worker makes it ready (the jobs plugin starts its workers in onReady) and never listens.

export interface WorkerOptions {
  /** The module that builds the app, as given on the command line: `app.ts`, `dist/app.js`. */
  entry: string
  /** The export that builds it: by default `default` when it is a function, else `buildApp`. */
  exportName?: string
  /** Where a relative `entry` is found (the current folder). */
  cwd?: string
}

export interface StartedWorker {
  /** The app, ready, running jobs: `app.close()` stops taking them and waits for the running ones. */
  app: FastifyInstance
  /** The line the command logs once it runs: which jobs, from where, how many at a time. */
  summary: string
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx'])

// What a value is, in a few words (an app, a whole object, would fill the terminal).
function kind (value: unknown): string {
  if (value === null) return 'null'
  if (isFastifyInstance(value)) return 'a Fastify instance'
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no prototype'})`
  return `${typeof value === 'undefined' ? '' : 'a '}${typeof value}`
}

// Fastify has no public brand: these four are what the worker calls, or what marks an app.
function isFastifyInstance (value: unknown): value is FastifyInstance {
  const app = value as Partial<Record<'ready' | 'close' | 'register' | 'hasPlugin', unknown>> | null
  return typeof app === 'object' && app !== null && typeof app.ready === 'function' && typeof app.close === 'function' &&
    typeof app.register === 'function' && typeof app.hasPlugin === 'function'
}

/**
 * The entry module: a .js as it is, a .ts through tsx, from the entry's own project (where
 * `npm start` finds it): registering tsx's hooks, as `node --import tsx` does, lets the
 * module import its .ts siblings by their .js names. tsx already running (`tsx worker.ts`,
 * `--import tsx`) takes the second registration in its stride.
 */
async function importEntry (entry: string, path: string): Promise<Record<string, unknown>> {
  if (TYPESCRIPT.has(extname(path))) {
    let tsx: string
    try {
      tsx = createRequire(path).resolve('tsx')
    } catch {
      throw new FFA_ERR_CLI_ENTRY_TYPESCRIPT(entry)
    }
    await import(pathToFileURL(tsx).href)
  }
  return await import(pathToFileURL(path).href) as Record<string, unknown>
}

/** The function the entry exports to build the app, and its name. */
function builderOf (module: Record<string, unknown>, entry: string, exportName: string | undefined): { name: string, build: () => unknown } {
  // Without --export: `export default` when it is a function, else `buildApp` (the templates' name).
  const name = exportName ?? (typeof module.default === 'function' || !('buildApp' in module) ? 'default' : 'buildApp')
  if (!(name in module)) {
    // Node names a CommonJS module's whole `module.exports` too: not an export anyone wrote.
    const exports = Object.keys(module).filter((key) => key !== 'module.exports').sort().join(', ') || 'none'
    throw new FFA_ERR_CLI_EXPORT_MISSING(entry, exportName === undefined ? 'neither a default export nor one named buildApp' : `no export named '${exportName}'`, exports)
  }
  const build = module[name]
  if (typeof build !== 'function') throw new FFA_ERR_CLI_EXPORT_INVALID(entry, name, `is ${kind(build)}, not a function`)
  return { name, build: build as () => unknown }
}

// Why a worker process could run no job of this app, or undefined when it can.
function noJobs (app: FastifyInstance): string | undefined {
  const setup = (app as FastifyInstance & { jobs?: { setup?: JobQueueSetup } }).jobs?.setup
  if (!app.hasPlugin('fastify-fastapi/jobs') || setup === undefined) {
    return "has no jobs: register the jobs plugin with its job types (the fastapi preset's `jobs: { jobs: [...] }`, or fastify-fastapi/jobs)"
  }
  if (setup.backend === 'in-process') {
    return "keeps its jobs in its own process (no 'bullmq' option): a worker would run only the jobs it enqueued itself, never the API's. Give the jobs plugin `bullmq: { redis: 'redis://...' }`, in the API and in the worker, so that they share one queue"
  }
  if (setup.concurrency === null) {
    return "has 'workers: false': this process would take no job. Leave workers on in the app the worker builds (an API that only enqueues can turn them off with an environment variable of its own)"
  }
  return undefined
}

/**
 * Builds the app `entry` exports, makes it ready (its job workers start) without listening,
 * and checks that it has jobs to take from a shared queue. Each mistake is a coded error
 * (FFA_ERR_CLI_*) that names the fix; an app that started is closed before one is thrown.
 */
export async function startWorker (options: WorkerOptions): Promise<StartedWorker> {
  const { entry, exportName, cwd = process.cwd() } = options
  const path = resolve(cwd, entry)
  if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) throw new FFA_ERR_CLI_ENTRY_MISSING(entry, path)
  const { name, build } = builderOf(await importEntry(entry, path), entry, exportName)
  const app = await build()
  if (!isFastifyInstance(app)) throw new FFA_ERR_CLI_EXPORT_INVALID(entry, name, `returned ${kind(app)}, not a Fastify instance`)
  try {
    await app.ready()
    const problem = noJobs(app)
    if (problem !== undefined) throw new FFA_ERR_CLI_WORKER_NO_JOBS(entry, problem)
  } catch (error) {
    await app.close().catch(() => {})
    throw error
  }
  const { jobs, concurrency } = (app as FastifyInstance & { jobs: { setup: JobQueueSetup } }).jobs.setup
  return { app, summary: `Worker running ${jobs.join(', ')} from BullMQ, ${String(concurrency)} at a time; SIGTERM or Ctrl+C stops it once the running jobs have finished` }
}
