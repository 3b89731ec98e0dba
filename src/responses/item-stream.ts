import { Readable } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'

/** Turns one yielded item into the text sent for it (an event, a JSON line). */
export type ItemWriter = (item: unknown) => string

/** What a generator handler gives: an async generator, or a sync one. */
export type ItemSource = AsyncIterator<unknown> | Iterator<unknown>

/**
 * The items of a generator handler as a byte stream, pulled one at a time as the socket takes
 * them (backpressure). With `keepAliveMs`, `keepAlive` is pushed whenever the generator has
 * been idle that long. Destroyed early (the client went away), it asks the generator to
 * `return()`, so its `finally` runs; `finished` settles once the generator is done either way,
 * and the route waits for it before its dependencies clean up.
 */
export class ItemStream extends Readable {
  readonly finished: Promise<void>
  private readonly source: ItemSource
  private readonly write: ItemWriter
  private readonly log: FastifyBaseLogger
  private readonly keepAlive: string
  private timer: NodeJS.Timeout | undefined
  private pulling = false
  private sourceDone = false
  private settle!: () => void
  private onFirstRead: (() => void) | undefined

  /** `onFirstRead`: called once, when the response starts reading the stream (its head is set by then). */
  constructor (source: ItemSource, write: ItemWriter, log: FastifyBaseLogger, keepAliveMs?: number, keepAlive = '', onFirstRead?: () => void) {
    super()
    this.source = source
    this.write = write
    this.log = log
    this.keepAlive = keepAlive
    this.onFirstRead = onFirstRead
    this.finished = new Promise((resolve) => { this.settle = resolve })
    if (keepAliveMs !== undefined) this.timer = setTimeout(() => this.ping(), keepAliveMs)
  }

  override _read (): void {
    if (this.onFirstRead !== undefined) {
      const started = this.onFirstRead
      this.onFirstRead = undefined
      started()
    }
    if (this.pulling || this.sourceDone) return
    this.pulling = true
    let next
    try {
      next = this.source.next()
    } catch (error) {
      this.fail(error, true)
      return
    }
    Promise.resolve(next).then((result) => this.received(result), (error: unknown) => this.fail(error, true))
  }

  private received (result: IteratorResult<unknown>): void {
    this.pulling = false
    if (this.destroyed) return
    if (result.done === true) {
      this.sourceDone = true
      this.stopTimer()
      this.push(null)
      return
    }
    let text: string
    try {
      text = this.write(result.value)
    } catch (error) {
      this.fail(error, false)
      return
    }
    this.timer?.refresh()
    if (this.push(text)) this._read()
  }

  private ping (): void {
    if (this.destroyed || this.sourceDone) return
    this.push(this.keepAlive)
    this.timer?.refresh()
  }

  // The generator threw, or an item did not fit the model: the response cannot change any
  // more (its head is sent), so the connection is cut and the error logged, as FastAPI does.
  // A generator that threw is over; one whose item failed is stopped as on a disconnect.
  private fail (error: unknown, sourceThrew: boolean): void {
    this.pulling = false
    if (sourceThrew) this.sourceDone = true
    this.destroy(error instanceof Error ? error : new Error(`A streaming handler threw a non-Error value: ${String(error)}`))
  }

  private stopTimer (): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    this.stopTimer()
    if (this.sourceDone || typeof this.source.return !== 'function') {
      this.settle()
      callback(error)
      return
    }
    // The client went away mid-stream: the generator stops at its current `yield` (after the
    // `await` it may be in, which JavaScript cannot interrupt) and its `finally` runs.
    this.sourceDone = true
    Promise.resolve(this.source.return()).catch((returnError: unknown) => {
      this.log.error({ err: returnError }, 'A streaming handler threw while it was stopped')
    }).finally(() => {
      this.settle()
      callback(error)
    })
  }
}
