import type { FastifyInstance } from 'fastify'

// Often enough that close() goes on right after the last response, rarely enough to cost nothing.
const SWEEP_EVERY_MS = 25

interface ClosesIdleConnections {
  closeIdleConnections?: () => void
}

/**
 * While the app closes, closes each keep-alive connection as soon as it goes idle; returns
 * the function that stops. `server.close()` closes the idle ones once, when `close()` starts,
 * and Node does not look again: a connection busy with a request then delivers its response
 * and stays open for the next one until `keepAliveTimeout` (72 s in Fastify), holding up the
 * close, the background drain and the hooks after it. Any keep-alive client (fetch, a proxy's
 * pool) does this.
 */
export function sweepIdleConnections (app: FastifyInstance): () => void {
  const server = app.server as FastifyInstance['server'] & ClosesIdleConnections
  // HTTP/2 servers have no such method; nothing to do before listening.
  if (!server.listening || typeof server.closeIdleConnections !== 'function') return () => {}
  const timer = setInterval(() => server.closeIdleConnections?.(), SWEEP_EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}
