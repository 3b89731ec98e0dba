import type { FastifyBaseLogger } from 'fastify'
import { backoffDelay, CANCELLED, errorText, JobCancelledError, PermanentJobError, Watchers, type JobBackend, type NewJob, type Processor, type Retention } from './backend.js'
import { isFinished, type JobInfo } from './job-info.js'

interface Entry {
  job: NewJob
  info: JobInfo
  /** The running attempt's, to cancel it or give up on it at shutdown. */
  controller: AbortController | null
  /** The next attempt's backoff. */
  timer: NodeJS.Timeout | null
  finishedAt: number
}

/**
 * The in-process queue: jobs in this process's memory, run by it, `concurrency` at a time,
 * in the order they came. Nothing survives the process: a crash loses the jobs queued and
 * running (a graceful shutdown runs them first). Finished jobs stay readable for a while.
 */
export class MemoryBackend implements JobBackend {
  readonly #entries = new Map<string, Entry>()
  readonly #ready: Entry[] = []
  readonly #running = new Set<Entry>()
  // Finished ones by the time they finished, oldest first: what retention drops.
  readonly #finished = new Map<string, Entry>()
  readonly #failed = new Map<string, Entry>()
  readonly #watchers = new Watchers()
  readonly #retention: Retention
  #processor: Processor | null = null
  #concurrency = 1
  #draining = false
  // Resolved each time a job settles, so a drain can wait for the next one.
  #settled: (() => void) | null = null

  constructor (retention: Retention) {
    this.#retention = retention
  }

