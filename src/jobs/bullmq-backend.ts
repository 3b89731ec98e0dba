import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { Job, Queue, QueueEvents, Worker } from 'bullmq'
import { CANCELLED, errorText, JobCancelledError, PermanentJobError, Watchers, type Attempt, type JobBackend, type NewJob, type Processor, type Retention } from './backend.js'
import type { JobInfo, JobStatus } from './job-info.js'
import { closeRedis } from '../shared/redis-connection.js'
import { TurnWrites } from '../shared/turn-writes.js'

type BullMQ = typeof import('bullmq')

// At most this many jobs wait for the end of a turn: a larger burst leaves in pieces of it.
const TURN_BATCH = 32

export interface BullMQSettings {
  /** The connection the queue uses; the workers and the event reader use copies of it. */
  client: Redis
  /** The key prefix (BullMQ's `prefix`), so that apps share a Redis without sharing jobs. */
  prefix: string
  /** The queue's name. */
  queue: string
  /** How long a worker holds a job without renewing its lock; a worker dead longer gives its job to another. */
  lockDurationMs: number
  retention: Retention
}

interface Progress { percent: number, message: string | null }

/**
 * Jobs in Redis through BullMQ: many processes enqueue, many work, each job
 * runs at least once (a worker killed mid-job leaves a lock that expires, and the job runs
 * again elsewhere). Cancelling a running job is a message on a channel every worker hears.
 */
export class BullMQBackend implements JobBackend {
  readonly #bullmq: BullMQ
  readonly #settings: BullMQSettings
  readonly #queue: Queue
  readonly #connections: Redis[] = []
  readonly #running = new Map<string, AbortController>()
  readonly #cancelsHeard = new Set<string>()
  readonly #watchers = new Watchers()
  readonly #reading = new Map<string, Promise<void>>()
  readonly #log: FastifyBaseLogger
  #worker: Worker | undefined
  #events: Promise<QueueEvents> | undefined
  #subscriber: Redis | undefined
  // How long BullMQ keeps a finished or failed job: the same for every job (BullMQ reads them, never changes them).
  readonly #keepFinished: { age: number, count: number }
  readonly #keepFailed: { age: number, count: number }
  readonly #turnWrites = new TurnWrites(TURN_BATCH)

  constructor (bullmq: BullMQ, settings: BullMQSettings, log: FastifyBaseLogger) {
    this.#bullmq = bullmq
    this.#settings = settings
    this.#log = log
    const { retention } = settings
    this.#keepFinished = { age: Math.ceil(retention.finishedMs / 1000), count: retention.count }
    this.#keepFailed = { age: Math.ceil(retention.failedMs / 1000), count: retention.count }
    this.#queue = new bullmq.Queue(settings.queue, { connection: settings.client, prefix: settings.prefix })
    this.#queue.on('error', (error) => log.warn({ err: error }, `fastify-fastapi/jobs: BullMQ queue error: ${error.message}`))
  }

