import type { FastifyBaseLogger } from 'fastify'
import type { Task, TaskRunner } from './task-runner.js'

function taskOf<TArgs extends unknown[]> (fn: (...args: TArgs) => unknown, args: TArgs): Task {
  return { name: fn.name || 'anonymous task', run: () => fn(...args) }
}

/**
 * The tasks one request leaves to run after its response (FastAPI's `BackgroundTasks`).
 * The handler and its dependencies share it. Tasks run once the response is sent, one after
 * another in the order added; if the request fails, they are dropped (and logged), as in
 * FastAPI, where they belong to the successful response.
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
  readonly #finished: Promise<void>
  #markFinished!: () => void

  constructor (runner: TaskRunner, log: FastifyBaseLogger) {
    this.#runner = runner
    this.#log = log
    this.#finished = new Promise((resolve) => { this.#markFinished = resolve })
  }

  /** Adds a task: `fn(...args)` runs after the response is sent. The arguments are type-checked against `fn`. */
  add<TArgs extends unknown[]> (fn: (...args: TArgs) => unknown, ...args: TArgs): void {
    if (typeof fn !== 'function') throw new TypeError(`background.add(fn, ...args): fn must be a function; got ${typeof fn}`)
    const task = taskOf(fn, args)
    if (this.#state === 'collecting') {
      this.#tasks.push(task)
      return
    }
    // The response is already gone (an async handler kept going after the client left): run it now.
    void this.#runner.runInOrder([task], this.#log)
  }

  /** How many tasks wait for the response. */
  get size (): number {
    return this.#tasks.length
  }

  /** The response is over: runs the tasks, once. */
  start (): void {
    if (this.#state !== 'collecting') return
    this.#state = 'started'
    if (this.#tasks.length === 0) return this.#markFinished()
    void this.#runner.runInOrder(this.#tasks, this.#log).then(this.#markFinished)
  }

  /** The request failed: its tasks never run. */
  drop (): void {
    if (this.#state !== 'collecting') return
    this.#state = 'dropped'
    if (this.#tasks.length > 0) {
      this.#log.warn({ tasks: this.#tasks.map((task) => task.name) }, `The request failed, so its ${this.#tasks.length} background task(s) will not run`)
    }
    this.#markFinished()
  }

  /** Resolves once the tasks have run or were dropped: request-scoped cleanup waits for it. */
  finished (): Promise<void> {
    return this.#finished
  }
}
