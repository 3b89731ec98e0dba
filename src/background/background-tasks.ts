import type { FastifyBaseLogger } from 'fastify'
import type { Task, TaskRunner } from './task-runner.js'

/**
 * The tasks one request leaves to run after its response (FastAPI's `BackgroundTasks`).
 * The handler and its dependencies share it. Tasks run once the response is sent, in the
 * order added; if the request fails, they are dropped (and logged), as in FastAPI.
 *
 * @example
 * app.api.post('/send-notification/{email}', { params }, ({ params, background }) => {
 *   background.add(writeNotification, params.email, 'some notification')
 *   return { message: 'Notification sent in the background' }
 * })
 */
export class BackgroundTasks {
  readonly #tasks: Task[] = []
  readonly #runner: TaskRunner
  readonly #log: FastifyBaseLogger
  #state: 'collecting' | 'started' | 'dropped' = 'collecting'
  #done: Promise<void> | undefined
  #release: (() => void) | undefined

  constructor (runner: TaskRunner, log: FastifyBaseLogger) {
    this.#runner = runner
    this.#log = log
  }

  /** Adds a task: `fn` is called with `args` after the response is sent. */
  add<TArgs extends unknown[]> (fn: (...args: TArgs) => unknown, ...args: TArgs): void {
    if (typeof fn !== 'function') throw new TypeError(`background.add(fn, ...args): fn must be a function; got ${typeof fn}`)
    if (this.#state !== 'collecting') {
      this.#log.warn({ task: fn.name }, `Background task ${fn.name || 'anonymous'} was added after the response; it runs on its own`)
      void this.#runner.runInOrder([{ name: fn.name || 'anonymous task', run: () => fn(...args) }], this.#log)
      return
    }
    this.#tasks.push({ name: fn.name || 'anonymous task', run: () => fn(...args) })
  }

  get size (): number {
    return this.#tasks.length
  }

  /** The response is over: runs the tasks (once). */
  start (): Promise<void> {
    if (this.#state !== 'collecting') return this.#done ?? Promise.resolve()
    this.#state = 'started'
    const run = this.#tasks.length === 0 ? Promise.resolve() : this.#runner.runInOrder(this.#tasks, this.#log)
    this.#done = run
    void run.then(this.#release)
    return run
  }

  /** The request failed: its tasks never run (FastAPI attaches them to the successful response only). */
  drop (): void {
    if (this.#state !== 'collecting') return
    this.#state = 'dropped'
    if (this.#tasks.length > 0) {
      this.#log.warn({ tasks: this.#tasks.map((task) => task.name) }, `The request failed: its ${this.#tasks.length} background task(s) will not run`)
    }
    this.#release?.()
  }

  /** Resolves once the tasks have run (or were dropped): request-scoped cleanup waits for it. */
  finished (): Promise<void> {
    if (this.#state === 'dropped') return Promise.resolve()
    if (this.#done !== undefined) return this.#done
    return new Promise((resolve) => { this.#release = resolve })
  }
}
