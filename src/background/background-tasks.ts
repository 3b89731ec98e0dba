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
  #started = false
  // The tasks accepted so far, run or running: a task added later waits for them.
  #run: Promise<void> | undefined
  #finished!: Promise<void>
  #markFinished!: () => void
  // Held by a FastAPI-style handler: the tasks wait for it to settle, even if the client left
  // first, so that a handler that then fails drops them, as FastAPI never runs them.
  #held = false
  // The response is over ('close' came), whether or not the tasks could start then.
  #closed = false

  constructor (runner: TaskRunner, log: FastifyBaseLogger) {
    this.#runner = runner
    this.#log = log
    this.#newBatch()
  }

  // A fresh "finished" for the tasks collected from now on (after a drop, for the error response's).
  #newBatch (): void {
    this.#finished = new Promise((resolve) => { this.#markFinished = resolve })
  }

  /** Adds a task: `fn(...args)` runs after the response is sent. The arguments are type-checked against `fn`. */
  add<TArgs extends unknown[]> (fn: (...args: TArgs) => unknown, ...args: TArgs): void {
    if (typeof fn !== 'function') throw new TypeError(`background.add(fn, ...args): fn must be a function; got ${typeof fn}`)
    const task = taskOf(fn, args)
    if (!this.#started) {
      // Accepted now: a shutdown waits for it even before the response is over (the same
      // entry again for a second task: the runner keys it by this batch).
      this.#runner.wait(this, () => this.#tasks.map((waiting) => waiting.name), this.#finished)
      this.#tasks.push(task)
      return
    }
    // The response is already gone (an async handler kept going after the client left): run it
    // after the tasks added before it, which may still be running.
    this.#run = this.#runner.runInOrder([task], this.#log, this.#run)
  }

  /** How many tasks wait for the response. */
  get size (): number {
    return this.#tasks.length
  }

  /** Makes the tasks wait for `handlerSettled` (or `drop`) besides the end of the response. */
  holdForHandler (): void {
    this.#held = true
  }

  /** The handler returned: the tasks may run once the response is over. */
  handlerSettled (): void {
    this.#held = false
    if (this.#closed) this.start()
  }

  /** The response is over: runs the tasks, once (after the handler, when it holds them). */
  start (): void {
    if (this.#held) {
      this.#closed = true
      return
    }
    if (this.#started) return
    this.#started = true
    this.#runner.stopWaiting(this)
    // Stryker disable next-line ConditionalExpression: equivalent, running no task marks the batch finished a few microtasks later; this only saves the promise
    if (this.#tasks.length === 0) return this.#markFinished()
    this.#run = this.#runner.runInOrder(this.#tasks, this.#log)
    void this.#run.then(this.#markFinished)
  }

  /**
   * The request failed: the tasks added so far never run. Tasks added from now on (by an
   * exception handler, as FastAPI lets an error response carry its own) run after the error
   * response.
   */
  drop (): void {
    this.#held = false
    if (this.#started) return
    this.#runner.stopWaiting(this)
    if (this.#tasks.length > 0) {
      this.#log.warn({ tasks: this.#tasks.map((task) => task.name) }, `The request failed, so its ${this.#tasks.length} background task(s) will not run`)
      this.#tasks.length = 0
    }
    const markDropped = this.#markFinished
    this.#newBatch()
    markDropped()
    // The response is already over (the client left): what an exception handler adds now runs at once.
    if (this.#closed) {
      this.#started = true
      this.#markFinished()
    }
  }

  /** Resolves once the tasks have run or were dropped: request-scoped cleanup waits for it. */
  finished (): Promise<void> {
    return this.#finished
  }
}