  async add (job: NewJob): Promise<void> {
    if (this.#entries.has(job.id)) return
    this.#sweep()
    const entry: Entry = {
      job,
      info: {
        id: job.id, name: job.name, status: 'queued', progress: { percent: 0, message: null }, attempts: 0, maxAttempts: job.maxAttempts,
        result: null, error: null, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null,
      },
      controller: null,
      timer: null,
      finishedAt: 0,
    }
    this.#entries.set(job.id, entry)
    this.#ready.push(entry)
    this.#pump()
  }

  async get (id: string): Promise<JobInfo | undefined> {
    const entry = this.#entries.get(id)
    return entry === undefined ? undefined : { ...entry.info }
  }

  async cancel (id: string): Promise<JobInfo | undefined> {
    const entry = this.#entries.get(id)
    if (entry === undefined) return undefined
    if (entry.info.status === 'queued') {
      const at = this.#ready.indexOf(entry)
      if (at >= 0) this.#ready.splice(at, 1)
      if (entry.timer !== null) clearTimeout(entry.timer)
      entry.timer = null
      this.#finish(entry, 'cancelled', null, `${CANCELLED} before it ran`)
    } else if (entry.info.status === 'running') {
      entry.controller?.abort(new JobCancelledError())
    }
    return { ...entry.info }
  }

  async retry (id: string): Promise<JobInfo | undefined> {
    const entry = this.#entries.get(id)
    if (entry === undefined || entry.info.status !== 'failed') return entry === undefined ? undefined : { ...entry.info }
    this.#failed.delete(id)
    Object.assign(entry.info, { status: 'queued', attempts: 0, error: null, finishedAt: null, progress: { percent: 0, message: null } })
    this.#changed(entry)
    this.#ready.push(entry)
    this.#pump()
    return { ...entry.info }
  }

  async deadLetters (limit: number): Promise<JobInfo[]> {
    return [...this.#failed.values()].reverse().slice(0, limit).map((entry) => ({ ...entry.info }))
  }

  async watch (id: string, listener: (info: JobInfo) => void): Promise<() => void> {
    return this.#watchers.add(id, listener)
  }

  work (processor: Processor, concurrency: number): void {
    this.#processor = processor
    this.#concurrency = concurrency
    this.#pump()
  }

  /**
   * Runs every job accepted (queued ones, those waiting for a retry, running ones) before it
   * returns, `drainTimeoutMs` at most: then the running ones' signals abort, and the jobs
   * left are logged by id, lost with the process.
   */
  async close (drainTimeoutMs: number, log: FastifyBaseLogger): Promise<void> {
    this.#draining = true
    // A retry waiting for its backoff runs now: the process is going away.
    for (const entry of this.#entries.values()) this.#retryNow(entry)
    this.#pump()
    const deadline = Date.now() + drainTimeoutMs
    while (this.#running.size > 0 || this.#ready.length > 0) {
      const left = deadline - Date.now()
      if (left <= 0 || this.#processor === null) break
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#settled = () => { clearTimeout(timer); resolve() }
      })
    }
    const unfinished = [...this.#running, ...this.#ready].map((entry) => `${entry.job.name} ${entry.job.id}`)
    if (unfinished.length > 0) {
      log.error({ unfinished, drainTimeoutMs }, `Shutdown timed out after ${drainTimeoutMs} ms with ${unfinished.length} job(s) unfinished, lost with the process: ${unfinished.join(', ')}`)
      for (const entry of this.#running) entry.controller?.abort(new Error('The app shut down before the job finished'))
    }
    this.#ready.length = 0
  }

  #retryNow (entry: Entry): void {
    if (entry.timer === null) return
    clearTimeout(entry.timer)
    entry.timer = null
    this.#ready.push(entry)
  }

  #pump (): void {
    const processor = this.#processor
    if (processor === null) return
    while (this.#running.size < this.#concurrency && this.#ready.length > 0) {
      void this.#run(this.#ready.shift() as Entry, processor)
    }
  }

  async #run (entry: Entry, processor: Processor): Promise<void> {
    const controller = new AbortController()
    entry.controller = controller
    this.#running.add(entry)
    const { info } = entry
    info.status = 'running'
    info.attempts++
    info.startedAt = new Date().toISOString()
    this.#changed(entry)
    try {
      const result = await processor({
        id: entry.job.id,
        name: entry.job.name,
        payload: entry.job.payload,
        attempt: info.attempts,
        controller,
        progress: async (percent, message) => {
          if (info.status !== 'running') return
          info.progress = { percent, message }
          this.#changed(entry)
        },
      })
      this.#finish(entry, 'succeeded', result ?? null, null)
    } catch (error) {
      if (error instanceof JobCancelledError) this.#finish(entry, 'cancelled', null, errorText(error))
      else if (error instanceof PermanentJobError || info.attempts >= entry.job.maxAttempts) this.#finish(entry, 'failed', null, errorText(error))
      else this.#again(entry, errorText(error))
    } finally {
      entry.controller = null
      this.#running.delete(entry)
      this.#settled?.()
      this.#pump()
    }
  }

  #again (entry: Entry, error: string): void {
    Object.assign(entry.info, { status: 'queued', error })
    this.#changed(entry)
    const delay = this.#draining ? 0 : backoffDelay(entry.job.backoff, entry.info.attempts)
    if (delay === 0) {
      this.#ready.push(entry)
      return
    }
    entry.timer = setTimeout(() => {
      entry.timer = null
      this.#ready.push(entry)
      this.#pump()
    }, delay)
  }

  #finish (entry: Entry, status: 'succeeded' | 'failed' | 'cancelled', result: unknown, error: string | null): void {
    Object.assign(entry.info, { status, result, error, finishedAt: new Date().toISOString() })
    entry.finishedAt = Date.now()
    const kept = status === 'failed' ? this.#failed : this.#finished
    kept.set(entry.job.id, entry)
    this.#changed(entry)
  }

  #changed (entry: Entry): void {
    if (!this.#watchers.has(entry.job.id)) return
    this.#watchers.notify(entry.job.id, { ...entry.info })
    if (isFinished(entry.info.status)) this.#watchers.drop(entry.job.id)
  }

  // Drops the finished jobs past their time or their count, oldest first.
  #sweep (): void {
    const now = Date.now()
    for (const [kept, ageMs] of [[this.#finished, this.#retention.finishedMs], [this.#failed, this.#retention.failedMs]] as const) {
      for (const [id, entry] of kept) {
        if (kept.size <= this.#retention.count && now - entry.finishedAt < ageMs) break
        kept.delete(id)
        this.#entries.delete(id)
      }
    }
  }
}
