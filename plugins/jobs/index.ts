import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { z } from 'zod'
import { dependsStateOf, dependsPluginMissing } from '../../src/depends/state.js'
import { DepsResolver } from '../../src/depends/resolve.js'
import { compileExactInput } from '../../src/inputs/exact-input.js'
import type { JobBackend } from '../../src/jobs/backend.js'
import { JobQueue } from '../../src/jobs/job-queue.js'
import { jobRoutes } from '../../src/jobs/job-routes.js'
import { JOBS_PLUGIN, resolveJobsOptions, type JobsOptions, type ResolvedJobsOptions } from '../../src/jobs/jobs-options.js'
import { MemoryBackend } from '../../src/jobs/memory-backend.js'
import type { JobsState } from '../../src/jobs/request-jobs.js'
import { jobProcessor, type RegisteredJob } from '../../src/jobs/run-job.js'
import { FFA_ERR_JOBS_BULLMQ_MISSING } from '../../src/shared/codes.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'
import { redisFor } from '../../src/shared/redis-connection.js'
import { dropHeld, releaseHeld } from '../../src/shared/held-until-answer.js'
import { kHeldUntilAnswer, kJobsState } from '../../src/shared/symbols.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's jobs: `enqueue`, `get`, `follow`, `cancel`, `retry`, `deadLetters` (see the jobs plugin). */
    readonly jobs: JobQueue
  }
}

async function openBackend (app: FastifyInstance, options: ResolvedJobsOptions): Promise<JobBackend> {
  const bullmqOptions = options.bullmq
  if (bullmqOptions === null) return new MemoryBackend(options.retention)
  let bullmq: typeof import('bullmq')
  try {
    bullmq = await import('bullmq')
  } catch (error) {
    throw new FFA_ERR_JOBS_BULLMQ_MISSING((error as Error).message)
  }
  const { BullMQBackend } = await import('../../src/jobs/bullmq-backend.js')
  // Enqueues fail at once while Redis is away (a 503), rather than wait in ioredis' offline queue.
  const client = await redisFor(app, JOBS_PLUGIN, 'bullmq.redis', bullmqOptions.redis, { enableOfflineQueue: false })
  return new BullMQBackend(bullmq, { client, prefix: bullmqOptions.prefix, queue: bullmqOptions.queue, lockDurationMs: bullmqOptions.lockDurationMs, retention: options.retention }, app.log)
}

// The docs' model of a job's result: the job types' `result` models, when every type has one.
function resultModel (options: ResolvedJobsOptions): z.core.$ZodType | undefined {
  const models = options.jobs.map((job) => job.result)
  if (models.length === 0 || models.some((model) => model === undefined)) return undefined
  const [first, ...others] = models as z.core.$ZodType[]
  return others.length === 0 ? first : z.union(models as z.core.$ZodType[])
}

async function jobs (app: FastifyInstance, opts: JobsOptions): Promise<void> {
  const options = resolveJobsOptions(opts)
  if (registeredBefore(app, JOBS_PLUGIN, opts)) return
  const depends = dependsStateOf(app)
  const registered = new Map<string, RegisteredJob>()
  for (const type of options.jobs) {
    if (Object.keys(type.deps).length > 0 && depends === undefined) throw dependsPluginMissing(`job ${type.name}`)
    const resolver = new DepsResolver(`job ${type.name}`, type.deps, depends)
    depends?.app.want(resolver.appDefinitions)
    registered.set(type.name, { type, resolver, exactPayload: compileExactInput(type.payload) })
  }
  const backend = await openBackend(app, options)
  const routes = options.routes
  const queue = new JobQueue(registered, backend, {
    // A job's id is URL-safe as made (a UUID, or `k-` and base64url for a key): nothing to encode.
    location: routes === null ? () => null : (id) => `${routes.prefix}/${id}`,
    enqueueTimeoutMs: options.enqueueTimeoutMs,
    backend: options.bullmq === null ? 'in-process' : 'bullmq',
    concurrency: options.concurrency,
  })
  const state: JobsState = { queue }
  app.decorate(kJobsState, state)
  app.decorate('jobs', { getter: () => queue })
  // null, not an array: a decorator's object would be shared by every request.
  app.decorateRequest(kHeldUntilAnswer, null)

  // A request's jobs go once it has succeeded: a route of this library sends them after its
  // handler, response model and function-scoped dependencies (a transaction that commits before
  // the response), just before its answer; for any other route they go here, as its response is
  // sent. A queue that cannot take them turns the response into a 503. A request with no job pays one property read.
  app.addHook('onSend', (request, reply, payload, done) => {
    const released = releaseHeld(request, reply)
    if (released === undefined) return done(null, payload)
    released.then(() => done(null, payload), done)
  })
  // A failed request's jobs are dropped, as its background tasks are, with the Location it gave them.
  app.addHook('onError', (request, reply, _error, done) => {
    dropHeld(request, reply)
    done()
  })

  if (routes !== null) await app.register(jobRoutes(queue, routes, resultModel(options)))
  const concurrency = options.concurrency
  // Once the app-scoped dependencies the jobs use exist.
  if (concurrency !== null) app.addHook('onReady', async () => { backend.work(jobProcessor(registered, app.log), concurrency) })
  // Registered after the depends plugin, so this runs before it closes the resources jobs use.
  app.addHook('onClose', async (instance) => { await backend.close(options.drainTimeoutMs, instance.log) })
}

/**
 * Jobs: work accepted now, run after the response by a worker, followed by id. Job types
 * are declared once (`defineJob`), enqueued from routes (`deps: { jobs: Jobs }`, then
 * `deps.jobs.accept(job, payload)`: `202 Accepted` with a `Location`) or from anywhere
 * (`app.jobs.enqueue`), served at `GET /jobs/{job_id}` with their progress as server-sent
 * events. In process by default; on BullMQ (Redis) for several processes and workers.
 *
 * @example
 * await app.register(fastapiJobs, { jobs: [exportOrders] })
 * await app.register(fastapiJobs, { jobs: [exportOrders], bullmq: { redis: 'redis://127.0.0.1:6379' } })
 */
export const fastapiJobs = fp(jobs, { fastify: '5.x', name: JOBS_PLUGIN })
export default fastapiJobs

export { defineJob, JobType, type JobOptions, type JobContext, type JobHandler, type Backoff, type PayloadInput, type JobResult } from '../../src/jobs/job-type.js'
export { Jobs, RequestJobs } from '../../src/jobs/request-jobs.js'
export { JobQueue, JobQueueUnavailableError, type EnqueueOptions, type JobQueueSetup } from '../../src/jobs/job-queue.js'
export { jobAccepted, type JobRoutesOptions } from '../../src/jobs/job-routes.js'
export { JobAcceptedModel, type JobInfo, type JobStatus, type JobProgress, type JobAccepted } from '../../src/jobs/job-info.js'
export { JobTimeoutError } from '../../src/jobs/run-job.js'
export type { JobsOptions, BullMQOptions } from '../../src/jobs/jobs-options.js'
export type { Retention } from '../../src/jobs/backend.js'
export { CpuPool, CpuTaskError, type CpuPoolOptions, type CpuTask } from '../../src/jobs/cpu-pool.js'
export { UnitOfWork, beginUnitOfWork } from '../../src/shared/unit-of-work.js'
