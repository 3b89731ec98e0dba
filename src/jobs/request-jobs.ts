import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Depends } from '../depends/dependency.js'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { holdUntilAnswer, type HeldUntilAnswer } from '../shared/held-until-answer.js'
import { kJobsState } from '../shared/symbols.js'
import { openUnitOfWork } from '../shared/unit-of-work.js'
import type { NewJob } from './backend.js'
import type { JobAccepted } from './job-info.js'
import type { EnqueueOptions, JobQueue } from './job-queue.js'
import type { JobType, PayloadInput } from './job-type.js'

/** The jobs plugin's state, on the instance it was registered on (and its children). */
export interface JobsState {
  queue: JobQueue
}

export function jobsStateOf (instance: FastifyInstance): JobsState | undefined {
  return (instance as unknown as Record<symbol, JobsState | undefined>)[kJobsState]
}

/**
 * The jobs a request enqueued, sent once it has succeeded (just before its answer goes out)
 * and dropped if it fails, with the `Location` it gave them. A queue that cannot take them
 * answers 503 in place of the response.
 */
class HeldJobs implements HeldUntilAnswer {
  readonly jobs: NewJob[] = []
  /** It answered 202 with a `Location` for one of them. */
  accepted = false

  constructor (private readonly queue: JobQueue) {}

  release (): Promise<void> {
    return this.queue.send(this.jobs, true)
  }

  drop (reply: FastifyReply): void {
    if (this.accepted) reply.removeHeader('location')
  }
}

/**
 * The app's jobs as a request sees them (`deps: { jobs: Jobs }`): what it enqueues is sent
 * only if the request succeeds. By default the jobs wait until the handler and its
 * function-scoped dependencies (where a transaction that commits before the response lives)
 * have finished without error, just before the response goes out, and are dropped if the
 * request fails; inside a unit of work (`beginUnitOfWork`) they wait for its commit instead.
 */
export class RequestJobs {
  readonly #queue: JobQueue
  readonly #request: FastifyRequest
  readonly #reply: FastifyReply
  #held: HeldJobs | undefined

  constructor (queue: JobQueue, request: FastifyRequest, reply: FastifyReply) {
    this.#queue = queue
    this.#request = request
    this.#reply = reply
  }

  /** Checks the payload now (a bad one is the request's 422) and holds the job until the request succeeds. */
  async enqueue<TJob extends JobType> (job: TJob, payload: PayloadInput<TJob>, options: EnqueueOptions = {}): Promise<JobAccepted> {
    const work = openUnitOfWork(this.#request)
    if (work === undefined) return this.#hold(job, payload, options)
    const prepared = this.#queue.prepare(job, payload, options)
    await work.afterCommit(() => this.#queue.send([prepared], true))
    return this.#queue.accepted(prepared.id)
  }

  /**
   * `enqueue`, answered as `202 Accepted` with `Location: /jobs/{id}`: return it from the
   * handler (with the route options `jobAccepted` for the docs).
   */
  async accept<TJob extends JobType> (job: TJob, payload: PayloadInput<TJob>, options: EnqueueOptions = {}): Promise<JobAccepted> {
    // Held until the request succeeds, as mostly, it needs no wait of its own.
    const accepted = openUnitOfWork(this.#request) === undefined ? this.#hold(job, payload, options) : await this.enqueue(job, payload, options)
    this.#reply.code(202)
    if (accepted.location !== null) {
      this.#reply.header('location', accepted.location)
      this.#heldJobs().accepted = true
    }
    return accepted
  }

  #hold (job: JobType, payload: unknown, options: EnqueueOptions): JobAccepted {
    const prepared = this.#queue.prepare(job, payload, options)
    this.#heldJobs().jobs.push(prepared)
    return this.#queue.accepted(prepared.id)
  }

  #heldJobs (): HeldJobs {
    if (this.#held === undefined) {
      this.#held = new HeldJobs(this.#queue)
      holdUntilAnswer(this.#request, this.#held)
    }
    return this.#held
  }

  /** The app's queue, to read, follow or cancel jobs; what it enqueues is sent at once. */
  get queue (): JobQueue {
    return this.#queue
  }
}

/**
 * The request's jobs, as a dependency: `deps: { jobs: Jobs }`, then
 * `return deps.jobs.accept(exportOrders, body)`. Jobs enqueued here are sent only if the request succeeds.
 *
 * @example
 * app.api.post('/reports', { ...jobAccepted, body: ReportRequest, deps: { jobs: Jobs } },
 *   ({ body, deps }) => deps.jobs.accept(exportOrders, body))
 */
export const Jobs = Depends({ name: 'Jobs' }, function jobs ({ request, reply }): RequestJobs {
  const state = jobsStateOf(request.server)
  if (state === undefined) throw new FFA_ERR_PLUGIN_MISSING('The Jobs dependency', 'jobs (fastify-fastapi/jobs, or the fastapi preset\'s `jobs` option)')
  return new RequestJobs(state.queue, request, reply)
})