  get #cancelChannel (): string {
    return `${this.#settings.prefix}:${this.#settings.queue}:ffa:cancel`
  }

  #cancelledKey (id: string): string {
    return `${this.#settings.prefix}:${this.#settings.queue}:ffa:cancelled:${id}`
  }

  add (job: NewJob, withOthers = false): Promise<unknown> {
    // The jobs of requests answered together reach Redis in a few writes, not one each.
    if (withOthers) this.#turnWrites.hold(this.#settings.client.stream)
    return this.#queue.add(job.name, job.payload, {
      jobId: job.id,
      attempts: job.maxAttempts,
      backoff: { type: job.backoff.type, delay: job.backoff.delayMs },
      removeOnComplete: this.#keepFinished,
      removeOnFail: this.#keepFailed,
    })
  }

  async get (id: string): Promise<JobInfo | undefined> {
    let job = await this.#queue.getJob(id)
    if (job === undefined || job === null) {
      // A queued job cancelled is removed from the queue; its record stays readable.
      const cancelled = await this.#settings.client.get(this.#cancelledKey(id))
      return cancelled === null ? undefined : JSON.parse(cancelled) as JobInfo
    }
    const state = await job.getState()
    // It finished between the two reads: read it again, with its result or error.
    if ((state === 'completed' || state === 'failed') && job.finishedOn === undefined) job = await this.#queue.getJob(id) ?? job
    return infoOf(job, state)
  }

  async cancel (id: string): Promise<JobInfo | undefined> {
    const job = await this.#queue.getJob(id)
    if (job === undefined || job === null) return this.get(id)
    const state = await job.getState()
    if (statusOf(job, state) === 'queued') {
      try {
        await job.remove()
        const info: JobInfo = { ...infoOf(job, state), status: 'cancelled', error: `${CANCELLED} before it ran`, finishedAt: new Date().toISOString() }
        await this.#settings.client.set(this.#cancelledKey(id), JSON.stringify(info), 'PX', this.#settings.retention.finishedMs)
        this.#watchers.notify(id, info)
        return info
      } catch {
        // It was taken by a worker meanwhile: cancel it as a running one.
      }
    }
    if (statusOf(job, state) !== 'running') return infoOf(job, state)
    await this.#settings.client.publish(this.#cancelChannel, id)
    // As it was when asked: it ends `cancelled` once its worker has stopped it.
    return infoOf(job, 'active')
  }

  async retry (id: string): Promise<JobInfo | undefined> {
    const job = await this.#queue.getJob(id)
    if (job === undefined || job === null) return undefined
    if (statusOf(job, await job.getState()) === 'failed') await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
    return this.get(id)
  }

  async deadLetters (limit: number): Promise<JobInfo[]> {
    const failed = await this.#queue.getFailed(0, Math.max(0, limit - 1))
    return failed.map((job) => infoOf(job, 'failed')).filter((info) => info.status === 'failed')
  }

  async watch (id: string, listener: (info: JobInfo) => void): Promise<() => void> {
    await this.#openEvents()
    return this.#watchers.add(id, listener)
  }

  work (processor: Processor, concurrency: number): void {
    const { Worker, UnrecoverableError } = this.#bullmq
    const connection = this.#copy()
    this.#worker = new Worker(this.#settings.queue, async (job: Job) => {
      const id = job.id as string
      const controller = new AbortController()
      this.#running.set(id, controller)
      try {
        // Cancelled as a worker took it, before its controller was there to hear it.
        if (this.#cancelsHeard.has(id)) throw new JobCancelledError()
        return await processor(new BullMQAttempt(job, id, controller))
      } catch (error) {
        // BullMQ tries no more after an UnrecoverableError.
        if (error instanceof PermanentJobError) throw new UnrecoverableError(errorText(error))
        throw error
      } finally {
        this.#running.delete(id)
      }
    }, { connection, prefix: this.#settings.prefix, concurrency, lockDuration: this.#settings.lockDurationMs, stalledInterval: this.#settings.lockDurationMs })
    this.#worker.on('error', (error) => this.#log.warn({ err: error }, `fastify-fastapi/jobs: BullMQ worker error: ${error.message}`))
    const subscriber = this.#subscriber = this.#copy()
    subscriber.on('message', (_channel: string, id: string) => {
      const running = this.#running.get(id)
      if (running !== undefined) return running.abort(new JobCancelledError())
      // Kept a minute: a worker may take the job a moment after the message.
      this.#cancelsHeard.add(id)
      setTimeout(() => this.#cancelsHeard.delete(id), 60_000).unref()
    })
    void subscriber.subscribe(this.#cancelChannel).catch((error: unknown) => this.#log.warn({ err: error }, 'fastify-fastapi/jobs: could not hear cancellations'))
  }

  /**
   * Stops taking jobs and waits for the running ones, `drainTimeoutMs` at most; past it they
   * are left to their locks, which expire, and run again on another worker. Queued jobs stay in Redis.
   */
  async close (drainTimeoutMs: number, log: FastifyBaseLogger): Promise<void> {
    const worker = this.#worker
    if (worker !== undefined) {
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<false>((resolve) => { timer = setTimeout(resolve, drainTimeoutMs, false) })
      const closed = await Promise.race([worker.close().then(() => true as const), timedOut])
      clearTimeout(timer)
      if (!closed) {
        const unfinished = [...this.#running.keys()]
        log.error({ unfinished, drainTimeoutMs }, `Shutdown timed out after ${drainTimeoutMs} ms with ${unfinished.length} job(s) running; they run again on another worker once their locks expire: ${unfinished.join(', ')}`)
        await worker.close(true)
      }
    }
    const events = this.#events
    this.#events = undefined
    // Bounded: a Redis that hangs must not hold the app's close.
    await withinClose(Promise.all([events?.then((reader) => reader.close()), this.#queue.close()]))
    await Promise.all(this.#connections.map((connection) => closeRedis(connection)))
  }

  // Workers and the event reader block on their connections: each has its own, retrying for ever.
  // Not lazyConnect, which a copy of the plugin's connection would inherit: with it, a worker's
  // blocking connection never took jobs again after a Redis restart (the jobs waited in Redis).
  #copy (): Redis {
    const connection = this.#settings.client.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false })
    connection.on('error', () => undefined)
    this.#connections.push(connection)
    return connection
  }

  #openEvents (): Promise<QueueEvents> {
    this.#events ??= (async () => {
      // From the stream's newest event on, read now: BullMQ's default, the newest when it first
      // reads, would miss what happens meanwhile to the job being followed.
      const newest = await this.#settings.client.xrevrange(`${this.#settings.prefix}:${this.#settings.queue}:events`, '+', '-', 'COUNT', 1)
      const events = new this.#bullmq.QueueEvents(this.#settings.queue, { connection: this.#copy(), prefix: this.#settings.prefix, lastEventId: newest[0]?.[0] ?? '0-0' })
      events.on('error', (error) => this.#log.warn({ err: error }, `fastify-fastapi/jobs: BullMQ events error: ${error.message}`))
      // Each event re-reads its job, one read at a time per job so that changes arrive in
      // order; a progress event carries its own value, which a later one may have replaced in Redis.
      const changed = ({ jobId, data }: { jobId: string, data?: unknown }, progress: boolean) => {
        if (!this.#watchers.has(jobId)) return
        const previous = this.#reading.get(jobId) ?? Promise.resolve()
        const read = previous.then(() => this.get(jobId)).then((info) => {
          if (info === undefined) return
          // The job as it was at that progress, though it may have finished since.
          if (progress && typeof data === 'object' && data !== null) Object.assign(info, { status: 'running', progress: progressOf(data as Progress), result: null, error: null, finishedAt: null })
          this.#watchers.notify(jobId, info)
        }, () => undefined)
        this.#reading.set(jobId, read)
        void read.finally(() => { if (this.#reading.get(jobId) === read) this.#reading.delete(jobId) })
      }
      events.on('progress', (event) => changed(event, true))
      for (const event of ['active', 'completed', 'failed', 'waiting', 'delayed', 'removed'] as const) events.on(event, (args: { jobId: string }) => changed(args, false))
      await events.waitUntilReady()
      return events
    })()
    return this.#events
  }

}

// One attempt of a BullMQ job, as the worker runs it; its progress goes to the job in Redis.
class BullMQAttempt implements Attempt {
  readonly id: string
  readonly name: string
  readonly payload: unknown
  readonly attempt: number
  readonly controller: AbortController
  readonly #job: Job

  constructor (job: Job, id: string, controller: AbortController) {
    this.id = id
    this.controller = controller
    this.name = job.name
    this.payload = job.data
    this.attempt = job.attemptsStarted
    this.#job = job
  }

  progress (percent: number, message: string | null): Promise<void> {
    return this.#job.updateProgress({ percent, message })
  }
}

function statusOf (job: Job, state: string): JobStatus {
  switch (state) {
    case 'active': return 'running'
    case 'completed': return 'succeeded'
    case 'failed': return job.failedReason?.startsWith(CANCELLED) === true ? 'cancelled' : 'failed'
    default: return 'queued'
  }
}

function infoOf (job: Job, state: string): JobInfo {
  const progress = job.progress as Progress | number | undefined
  const status = statusOf(job, state)
  return {
    id: job.id as string,
    name: job.name,
    status,
    progress: typeof progress === 'object' && progress !== null ? progressOf(progress) : { percent: typeof progress === 'number' ? progress : 0, message: null },
    attempts: job.attemptsStarted,
    maxAttempts: job.opts.attempts ?? 1,
    result: status === 'succeeded' ? job.returnvalue ?? null : null,
    error: job.failedReason === undefined || job.failedReason === '' || status === 'succeeded' ? null : job.failedReason,
    createdAt: new Date(job.timestamp).toISOString(),
    startedAt: job.processedOn === undefined ? null : new Date(job.processedOn).toISOString(),
    finishedAt: job.finishedOn === undefined || status === 'queued' || status === 'running' ? null : new Date(job.finishedOn).toISOString(),
  }
}

function progressOf (progress: Progress): Progress {
  return { percent: progress.percent, message: progress.message }
}

async function withinClose (closing: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([closing.catch(() => undefined), new Promise((resolve) => { timer = setTimeout(resolve, 1000) })])
  clearTimeout(timer)
}
