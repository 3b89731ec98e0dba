/** Why a send is given up: the caller words it (a 503). */
export type GiveUp = (reason: 'timeout' | 'failed', error?: unknown) => Error

interface InFlight {
  /** The tick it began at. */
  since: number
  fail: (error: Error) => void
}

// A quarter of the timeout a tick: a send is given up after 4 to 5 ticks, 1 to 1.25 times the timeout.
const TICKS = 4

/**
 * Sends to a backend, each given up once it waits past `timeoutMs`: one interval for all the
 * sends in flight, where a timer each cost about a microsecond an enqueue (profiled). It ticks
 * every quarter of the timeout while a send is in flight, so a send is given up between 1 and
 * 1.25 times the timeout after it began, and stops once none is.
 */
export class SendDeadlines {
  readonly #timeoutMs: number
  readonly #giveUp: GiveUp
  // In the order they began: the oldest first.
  readonly #inFlight = new Set<InFlight>()
  #ticks = 0
  #interval: NodeJS.Timeout | undefined

  constructor (timeoutMs: number, giveUp: GiveUp) {
    this.#timeoutMs = timeoutMs
    this.#giveUp = giveUp
  }

  /** Settles with `send`, or fails at its deadline; a failure of `send` is given up too (`giveUp('failed', error)`). */
  wait (send: Promise<unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry: InFlight = { since: this.#ticks, fail: reject }
      this.#inFlight.add(entry)
      this.#interval ??= setInterval(() => { this.#tick() }, Math.max(1, Math.ceil(this.#timeoutMs / TICKS)))
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
    this.#ticks++
    for (const entry of this.#inFlight) {
      // The rest began later.
      if (this.#ticks - entry.since <= TICKS) break
      this.#inFlight.delete(entry)
      entry.fail(this.#giveUp('timeout'))
    }
    if (this.#inFlight.size === 0) {
      clearInterval(this.#interval)
      this.#interval = undefined
    }
  }
}
