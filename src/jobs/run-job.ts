import type { FastifyBaseLogger } from 'fastify'
import { finalizeIssues, runSchema } from '../errors/zod-parse.js'
import type { DepsResolver, OpenedDeps } from '../depends/resolve.js'
import { REFUSED, type ExactInput } from '../inputs/exact-input.js'
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
    const payload = checkedPayload(registered, attempt.payload)
    const { controller } = attempt
    const { signal } = controller
    const timer = setTimeout(abortAtTimeout, type.timeoutMs, controller, type.timeoutMs)
    let opened: OpenedDeps | undefined
    let result: unknown
    try {
      const opening = resolver.open(log)
      if (opening !== undefined) opened = await opening
      result = await untilAborted(signal, type.handler, new JobContextImpl(attempt, payload, opened?.deps ?? EMPTY, signal, log))
    } catch (error) {
      throw opened === undefined ? error : await opened.cleanup.throwInto(error)
    } finally {
      clearTimeout(timer)
    }
    if (opened !== undefined) await opened.cleanup.close()
    return result
  }
}

function abortAtTimeout (controller: AbortController, timeoutMs: number): void {
  controller.abort(new JobTimeoutError(timeoutMs))
}

// The payload as the handler gets it: the compiled check first (what its exact JSON Schema
// accepts, zod accepts), zod for the rest, and for the words of a payload that no longer fits.
function checkedPayload ({ type, exactPayload }: RegisteredJob, payload: unknown): unknown {
  const exact = exactPayload(payload)
  if (exact !== REFUSED) return exact
  const parsed = runSchema(type.payload, payload)
  if (parsed.success) return parsed.data
  const issues = finalizeIssues(parsed.issues, 10).map((issue) => `${issue.path.length === 0 ? '(payload)' : issue.path.join('.')}: ${issue.message}`)
  throw new PermanentJobError(`The payload no longer validates against the job type '${type.name}', so the job cannot run: ${issues.join('; ')}`)
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
  #progress: ((percent: number, message?: string) => Promise<void>) | undefined

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

  // A function of its own, made when first read: handlers destructure it (`({ progress }) => ...`), most never do.
  get progress (): (percent: number, message?: string) => Promise<void> {
    return this.#progress ??= (percent, message) => {
      checkProgress(percent, message)
      return this.#attempt.progress(percent, message ?? null)
    }
  }
}

function checkProgress (percent: unknown, message: unknown): void {
  if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100)) throw new TypeError(`progress(percent, message): percent must be a number from 0 to 100; got ${String(percent)}`)
  if (message !== undefined && typeof message !== 'string') throw new TypeError(`progress(percent, message): message must be a string; got ${typeof message}`)
}

// The handler's value, or the signal's reason as soon as it aborts: one promise, settled by
// whichever comes first. The race is the signal's listener itself (`handleEvent`).
function untilAborted (signal: AbortSignal, handler: (context: JobContextImpl) => unknown, context: JobContextImpl): Promise<unknown> {
  signal.throwIfAborted()
  return new Promise((resolve, reject) => {
    const race = new AbortRace(signal, resolve, reject)
    signal.addEventListener('abort', race, { once: true })
    Promise.resolve(context).then(handler).then((value) => { race.settle(value, false) }, (error: unknown) => { race.settle(error, true) })
  })
}

class AbortRace {
  readonly #signal: AbortSignal
  readonly #resolve: (value: unknown) => void
  readonly #reject: (error: unknown) => void

  constructor (signal: AbortSignal, resolve: (value: unknown) => void, reject: (error: unknown) => void) {
    this.#signal = signal
    this.#resolve = resolve
    this.#reject = reject
  }

  /** The signal aborted first. */
  handleEvent (): void {
    this.#reject(this.#signal.reason)
  }

  /** The handler finished first (or after: then nothing changes). */
  settle (outcome: unknown, failed: boolean): void {
    this.#signal.removeEventListener('abort', this)
    if (failed) this.#reject(outcome)
    else this.#resolve(outcome)
  }
}
