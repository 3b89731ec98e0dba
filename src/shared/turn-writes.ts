import type { Writable } from 'node:stream'

/**
 * Holds what is written to a socket for the rest of this turn of the event loop and sends it
 * once the turn's I/O callbacks have run (`setImmediate`), or as soon as `batch` writes wait:
 * requests that arrive together each add a job, and their Redis commands leave in a few system
 * calls rather than one each; a burst of enqueues from one loop still leaves in pieces, so that
 * Redis works on the first while the next are made. A socket its owner holds is left as it is.
 */
export class TurnWrites {
  readonly #batch: number
  #socket: Writable | undefined
  #waiting = 0

  constructor (batch: number) {
    this.#batch = batch
  }

  /** Call before each write to `socket` (`undefined`: there is none to hold, as for a Redis Cluster). */
  hold (socket: Writable | undefined): void {
    if (socket === undefined) return
    if (this.#socket === socket) {
      if (++this.#waiting <= this.#batch) return
      // A full batch goes now; this write starts the next.
      socket.uncork()
      socket.cork()
      this.#waiting = 1
      return
    }
    if (socket.writableCorked !== 0) return
    this.flush()
    socket.cork()
    this.#socket = socket
    this.#waiting = 1
    setImmediate(flushTurn, this)
  }

  /** Sends what waits now. */
  flush (): void {
    const socket = this.#socket
    if (socket === undefined) return
    this.#socket = undefined
    this.#waiting = 0
    socket.uncork()
  }
}

function flushTurn (writes: TurnWrites): void {
  writes.flush()
}
