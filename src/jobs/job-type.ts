import type { FastifyBaseLogger } from 'fastify'
import { inspect } from 'node:util'
import type { z } from 'zod'
import { Dependency } from '../depends/dependency.js'
import type { DeclaredDeps, DepsDeclaration } from '../depends/types.js'
import { FFA_ERR_JOB_INVALID } from '../shared/codes.js'
import { isZodSchema } from '../shared/is-zod-schema.js'

/** How long a failed attempt waits before the next: `delayMs`, or `delayMs * 2^(attempt - 1)`. */
export interface Backoff {
  type: 'fixed' | 'exponential'
  delayMs: number
}

/** What `defineJob(options, handler)` declares. */
export interface JobOptions {
  /** The job type's name: in the queue, the logs, `GET /jobs/{id}`. Unique in an app. */
  name: string
  /** The payload, checked when the job is enqueued (422 from a route) and again when it runs. */
  payload: z.core.$ZodType
  /** Dependencies, as a route declares them: app-scoped resources, generators cleaned up after the run, overrides in tests. */
  deps?: DepsDeclaration
  /** Attempts after the first one fails (default 0): a job that throws runs again, up to this many times. */
  retries?: number
  /** The wait between attempts (default `{ type: 'exponential', delayMs: 1000 }`). */
  backoff?: Backoff
  /** How long one attempt may run, in ms (default 300 000): then its signal aborts and the attempt fails. */
  timeoutMs?: number
  /** The result's model, for the docs of `GET /jobs/{id}`; the handler's return type is the result's type either way. */
  result?: z.core.$ZodType
}

/** What a job's handler receives. */
export interface JobContext<TOptions extends JobOptions = JobOptions> {
  /** The job's id, as `GET /jobs/{id}` reads it. */
  id: string
  /** The payload, validated and coerced by the job type's schema. */
  payload: z.output<TOptions['payload']>
  /** The values of the declared `deps`. */
  deps: DeclaredDeps<TOptions>
  /** Reports progress: a percentage from 0 to 100, and a message. */
  progress: (percent: number, message?: string) => Promise<void>
  /** Aborts when the job is cancelled, its attempt times out, or the worker shuts down past its drain time. */
  signal: AbortSignal
  /** Which attempt this is, from 1. */
  attempt: number
  log: FastifyBaseLogger
}

export type JobHandler<TOptions extends JobOptions, TResult> = (context: JobContext<TOptions>) => TResult

declare const jobTypes: unique symbol

/**
 * A job type: its name, payload schema, handler and run settings, declared once with
 * `defineJob`. Carries the payload's and the result's types for `enqueue` and `GET /jobs/{id}`.
 */
export class JobType<TPayload extends z.core.$ZodType = z.core.$ZodType, TResult = unknown> {
  declare readonly [jobTypes]?: { payload: TPayload, result: TResult }
  readonly name: string
  readonly payload: TPayload
  readonly deps: DepsDeclaration
  readonly retries: number
  readonly backoff: Readonly<Backoff>
  readonly timeoutMs: number
  readonly result: z.core.$ZodType | undefined
  readonly handler: (context: JobContext) => unknown

  constructor (options: JobOptions & { payload: TPayload }, handler: (context: JobContext) => unknown) {
    this.name = options.name
    this.payload = options.payload
    this.deps = options.deps ?? {}
    this.retries = options.retries ?? 0
    this.backoff = Object.freeze({ ...(options.backoff ?? DEFAULT_BACKOFF) })
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.result = options.result
    this.handler = handler
  }

  /** Attempts in all: the first and its retries. */
  get attempts (): number {
    return this.retries + 1
  }
}

export const DEFAULT_BACKOFF: Readonly<Backoff> = Object.freeze({ type: 'exponential', delayMs: 1000 })
export const DEFAULT_TIMEOUT_MS = 300_000

/** The payload a job type's `enqueue` takes: its schema's input. */
export type PayloadInput<TJob> = TJob extends JobType<infer TPayload, unknown> ? z.input<TPayload> : never
/** What a job type's handler resolves to. */
export type JobResult<TJob> = TJob extends JobType<z.core.$ZodType, infer TResult> ? TResult : never

