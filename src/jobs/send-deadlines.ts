/** Why a send is given up: the caller words it (a 503). */
export type GiveUp = (reason: 'timeout' | 'failed', error?: unknown) => Error

interface InFlight {
  /** When it is given up (performance.now()). */
  deadline: number
  fail: (error: Error) => void
}

/**
 * Sends to a backend, each given up once it waits past `timeoutMs`: one interval for all the
 * sends in flight, where a timer each cost about a microsecond an enqueue (profiled). It ticks
 * every quarter of the timeout (1 ms at least) while a send is in flight, so a send is given up
 * at most a tick after its deadline, and stops once none is.
 */
export class SendDeadlines {
  readonly #timeoutMs: number
  readonly #tickMs: number
  readonly #giveUp: GiveUp
  // In the order they began: the oldest first.
  readonly #inFlight = new Set<InFlight>()
  #interval: NodeJS.Timeout | undefined

  constructor (timeoutMs: number, giveUp: GiveUp) {
    this.#timeoutMs = timeoutMs
    this.#tickMs = Math.max(1, Math.floor(timeoutMs / 4))
    this.#giveUp = giveUp
  }

  /** Settles with `send`, or fails at its deadline; a failure of `send` is given up too (`giveUp('failed', error)`). */
  wait (send: Promise<unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry: InFlight = { deadline: performance.now() + this.#timeoutMs, fail: reject }
      this.#inFlight.add(entry)
      this.#interval ??= setInterval(() => { this.#tick() }, this.#tickMs)
      send.then(() => {
        this.#inFlight.delete(entry)
        resolve()
      }, (error: unknown) => {
        this.#inFlight.delete(entry)
        reject(this.#giveUp('failed', error))
      })
    })
  }

  #tick (): void {
    const now = performance.now()
    for (const entry of this.#inFlight) {
      // The rest began later.
      if (entry.deadline > now) break
      this.#inFlight.delete(entry)
      entry.fail(this.#giveUp('timeout'))
    }
    if (this.#inFlight.size === 0) {
      clearInterval(this.#interval)
      this.#interval = undefined
    }
  }
}
