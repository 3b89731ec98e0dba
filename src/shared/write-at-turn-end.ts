import type { Writable } from 'node:stream'

/**
 * Holds what is written to `socket` for the rest of this turn of the event loop and sends it
 * in one write once the turn's I/O callbacks have run (`setImmediate`). Requests that arrive
 * together each add a job: their Redis commands leave in one system call rather than one each,
 * and Redis reads them in one go. A socket already held (by this or by its owner) is left as it is.
 */
export function writeAtTurnEnd (socket: Writable | undefined): void {
  if (socket === undefined || socket.writableCorked !== 0) return
  socket.cork()
  setImmediate(uncork, socket)
}

function uncork (socket: Writable): void {
  socket.uncork()
}
