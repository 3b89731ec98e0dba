import type { Socket } from 'node:net'
import type { FastifyRequest } from 'fastify'
import { kTimedOut } from '../shared/symbols.js'

/** Marks a socket whose request timed out: the 408 is its one log line. */
export function markTimedOut (socket: Socket): void {
  (socket as unknown as Record<symbol, boolean>)[kTimedOut] = true
}

/** Whether the request's socket was cut for a timeout (then its body's abort is not news). */
export function isTimedOut (request: FastifyRequest): boolean {
  const socket = request.raw.socket as unknown as Record<symbol, boolean> | null
  return socket !== null && socket[kTimedOut] === true
}
