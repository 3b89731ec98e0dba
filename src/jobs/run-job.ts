import type { FastifyBaseLogger } from 'fastify'
import { finalizeIssues, runSchema } from '../errors/zod-parse.js'
import type { DepsResolver } from '../depends/resolve.js'
import { PermanentJobError, type Attempt, type Processor } from './backend.js'
import type { JobType } from './job-type.js'

/** A registered job type, with its dependencies compiled. */
export interface RegisteredJob {
  type: JobType
  resolver: DepsResolver
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
    const jobLog = log.child({ job: type.name, jobId: attempt.id, attempt: attempt.attempt })
    const signal = AbortSignal.any([attempt.signal, AbortSignal.timeout(type.timeoutMs)])
    const { deps, cleanup } = await resolver.open(jobLog)
    let result: unknown
    try {
      result = await untilAborted(signal, type.timeoutMs, () => type.handler({
        id: attempt.id,
        payload: parsed.data,
        deps,
        progress: (percent, message) => {
          checkProgress(percent, message)
          return attempt.progress(percent, message ?? null)
        },
        signal,
        attempt: attempt.attempt,
        log: jobLog,
      }))
    } catch (error) {
      throw await cleanup.throwInto(error)
    }
    await cleanup.close()
    return result
  }
}

function checkProgress (percent: unknown, message: unknown): void {
  if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100)) throw new TypeError(`progress(percent, message): percent must be a number from 0 to 100; got ${String(percent)}`)
  if (message !== undefined && typeof message !== 'string') throw new TypeError(`progress(percent, message): message must be a string; got ${typeof message}`)
}

// The handler's value, or the signal's reason as soon as it aborts.
async function untilAborted (signal: AbortSignal, timeoutMs: number, run: () => unknown): Promise<unknown> {
  signal.throwIfAborted()
  let stop: (() => void) | undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    stop = () => reject(reasonOf(signal, timeoutMs))
    signal.addEventListener('abort', stop, { once: true })
  })
  try {
    return await Promise.race([Promise.resolve().then(run), aborted])
  } finally {
    signal.removeEventListener('abort', stop as () => void)
  }
}

function reasonOf (signal: AbortSignal, timeoutMs: number): unknown {
  const reason: unknown = signal.reason
  return reason instanceof DOMException && reason.name === 'TimeoutError' ? new JobTimeoutError(timeoutMs) : reason
}
