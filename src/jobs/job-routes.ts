import { z } from 'zod'
import { Depends, type Dependency } from '../depends/dependency.js'
import { HTTPException } from '../errors/http-exception.js'
import { EventSourceResponse, ServerSentEvent } from '../responses/server-sent-events.js'
import { APIRouter } from '../routing/api-router.js'
import { isFinished, jobInfoModel, JobAcceptedModel, type JobInfo } from './job-info.js'
import type { JobQueue } from './job-queue.js'

/** The routes that serve jobs: where, under which tags, behind which dependencies. */
export interface JobRoutesOptions {
  /** Where they are served (default `/jobs`): `GET /jobs/{job_id}`, `POST /jobs/{job_id}/cancel`, `GET /jobs/{job_id}/events`. */
  prefix?: string
  /** Their tags in the docs (default `['jobs']`). */
  tags?: string[]
  /** Dependencies run before each of them, to restrict who may read and cancel jobs (an auth check). */
  dependencies?: Dependency<unknown>[]
}

const ACCEPTED = 'Accepted: the job is queued. Follow it at the `Location` header\'s URL, and its progress at that URL + `/events`.'

/**
 * The route options of a route that answers `deps.jobs.accept(...)`: `202 Accepted`, the job's
 * id and where to follow it, documented.
 *
 * @example
 * app.api.post('/reports', { ...jobAccepted, body: ReportRequest, deps: { jobs: Jobs } },
 *   ({ body, deps }) => deps.jobs.accept(exportOrders, body))
 */
export const jobAccepted = {
  status: 202,
  response: JobAcceptedModel,
  responseDescription: ACCEPTED,
  responses: { 202: { description: ACCEPTED, headers: { Location: { description: 'Where to read the job (`GET`), and to follow it (`/events` below it)', schema: z.string() } } } },
} as const

const JobParams = z.object({ job_id: z.string().max(200) })
const JOB_NOT_FOUND = 'No job has this id (or it finished long enough ago to be dropped)'

/** The job routes, as an APIRouter, over the app's queue. */
export function jobRoutes (queue: JobQueue, options: Required<JobRoutesOptions>, results: z.core.$ZodType | undefined): APIRouter {
  const router = new APIRouter({ prefix: options.prefix, tags: options.tags, dependencies: options.dependencies })
  const JobInfoModel = jobInfoModel(results)
  // A dependency: an unknown id is a 404 before an event stream starts.
  const knownJob = Depends({ params: JobParams, errors: [{ status: 404, description: JOB_NOT_FOUND }] }, async function knownJob ({ params }) {
    const job = await queue.get(params.job_id)
    if (job === undefined) throw new HTTPException(404, 'Job not found')
    return job
  })

  router.get('/{job_id}', {
    params: JobParams,
    deps: { job: knownJob },
    response: JobInfoModel,
    summary: 'Read a job',
    description: 'Its status (`queued`, `running`, `succeeded`, `failed`, `cancelled`), progress, attempts, and its result or error.',
  }, function readJob ({ deps }) {
    return deps.job
  })

  router.post('/{job_id}/cancel', {
    params: JobParams,
    deps: { job: knownJob },
    response: JobInfoModel,
    summary: 'Cancel a job',
    description: 'A queued job is cancelled at once (200). A running one is told to stop through its signal and ends `cancelled` (202). A finished one cannot be (409).',
    responses: { 202: { description: 'Cancellation asked of the running job', model: JobInfoModel }, 409: { description: 'The job has already finished' } },
  }, async function cancelJob ({ deps, reply }) {
    if (isFinished(deps.job.status)) throw new HTTPException(409, `The job has already finished: it is ${deps.job.status}`)
    const after = await queue.cancel(deps.job.id) ?? deps.job
    if (after.status === 'running') reply.code(202)
    return after
  })

  router.get('/{job_id}/events', {
    params: JobParams,
    deps: { job: knownJob },
    response: JobInfoModel,
    responseClass: EventSourceResponse,
    summary: 'Follow a job',
    description: 'Server-sent events: the job now, then an event at each change of its status or progress (`event: running`, `event: progress`, ...), until it is finished.',
  }, async function * followJob ({ deps, reply }) {
    const left = new AbortController()
    reply.raw.once('close', () => left.abort())
    yield * events(queue.follow(deps.job.id, left.signal))
  })

  return router
}

async function * events (changes: AsyncGenerator<JobInfo>): AsyncGenerator<ServerSentEvent> {
  let previous: JobInfo | undefined
  let n = 0
  for await (const job of changes) {
    const event = previous !== undefined && previous.status === job.status ? 'progress' : job.status
    previous = job
    yield new ServerSentEvent({ data: job, event, id: String(++n) })
  }
}
