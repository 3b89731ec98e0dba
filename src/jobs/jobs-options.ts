import type { RedisClient } from '../shared/redis-client.js'
import { inspect } from 'node:util'
import { isDependencyList } from '../depends/dependency.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean, checkOptionsObject, checkPositiveInteger, describeValue } from '../shared/options.js'
import { checkRedisOption } from '../shared/redis-connection.js'
import type { Retention } from './backend.js'
import type { JobRoutesOptions } from './job-routes.js'
import { JobType } from './job-type.js'

export const JOBS_PLUGIN = 'fastify-fastapi/jobs'

/** Jobs on BullMQ, in Redis: shared by every instance of the app, run by any number of workers. */
export interface BullMQOptions {
  /** A Redis URL (`'redis://127.0.0.1:6379'`), or an ioredis client of the app's. */
  redis: string | RedisClient
  /** The key prefix of the queue in Redis (default `'ffa'`): two apps on one Redis take different ones. */
  prefix?: string
  /** The queue's name (default `'jobs'`). */
  queue?: string
  /**
   * How long a worker holds a job without renewing its lock, in ms (default 30 000): a worker
   * that dies mid-job leaves it locked this long, then another worker runs it again.
   */
  lockDurationMs?: number
}

export interface JobsOptions {
  /** The job types this app enqueues and runs (`defineJob`). */
  jobs: JobType[]
  /** BullMQ on Redis; without it, the in-process queue (jobs die with the process). */
  bullmq?: BullMQOptions
  /**
   * Whether this process runs jobs (default `true`), and how many at a time:
   * `{ concurrency: 4 }` (default 1). `false` on an API that only enqueues, with workers
   * elsewhere (BullMQ only: the in-process queue has no other workers).
   */
  workers?: boolean | { concurrency?: number }
  /** The job routes (`GET /jobs/{job_id}`, its cancel and its events): `false` for none. */
  routes?: JobRoutesOptions | false
  /** How long `app.close()` waits for running (and, in process, queued) jobs, in ms (default 10 000). */
  drainTimeoutMs?: number
  /** How long an enqueue waits for the queue before it answers 503, in ms (default 500). */
  enqueueTimeoutMs?: number
  /** How long finished jobs stay readable: `{ finishedMs: 1 h, failedMs: 7 days, count: 10 000 }` by default. */
  retention?: Partial<Retention>
}

export interface ResolvedJobsOptions {
  jobs: readonly JobType[]
  bullmq: Required<Omit<BullMQOptions, 'redis'>> & { redis: string | RedisClient } | null
  concurrency: number | null
  routes: Required<JobRoutesOptions> | null
  drainTimeoutMs: number
  enqueueTimeoutMs: number
  retention: Retention
}

const DEFAULT_RETENTION: Retention = { finishedMs: 3_600_000, failedMs: 7 * 86_400_000, count: 10_000 }

function checkMs (name: string, value: unknown, min = 0): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) throw new FFA_ERR_OPTION_INVALID(JOBS_PLUGIN, name, `must be a whole number of milliseconds, ${min} or more; got ${describeValue(value)}`)
  return value as number
}

function invalid (name: string, message: string): never {
  throw new FFA_ERR_OPTION_INVALID(JOBS_PLUGIN, name, message)
}

