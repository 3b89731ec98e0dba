import type { FastifyBaseLogger } from 'fastify'

/** One accepted background task: a function and its arguments, under a name for the logs. */
export interface Task {
  readonly name: string
  readonly run: () => unknown
}

/** What a health check reads: how many tasks wait, run, have failed and have finished. */
export interface BackgroundStats {
  pending: number
  running: number
  failed: number
  completed: number
}

/**
 * Runs the app's background tasks and keeps count of them, so that a shutdown can wait for
 * every accepted task and name the ones that did not finish in time.
 */
export class TaskRunner {
  readonly #active = new Set<Promise<void>>()
  readonly #running = new Map<Promise<void>, string[]>()
  // Requests whose tasks are accepted but wait for the response to end: a shutdown waits for them too.
  readonly #waiting = new Map<object, { names: () => string[], finished: Promise<void> }>()
  #pending = 0
  #runningCount = 0
  #failed = 0
  #completed = 0

  stats (): BackgroundStats {
    let waiting = 0
    for (const batch of this.#waiting.values()) waiting += batch.names().length
    return { pending: this.#pending + waiting, running: this.#runningCount, failed: this.#failed, completed: this.#completed }
  }

  /** A request accepted its first task; it runs when the response ends (or is dropped). */
  wait (batch: object, names: () => string[], finished: Promise<void>): void {
    this.#waiting.set(batch, { names, finished })
  }

  /** A waiting request's tasks started, or were dropped. */
  stopWaiting (batch: object): void {
    this.#waiting.delete(batch)
  }

  /**
   * Runs a request's tasks one after another, in the order they were added, sync and async
   * alike. A task that fails is logged with the request's logger (its id) and the next one
   * still runs. With `after`, they wait for it (the same request's earlier tasks), yet count
   * as accepted at once, so a shutdown waits for them and names them.
   */
  runInOrder (tasks: readonly Task[], log: FastifyBaseLogger, after?: Promise<void>): Promise<void> {
    this.#pending += tasks.length
    const remaining = tasks.map((task) => task.name)
    const run = (async () => {
      if (after !== undefined) await after
      for (const task of tasks) {
        this.#pending--
        this.#runningCount++
        try {
          await task.run()
          this.#completed++
        } catch (error) {
          this.#failed++
          log.error({ err: error, task: task.name }, `Background task ${task.name} failed`)
        } finally {
          this.#runningCount--
          remaining.shift()
        }
      }
    })()
    this.#active.add(run)
    this.#running.set(run, remaining)
    void run.finally(() => {
      this.#active.delete(run)
      this.#running.delete(run)
    })
    return run
  }

  /**
   * Waits for every accepted task, at most `timeoutMs`; then logs, by name, each task still
   * running or waiting. Resolves `true` when all finished in time.
   */
  async drain (timeoutMs: number, log: FastifyBaseLogger): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<false>((resolve) => { timer = setTimeout(resolve, timeoutMs, false) })
    const finished = (async () => {
      // Tasks may be accepted while others finish (a response closing during shutdown).
      while (this.#active.size > 0 || this.#waiting.size > 0) {
        // Stryker disable next-line ArrayDeclaration,ArrowFunction: equivalent, the loop checks again after each turn of the event loop; waiting for the tasks only saves spinning until they end
        await Promise.allSettled([...this.#active, ...[...this.#waiting.values()].map((batch) => batch.finished)])
        // A turn of the event loop between rounds: timers (the timeout) and sockets must run.
        await new Promise((resolve) => setImmediate(resolve))
      }
      return true as const
    })()
    const inTime = await Promise.race([finished, timedOut])
    clearTimeout(timer)
    if (!inTime) {
      const unfinished = [...[...this.#running.values()].flat(), ...[...this.#waiting.values()].flatMap((batch) => batch.names())]
      log.error({ unfinished, timeoutMs }, `Shutdown timed out after ${timeoutMs} ms with ${unfinished.length} background task(s) unfinished: ${unfinished.join(', ')}`)
    }
    return inTime
  }
}
