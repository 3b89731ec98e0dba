// The shop's middleware stack, by hand: the same settings on both sides of the stack row and
// of the database rows. The front end's origin, an app-wide rate limit high enough never to
// answer 429 under the load, the 20 items of the stack row's answer (about 1.2 KB of JSON,
// above the 500-byte gzip threshold of both), and the @fastify/* plugins the library wraps.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import compress from '@fastify/compress'
import cors from '@fastify/cors'
import fastifyEtag from '@fastify/etag'
import helmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import { STORED_ITEMS } from './shared-items.js'

const kStartTime = Symbol('bench.startTime')
type Timed = FastifyRequest & { [kStartTime]: number }

export const STACK_ORIGIN = 'http://localhost:5173'
export const STACK_RATE_LIMIT = { max: 1_000_000_000, timeWindow: 60_000 }
export const STACK_ITEMS = STORED_ITEMS.slice(0, 20)

export interface StackByHand {
  /** An app-wide limit (the stack row), or the plugin registered for per-route limits only (the shop). */
  appWideRateLimit: boolean
  /** SHA-1 ETags on every answer, as the shop's `cache: { etag: true }`. */
  etag: boolean
}

/**
 * In `scope`: a UUID request id, CORS for the front end, helmet, gzip (level 9 from 500 bytes,
 * as Starlette's), the rate limit plugin, ETags if asked, and one onSend hook for the
 * X-Request-ID and the process time (the shop's HTTP middleware), timed from an onRequest hook.
 */
export async function registerStackByHand (scope: FastifyInstance, { appWideRateLimit, etag }: StackByHand): Promise<void> {
  scope.setGenReqId(() => randomUUID())
  await scope.register(cors, { origin: [STACK_ORIGIN], credentials: true })
  await scope.register(helmet)
  await scope.register(compress, { encodings: ['gzip'], threshold: 500, zlibOptions: { level: 9 } })
  await scope.register(fastifyRateLimit, appWideRateLimit ? STACK_RATE_LIMIT : { global: false })
  if (etag) await scope.register(fastifyEtag, { algorithm: 'sha1', replyWith304: false })
  // The process time measured from the request's start: `reply.elapsedTime` reads 0 in an app
  // without a logger or an onResponse hook (Fastify records no start then), which is no measure.
  scope.decorateRequest(kStartTime, 0)
  scope.addHook('onRequest', (request, _reply, done) => {
    (request as Timed)[kStartTime] = performance.now()
    done()
  })
  scope.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id)
    reply.header('x-process-time', String((performance.now() - (request as Timed)[kStartTime]) / 1000))
    done(null, payload)
  })
}
