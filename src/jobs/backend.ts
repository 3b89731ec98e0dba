import type { FastifyBaseLogger } from 'fastify'
import type { Backoff } from './job-type.js'
import type { JobInfo } from './job-info.js'

/** A job to store, its run settings read off its type when it was enqueued. */
export interface NewJob {
  id: string
  name: string
  /** The payload as enqueued (JSON), validated again when it runs. */
  payload: unknown
  maxAttempts: number
  backoff: Backoff
}

/** One attempt of a job, as a backend hands it to the worker. */
export interface Attempt {
  id: string
  name: string
  payload: unknown
  /** From 1. */
  attempt: number
  /**
   * The attempt's one controller: the backend aborts it when the job is cancelled or a shutdown
   * gives up waiting for it, the worker at the job type's timeout; its signal is the handler's.
   */
  controller: AbortController
  progress: (percent: number, message: string | null) => Promise<void>
}

/** Runs one attempt; what it throws fails the attempt (a PermanentJobError fails the job). */
export type Processor = (attempt: Attempt) => Promise<unknown>

/** How long a finished job stays readable. */
export interface Retention {
  /** Succeeded and cancelled jobs, in ms. */
  finishedMs: number
  /** Failed jobs (the dead letters), in ms. */
  failedMs: number
  /** At most this many finished jobs of each kind are kept, the oldest dropped first. */
  count: number
}

/** Where jobs are kept and run: the in-process queue, or BullMQ on Redis. */
export interface JobBackend {
  /** Stores a job, unless one with its id is there (an idempotent enqueue by key). */
  /**
   * `withOthers`: the job of a request being answered, which may wait for the end of this turn
   * of the event loop to go with the jobs of the other requests answered in it.
   */
  add (job: NewJob, withOthers?: boolean): Promise<unknown>
  get (id: string): Promise<JobInfo | undefined>
  /** A queued job is cancelled at once; a running one's signal aborts, and it ends `cancelled`. */
  cancel (id: string): Promise<JobInfo | undefined>
  /** Queues a dead letter (a `failed` job) again, with its attempts counted from zero. */
  retry (id: string): Promise<JobInfo | undefined>
  /** The failed jobs kept, newest first. */
  deadLetters (limit: number): Promise<JobInfo[]>
  /** Calls `listener` with the job each time its status or progress changes; returns the unsubscribe. */
  watch (id: string, listener: (info: JobInfo) => void): Promise<() => void>
  /** Starts taking jobs, `concurrency` at a time, in this process. */
  work (processor: Processor, concurrency: number): void
  /** Stops taking jobs and waits for the running ones, `drainTimeoutMs` at most; the in-process queue runs its queued ones too. */
  close (drainTimeoutMs: number, log: FastifyBaseLogger): Promise<void>
}

/** An error after which a job is not tried again: its payload no longer validates, it was cancelled. */
export class PermanentJobError extends Error {
  constructor (message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'PermanentJobError'
  }
}

/** The reason a cancelled attempt's signal carries, and the start of its job's `error`. */
export const CANCELLED = 'Cancelled'

export class JobCancelledError extends PermanentJobError {
  constructor () {
    super(`${CANCELLED}: the job was cancelled while it ran`)
    this.name = 'JobCancelledError'
  }
}

/** The wait before attempt `attempt + 1`, after `attempt` failed. */
export function backoffDelay (backoff: Backoff, attempt: number): number {
  return backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** (attempt - 1)
}

/** The error a failed attempt leaves on its job: its message, without a stack. */
export function errorText (error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message
  return String(error)
}

type Listener = (info: JobInfo) => void

/** Who follows which job, for a backend's `watch`. */
export class Watchers {
  readonly #byId = new Map<string, Set<Listener>>()

  has (id: string): boolean {
    return this.#byId.has(id)
  }

  /** Adds a listener; returns its removal. */
  add (id: string, listener: Listener): () => void {
    let listeners = this.#byId.get(id)
    if (listeners === undefined) this.#byId.set(id, listeners = new Set())
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0 && this.#byId.get(id) === listeners) this.#byId.delete(id)
    }
  }

  notify (id: string, info: JobInfo): void {
    const listeners = this.#byId.get(id)
    if (listeners === undefined) return
    for (const listener of listeners) listener(info)
  }

  /** Forgets a finished job's listeners: nothing more will change. */
  drop (id: string): void {
    this.#byId.delete(id)
  }
}
