import type { FastifyBaseLogger } from 'fastify'
import { finalizeIssues, runSchema } from '../errors/zod-parse.js'
import type { DepsResolver } from '../depends/resolve.js'
import type { ExactInput } from '../inputs/exact-input.js'
import { PermanentJobError, type Attempt, type Processor } from './backend.js'
import type { JobContext, JobType } from './job-type.js'
import { EMPTY } from '../shared/constants.js'

/** A registered job type, with its dependencies and its payload's compiled check. */
export interface RegisteredJob {
  type: JobType
  resolver: DepsResolver
  /** The payload's compiled exact check (`compileExactInput`): zod judges what it refuses. */
  exactPayload: ExactInput
}

/** The attempt ran past its job type's `timeoutMs`. */
export class JobTimeoutError extends Error {
  constructor (timeoutMs: number) {
    super(`The attempt timed out after ${timeoutMs} ms`)
    this.name = 'JobTimeoutError'
  }
}

/**
 * The worker's side: runs one attempt of a job through its type. The payload is checked
 * again first (a job enqueued before a deploy that changed its schema fails at once, without
 * retries); the dependencies are set up as a route's, and cleaned up after the handler, which
 * gets a signal that aborts on cancel and on timeout. A handler that ignores its signal is
 * not waited for past it: the attempt fails then (its work goes on, unobserved).
 */
export function jobProcessor (jobs: ReadonlyMap<string, RegisteredJob>, log: FastifyBaseLogger): Processor {
  return async (attempt: Attempt) => {
    const registered = jobs.get(attempt.name)
    if (registered === undefined) throw new PermanentJobError(`No job type named '${attempt.name}' is registered in this worker: add it to the jobs plugin's \`jobs\`.`)
    const { type, resolver } = registered
    const parsed = runSchema(type.payload, attempt.payload)
    if (!parsed.success) {
      const issues = finalizeIssues(parsed.issues, 10).map((issue) => `${issue.path.length === 0 ? '(payload)' : issue.path.join('.')}: ${issue.message}`)
      throw new PermanentJobError(`The payload no longer validates against the job type '${type.name}', so the job cannot run: ${issues.join('; ')}`)
    }
    const { controller } = attempt
    const { signal } = controller
    const timer = setTimeout(() => controller.abort(new JobTimeoutError(type.timeoutMs)), type.timeoutMs)
    let opened: Awaited<ReturnType<DepsResolver['open']>> | undefined
    let result: unknown
    try {
      opened = await resolver.open(log)
      result = await untilAborted(signal, () => type.handler(new JobContextImpl(attempt, parsed.data, opened?.deps ?? EMPTY, signal, log)))
    } catch (error) {
      throw opened === undefined ? error : await opened.cleanup.throwInto(error)
    } finally {
      clearTimeout(timer)
    }
    await opened?.cleanup.close()
    return result
  }
}

// What the handler gets. Its logger is made when read: most jobs never log.
class JobContextImpl implements JobContext {
  readonly id: string
  readonly payload: unknown
  readonly deps: Record<string, unknown>
  readonly signal: AbortSignal
  readonly attempt: number
  readonly #attempt: Attempt
  readonly #log: FastifyBaseLogger
  #child: FastifyBaseLogger | undefined

  constructor (attempt: Attempt, payload: unknown, deps: Record<string, unknown>, signal: AbortSignal, log: FastifyBaseLogger) {
    this.id = attempt.id
    this.payload = payload
    this.deps = deps
    this.signal = signal
    this.attempt = attempt.attempt
    this.#attempt = attempt
    this.#log = log
  }

  get log (): FastifyBaseLogger {
    return this.#child ??= this.#log.child({ job: this.#attempt.name, jobId: this.id, attempt: this.attempt })
  }

  // An arrow: handlers destructure it (`({ progress }) => ...`).
  readonly progress = (percent: number, message?: string): Promise<void> => {
    checkProgress(percent, message)
    return this.#attempt.progress(percent, message ?? null)
  }
}

function checkProgress (percent: unknown, message: unknown): void {
  if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100)) throw new TypeError(`progress(percent, message): percent must be a number from 0 to 100; got ${String(percent)}`)
  if (message !== undefined && typeof message !== 'string') throw new TypeError(`progress(percent, message): message must be a string; got ${typeof message}`)
}

// The handler's value, or the signal's reason as soon as it aborts.
async function untilAborted (signal: AbortSignal, run: () => unknown): Promise<unknown> {
  signal.throwIfAborted()
  let stop: (() => void) | undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    stop = () => reject(signal.reason)
    signal.addEventListener('abort', stop, { once: true })
  })
  try {
    return await Promise.race([Promise.resolve().then(run), aborted])
  } finally {
    signal.removeEventListener('abort', stop as () => void)
  }
}
