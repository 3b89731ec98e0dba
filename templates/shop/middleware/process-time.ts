import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyRequest {
    /** When the request arrived (process.hrtime.bigint()), for the x-process-time header. */
    startTime: bigint
  }
}

/**
 * Adds `x-process-time` (seconds) to every response, errors included: FastAPI's middleware
 * tutorial, as a Fastify hook pair. fastify-plugin lifts the hooks out of the plugin's own
 * scope, so they run for every route of the app, as a FastAPI middleware does.
 */
async function processTime (app: FastifyInstance): Promise<void> {
  // A primitive default: Fastify refuses shared objects as request decorators.
  app.decorateRequest('startTime', 0n)
  app.addHook('onRequest', async (request) => {
    request.startTime = process.hrtime.bigint()
  })
  app.addHook('onSend', async (request, reply, payload) => {
    const seconds = Number(process.hrtime.bigint() - request.startTime) / 1e9
    reply.header('x-process-time', String(seconds))
    return payload
  })
}

export const processTimeMiddleware = fp(processTime, { fastify: '5.x', name: 'shop/process-time' })
