import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { compileGzipPolicy, GZIP_PLUGIN, type GZipOptions } from '../../src/middleware/gzip.js'
import { gzipResponse } from '../../src/middleware/gzip-response.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

export type { GZipOptions }

// Written here with node:zlib rather than through @fastify/compress (9.2), whose answers
// differ from Starlette's and one of which is wrong: a body whose first two bytes happen to
// read as a zlib header (text starting "HK" or "x^") is sent as it is, labelled gzip, and the
// client cannot read it. Besides, it decompresses request bodies unless told not to, streams
// without flushing each chunk (a JSON Lines stream arrives in bursts), and adds
// `Vary: Accept-Encoding` only when it compresses, where Starlette varies every body it could.
async function gzip (app: FastifyInstance, opts: GZipOptions): Promise<void> {
  const policy = compileGzipPolicy(opts)
  if (registeredBefore(app, GZIP_PLUGIN, opts)) return
  const compress: onSendHookHandler = function gzipBody (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) {
    gzipResponse(policy, request, reply, payload, done)
  }
  // On each route rather than on the app, as @fastify/compress does: a route's own onSend
  // hooks run after the app's, so the body is compressed last, once every other hook (an
  // HTTP middleware that reads the body included) is done with it, as Starlette's
  // outermost GZipMiddleware sees the final body.
  app.addHook('onRoute', (route) => {
    const own = route.onSend
    route.onSend = own === undefined ? [compress] : [...(Array.isArray(own) ? own : [own]), compress]
  })
}

/**
 * Starlette's (FastAPI's) `GZipMiddleware`: responses of `minimumSize` bytes or more (500)
 * are gzipped when the request's `Accept-Encoding` takes gzip, with `Vary: Accept-Encoding`;
 * streams are compressed chunk by chunk, each flushed as it comes; server-sent events,
 * images and other compressed types, and responses that already have a `Content-Encoding`
 * are left alone. Gzip only, as Starlette: no brotli. Register it before your routes: it
 * compresses the routes declared after it.
 *
 * @example
 * // FastAPI: app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=5)
 * await app.register(GZipMiddleware, { minimumSize: 1000, compressLevel: 5 })
 */
export const GZipMiddleware = fp(gzip, { fastify: '5.x', name: GZIP_PLUGIN })
export default GZipMiddleware