type JobOptionName = keyof JobOptions
const OPTION_NAMES = ['name', 'payload', 'deps', 'retries', 'backoff', 'timeoutMs', 'result'] as const satisfies readonly JobOptionName[]

// Inferred options skip TypeScript's excess-property check; this brings it back.
type NoUnknownJobOptions<TOptions> = { [Key in Exclude<keyof TOptions, JobOptionName>]: never }

function invalid (message: string): never {
  throw new FFA_ERR_JOB_INVALID(message)
}

function checkJobOptions (options: JobOptions, handler: unknown): void {
  if (typeof options !== 'object' || options === null) invalid(`options must be an object ({ name, payload }); got ${inspect(options)}.`)
  const { name } = options
  if (typeof name !== 'string' || !/^[\w.-]{1,100}$/.test(name)) invalid(`'name' must be 1 to 100 letters, digits, '_', '.' or '-' ('export-orders'); got ${inspect(name)}.`)
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) invalid(`${name}: unknown option '${key}'. Known options: ${OPTION_NAMES.join(', ')}.`)
  }
  if (!isZodSchema(options.payload)) invalid(`${name}: 'payload' must be a zod schema (z.object({ ... })); got ${inspect(options.payload, { depth: 0 })}.`)
  if (options.result !== undefined && !isZodSchema(options.result)) invalid(`${name}: 'result' must be a zod schema; got ${inspect(options.result, { depth: 0 })}.`)
  if (options.deps !== undefined) {
    if (typeof options.deps !== 'object' || options.deps === null) invalid(`${name}: 'deps' must be an object of dependencies ({ db: getDb }); got ${inspect(options.deps)}.`)
    for (const [key, value] of Object.entries(options.deps)) {
      if (!(value instanceof Dependency)) invalid(`${name}: deps.${key} must be a dependency made with Depends(fn); got ${inspect(value, { depth: 0 })}.`)
    }
  }
  if (options.retries !== undefined && (!Number.isSafeInteger(options.retries) || options.retries < 0)) invalid(`${name}: 'retries' must be a whole number, 0 or more; got ${inspect(options.retries)}.`)
  if (options.timeoutMs !== undefined && (!Number.isSafeInteger(options.timeoutMs) || options.timeoutMs < 1)) invalid(`${name}: 'timeoutMs' must be a whole number of milliseconds, 1 or more; got ${inspect(options.timeoutMs)}.`)
  const backoff = options.backoff
  if (backoff !== undefined && (typeof backoff !== 'object' || backoff === null || (backoff.type !== 'fixed' && backoff.type !== 'exponential') ||
    !Number.isSafeInteger(backoff.delayMs) || backoff.delayMs < 0)) {
    invalid(`${name}: 'backoff' must be { type: 'fixed' | 'exponential', delayMs: 0 or more }; got ${inspect(backoff)}.`)
  }
  if (typeof handler !== 'function') invalid(`${name}: the handler must be a function; got ${inspect(handler, { depth: 0 })}.`)
}

/**
 * Declares a job type once: its payload (checked when enqueued and again when run), its
 * dependencies, retries, backoff and timeout, and the handler, which gets the payload, a
 * progress reporter, an AbortSignal and its dependencies, and returns the result.
 *
 * @example
 * export const exportOrders = defineJob({
 *   name: 'export-orders',
 *   payload: z.object({ since: z.iso.date() }),
 *   deps: { db: getDb },
 *   retries: 3,
 * }, async ({ payload, deps, progress, signal }) => {
 *   const orders = await deps.db.orders.since(payload.since, { signal })
 *   await progress(50, `${orders.length} orders read`)
 *   return { rows: orders.length, csv: toCsv(orders) }
 * })
 */
export function defineJob<TOptions extends JobOptions, TResult> (
  options: TOptions & NoUnknownJobOptions<TOptions>,
  handler: JobHandler<TOptions, TResult>,
): JobType<TOptions['payload'], Awaited<TResult>> {
  checkJobOptions(options, handler)
  return new JobType(options, handler as (context: JobContext) => unknown)
}
