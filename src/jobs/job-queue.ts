import { createHash, randomUUID } from 'node:crypto'
import { HTTPException } from '../errors/http-exception.js'
import { RequestValidationError } from '../errors/validation-error.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { zodIssuesToItems } from '../errors/zod-issues.js'
import { parseToIssues } from '../errors/zod-parse.js'
import { REFUSED } from '../inputs/exact-input.js'
import { FFA_ERR_JOB_UNKNOWN } from '../shared/codes.js'
import { errorText, type JobBackend, type NewJob } from './backend.js'
import { isFinished, type JobAccepted, type JobInfo } from './job-info.js'
import type { JobResult, JobType, PayloadInput } from './job-type.js'
import type { RegisteredJob } from './run-job.js'
import { SendDeadlines } from './send-deadlines.js'

/** How one job is enqueued. */
export interface EnqueueOptions {
  /**
   * Makes the enqueue idempotent: the job's id is derived from its type and this key, so the
   * same key makes no second job while the first is kept (running, or finished and not yet expired).
   */
  key?: string
}

/** The queue could not take the job (Redis unreachable, or too slow): 503, try again later. */
export class JobQueueUnavailableError extends HTTPException {
  constructor (cause: unknown) {
    super(503, 'The job queue is unavailable: try again later', { 'Retry-After': '5' })
    this.name = 'JobQueueUnavailableError'
    this.cause = cause
  }
}

/** How an app's queue is set up: what `fastify-fastapi worker` checks, and logs, before it runs jobs. */
export interface JobQueueSetup {
  /** Where jobs are kept: this process's memory, or BullMQ in Redis (shared by every process of the app). */
  backend: 'in-process' | 'bullmq'
  /** The job types' names. */
  jobs: readonly string[]
  /** How many jobs this process runs at once; `null` when it runs none (`workers: false`). */
  concurrency: number | null
}

export interface JobQueueSettings {
  /** Where a job's status is served (`/jobs/{id}`), or `null` without the routes. */
  location: (id: string) => string | null
  /** How long an enqueue waits for the backend before it gives up with a 503. */
  enqueueTimeoutMs: number
  /** Read back through `setup`. */
  backend: JobQueueSetup['backend']
  /** Read back through `setup`. */
  concurrency: number | null
}

/**
 * The app's jobs (`app.jobs`): enqueue, read, follow, cancel and retry them. Enqueued from a
 * route, a payload its type refuses is the client's 422, in FastAPI's error shape.
 */
export class JobQueue {
  readonly #jobs: ReadonlyMap<string, RegisteredJob>
  readonly #backend: JobBackend
  readonly #settings: JobQueueSettings
  readonly #deadlines: SendDeadlines
  /** Where jobs are kept, which types there are, and how many this process runs at once. */
  readonly setup: JobQueueSetup

