import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { compileCorsPolicy, CORS_PLUGIN, echoesOrigin, preflightAnswer, type CORSOptions } from '../../src/middleware/cors.js'
import { addVary } from '../../src/middleware/headers.js'
import { PlainTextResponse } from '../../src/responses/text-responses.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

export type { CORSOptions }

// Starlette's answers, written here rather than through @fastify/cors (11.4), which gives
// other ones: a preflight is 204 with no body where Starlette says 200 `OK`; a disallowed
// origin, method or header gets no 400 `Disallowed CORS ...` (it checks neither method nor
// headers); `*` with credentials stays `*` (which browsers refuse) where Starlette names the
// origin; `Vary: Origin` is set before the route runs, so a route's own `Vary` replaces it;
// and its `OPTIONS *` route makes every path answer OPTIONS. Two hooks do Starlette's job.
async function cors (app: FastifyInstance, opts: CORSOptions): Promise<void> {
  const policy = compileCorsPolicy(opts)
  if (registeredBefore(app, CORS_PLUGIN, opts)) return

  // A preflight is answered before routing, as Starlette's middleware does: an unknown path
  // or one without an OPTIONS route gets the same answer, and no authentication hook sees it
  // (the browser sends a preflight without credentials).
  app.addHook('onRequest', function corsPreflight (request, reply, done) {
    const origin = request.headers.origin
    if (request.method !== 'OPTIONS' || origin === undefined || request.headers['access-control-request-method'] === undefined) {
      done()
      return
    }
    const answer = preflightAnswer(policy, origin, request.headers)
    new PlainTextResponse(answer.body, { status: answer.status, headers: answer.headers }).sendTo(reply)
  })

  // On every other response, errors included, once its headers are final: sync, so that a
  // stream's head (written at once) carries them.
  app.addHook('onSend', function corsHeaders (request, reply, payload, done) {
    const origin = request.headers.origin
    if (origin !== undefined) {
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
        done(null, payload)
        return
      }
      for (const [name, value] of policy.simpleHeaders) reply.header(name, value)
      if (echoesOrigin(policy, origin)) reply.header('access-control-allow-origin', origin)
    }
    // What is sent depends on the request's Origin, even on its absence.
    addVary(reply, 'Origin')
    done(null, payload)
  })
}

/**
 * Starlette's (FastAPI's) `CORSMiddleware`: answers preflight requests (200 `OK`, or 400
 * `Disallowed CORS origin` ...) before routing, and adds `Access-Control-Allow-Origin` and
 * `Vary: Origin` to responses, with Starlette's options in camelCase. Register it before your
 * routes.
 *
 * @example
 * // FastAPI: app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:5173"], allow_credentials=True)
 * await app.register(CORSMiddleware, { allowOrigins: ['http://localhost:5173'], allowCredentials: true, allowMethods: ['*'] })
 */
export const CORSMiddleware = fp(cors, { fastify: '5.x', name: CORS_PLUGIN })
export default CORSMiddleware