/** Checks the jobs plugin's options once, at registration. */
export function resolveJobsOptions (opts: JobsOptions | undefined): ResolvedJobsOptions {
  const options = checkOptionsObject(JOBS_PLUGIN, opts, ['jobs', 'bullmq', 'workers', 'routes', 'drainTimeoutMs', 'enqueueTimeoutMs', 'retention']) as Partial<JobsOptions>
  const { jobs, bullmq, workers = true, routes = {}, drainTimeoutMs = 10_000, enqueueTimeoutMs = 500, retention = {} } = options
  if (!Array.isArray(jobs) || jobs.length === 0 || !jobs.every((job) => job instanceof JobType)) {
    invalid('jobs', `must be an array of the job types this app runs, made with defineJob(...); got ${describeValue(jobs)}`)
  }
  const names = new Set<string>()
  for (const job of jobs) {
    if (names.has(job.name)) invalid('jobs', `has two job types named '${job.name}': give each its own name`)
    names.add(job.name)
  }
  let concurrency: number | null = 1
  if (typeof workers === 'object' && workers !== null) {
    checkOptionsObject(`${JOBS_PLUGIN} workers`, workers, ['concurrency'])
    concurrency = workers.concurrency ?? 1
    checkPositiveInteger(JOBS_PLUGIN, 'workers.concurrency', concurrency, 'like 4')
  } else {
    checkBoolean(JOBS_PLUGIN, 'workers', workers)
    if (workers === false) concurrency = null
  }
  if (concurrency === null && bullmq === undefined) {
    invalid('workers', "is false, but the in-process queue has no other worker: its jobs would never run. Keep workers on, or give 'bullmq' and run workers in other processes")
  }
  return {
    jobs,
    bullmq: bullmq === undefined ? null : resolveBullMQ(bullmq),
    concurrency,
    routes: routes === false ? null : resolveRoutes(routes),
    drainTimeoutMs: checkMs('drainTimeoutMs', drainTimeoutMs),
    enqueueTimeoutMs: checkMs('enqueueTimeoutMs', enqueueTimeoutMs, 1),
    retention: resolveRetention(retention),
  }
}

function resolveBullMQ (bullmq: BullMQOptions): NonNullable<ResolvedJobsOptions['bullmq']> {
  checkOptionsObject(`${JOBS_PLUGIN} bullmq`, bullmq, ['redis', 'prefix', 'queue', 'lockDurationMs'])
  const { redis, prefix = 'ffa', queue = 'jobs', lockDurationMs = 30_000 } = bullmq
  for (const [name, value] of [['prefix', prefix], ['queue', queue]] as const) {
    if (typeof value !== 'string' || value === '') invalid(`bullmq.${name}`, `must be a non-empty string; got ${describeValue(value)}`)
  }
  if (queue.includes(':')) invalid('bullmq.queue', `must not contain ':' (BullMQ joins keys with it); got '${queue}'`)
  return { redis: checkRedisOption(JOBS_PLUGIN, 'bullmq.redis', redis), prefix, queue, lockDurationMs: checkMs('bullmq.lockDurationMs', lockDurationMs, 100) }
}

function resolveRoutes (routes: JobRoutesOptions): Required<JobRoutesOptions> {
  checkOptionsObject(`${JOBS_PLUGIN} routes`, routes, ['prefix', 'tags', 'dependencies'])
  const { prefix = '/jobs', tags = ['jobs'], dependencies = [] } = routes
  if (typeof prefix !== 'string' || !prefix.startsWith('/') || prefix.endsWith('/')) invalid('routes.prefix', `must be a path that starts with '/' and does not end with one, like '/jobs'; got ${describeValue(prefix)}`)
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) invalid('routes.tags', `must be an array of strings; got ${describeValue(tags)}`)
  if (!isDependencyList(dependencies)) invalid('routes.dependencies', `must be an array of dependencies made with Depends(fn); got ${inspect(dependencies, { depth: 1 })}`)
  return { prefix, tags, dependencies }
}

function resolveRetention (retention: Partial<Retention>): Retention {
  checkOptionsObject(`${JOBS_PLUGIN} retention`, retention, ['finishedMs', 'failedMs', 'count'])
  const merged = { ...DEFAULT_RETENTION, ...retention }
  checkMs('retention.finishedMs', merged.finishedMs, 1)
  checkMs('retention.failedMs', merged.failedMs, 1)
  checkPositiveInteger(JOBS_PLUGIN, 'retention.count', merged.count, 'like 10000')
  return merged
}