  constructor (jobs: ReadonlyMap<string, RegisteredJob>, backend: JobBackend, settings: JobQueueSettings) {
    this.#jobs = jobs
    this.#backend = backend
    this.#settings = settings
    this.#deadlines = new SendDeadlines(settings.enqueueTimeoutMs, (reason, error) => new JobQueueUnavailableError(reason === 'timeout'
      ? new Error(`the backend did not answer in ${settings.enqueueTimeoutMs} ms`)
      : new Error(errorText(error), { cause: error })))
    this.setup = Object.freeze({ backend: settings.backend, jobs: Object.freeze([...jobs.keys()]), concurrency: settings.concurrency })
  }

  /**
   * Queues a job now and answers its id and where to follow it. A payload its type refuses
   * throws a RequestValidationError (a 422 from a route); a backend that cannot take it in
   * `enqueueTimeoutMs` throws a JobQueueUnavailableError (a 503).
   */
  async enqueue<TJob extends JobType> (job: TJob, payload: PayloadInput<TJob>, options: EnqueueOptions = {}): Promise<JobAccepted> {
    const prepared = this.prepare(job, payload, options)
    await this.send([prepared])
    return this.accepted(prepared.id)
  }

  /** Checks the payload and makes the job, its id included, without sending it. */
  prepare (job: JobType, payload: unknown, options: EnqueueOptions = {}): NewJob {
    const registered = this.#jobs.get(job?.name)
    if (registered === undefined || registered.type !== job) throw new FFA_ERR_JOB_UNKNOWN(String(job?.name), [...this.#jobs.keys()].join(', ') || 'none')
    // The compiled check first (a payload its exact JSON Schema accepts, zod accepts); zod judges the rest and words the 422.
    if (registered.exactPayload(payload) === REFUSED) {
      const parsed = parseToIssues(job.payload, payload)
      if (!parsed.success) {
        const items: ValidationErrorItem[] = []
        zodIssuesToItems(parsed.issues, ['body'], payload, 'null', items)
        throw new RequestValidationError(items, payload)
      }
    }
    return { id: jobId(job.name, options.key), name: job.name, payload, maxAttempts: job.attempts, backoff: job.backoff }
  }

  /**
   * Sends prepared jobs to the backend, each within `enqueueTimeoutMs`. `withOthers`: the jobs
   * of a request being answered, which go to Redis with those of the other requests answered
   * in the same turn of the event loop (in one write); `app.jobs.enqueue`'s go at once.
   */
  send (jobs: readonly NewJob[], withOthers = false): Promise<void> {
    if (jobs.length === 1) return this.#deadlines.wait(this.#backend.add(jobs[0] as NewJob, withOthers))
    return this.#sendEach(jobs, withOthers)
  }

  async #sendEach (jobs: readonly NewJob[], withOthers: boolean): Promise<void> {
    for (const job of jobs) await this.#deadlines.wait(this.#backend.add(job, withOthers))
  }

  accepted (id: string): JobAccepted {
    return { id, status: 'queued', location: this.#settings.location(id) }
  }

  /** A job by id, typed by its job type when given: `app.jobs.get(exportOrders, id)`. */
  get<TJob extends JobType> (job: TJob, id: string): Promise<JobInfo<JobResult<TJob>> | undefined>
  get (id: string): Promise<JobInfo | undefined>
  async get (first: JobType | string, second?: string): Promise<JobInfo | undefined> {
    if (typeof first === 'string') return this.#backend.get(first)
    const info = await this.#backend.get(second as string)
    return info?.name === first.name ? info : undefined
  }

  /** Cancels a job: a queued one at once, a running one through its signal. */
  cancel (id: string): Promise<JobInfo | undefined> {
    return this.#backend.cancel(id)
  }

  /** Queues a dead letter (a `failed` job) again. */
  retry (id: string): Promise<JobInfo | undefined> {
    return this.#backend.retry(id)
  }

  /** The failed jobs kept, newest first. */
  deadLetters (limit = 100): Promise<JobInfo[]> {
    return this.#backend.deadLetters(limit)
  }

  /**
   * The job now, then each change of its status or progress, until it is finished (or
   * `signal` aborts): what `GET /jobs/{id}/events` streams. Nothing for an unknown id.
   */
  async * follow (id: string, signal?: AbortSignal): AsyncGenerator<JobInfo, void, undefined> {
    const changes: JobInfo[] = []
    let wake: (() => void) | undefined
    const onAbort = () => wake?.()
    const unwatch = await this.#backend.watch(id, (info) => {
      changes.push(info)
      wake?.()
    })
    signal?.addEventListener('abort', onAbort)
    try {
      let current = await this.#backend.get(id)
      if (current === undefined) return
      yield current
      while (!isFinished(current.status) && signal?.aborted !== true) {
        if (changes.length === 0) await new Promise<void>((resolve) => { wake = resolve })
        wake = undefined
        const next = changes.shift()
        if (next === undefined) continue
        if (next.status === current.status && next.progress.percent === current.progress.percent && next.progress.message === current.progress.message && next.attempts === current.attempts) continue
        current = next
        yield current
      }
    } finally {
      signal?.removeEventListener('abort', onAbort)
      unwatch()
    }
  }
}

// A key's job has the same id every time: its type and key, hashed (ids go in URLs and in Redis keys).
function jobId (name: string, key: string | undefined): string {
  if (key === undefined) return randomUUID()
  if (typeof key !== 'string' || key === '') throw new TypeError(`enqueue(..., { key }): the key must be a non-empty string; got ${String(key)}`)
  return `k-${createHash('sha256').update(`${name}\0${key}`).digest('base64url').slice(0, 32)}`
}
