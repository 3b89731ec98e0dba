import { Readable, pipeline, type Stream } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { constants, createGzip, gzip, gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { addVary } from './headers.js'
import { acceptsGzip, isExcludedType, type GZipPolicy } from './gzip.js'

type Done = (error?: Error | null, payload?: unknown) => void

function isNodeStream (payload: unknown): payload is Stream & NodeJS.ReadableStream {
  return typeof (payload as { pipe?: unknown }).pipe === 'function'
}

function isWebStream (payload: unknown): payload is WebReadableStream {
  return typeof (payload as { getReader?: unknown }).getReader === 'function'
}

/**
 * Starlette's `GZipResponder` on one response, in an onSend hook: the body gzipped (with
 * `Content-Encoding`, `Content-Length` or none for a stream, and `Vary: Accept-Encoding`),
 * or left as it is. Calls `done` at once, except for a body compressed on the thread pool.
 */
export function gzipResponse (policy: GZipPolicy, request: FastifyRequest, reply: FastifyReply, payload: unknown, done: Done): void {
  // No body (204, 304, a HEAD of a stream), a range of one (its offsets are of the plain
  // bytes), a body encoded already, or a type never compressed: as it is, without Vary.
  if (payload === null || (typeof payload !== 'object' && typeof payload !== 'string') || reply.statusCode === 206 ||
    reply.hasHeader('content-encoding') || isExcludedType(policy, reply.getHeader('content-type'))) {
    done(null, payload)
    return
  }
  const accepted = acceptsGzip(request.headers['accept-encoding'])
  if (isNodeStream(payload) || isWebStream(payload)) {
    addVary(reply, 'Accept-Encoding')
    if (!accepted) {
      done(null, payload)
      return
    }
    const source = isNodeStream(payload) ? payload : Readable.fromWeb(payload)
    // Each chunk flushed as it is written (Z_SYNC_FLUSH, as Starlette does): a stream of
    // JSON lines reaches the client item by item, not when zlib's buffer fills.
    const compressed = createGzip({ level: policy.compressLevel, flush: constants.Z_SYNC_FLUSH })
    pipeline(source, compressed, (error) => {
      // A client that goes away ends the stream early: not an error of the app.
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') reply.log.error({ err: error }, 'fastify-fastapi/gzip: the response stream failed')
    })
    reply.header('content-encoding', 'gzip')
    reply.removeHeader('content-length')
    done(null, compressed)
    return
  }
  // Starlette's minimum is of the body's bytes; a small one is sent as it is, without Vary.
  // A string is measured, not copied: most answers are not compressed (no gzip asked).
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload instanceof Uint8Array ? payload.byteLength : -1
  if (size === -1 || size < policy.minimumSize) {
    done(null, payload)
    return
  }
  addVary(reply, 'Accept-Encoding')
  if (!accepted) {
    done(null, payload)
    return
  }
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload as Uint8Array
  const send = (compressed: Buffer): void => {
    reply.header('content-encoding', 'gzip')
    reply.header('content-length', compressed.byteLength)
    done(null, compressed)
  }
  // Large bodies on libuv's thread pool (Starlette 1.4's thread_minimum_size), not the event loop.
  if (body.byteLength >= policy.threadMinimumSize) {
    gzip(body, { level: policy.compressLevel }, (error, compressed) => {
      if (error === null) send(compressed)
      else done(error)
    })
    return
  }
  send(gzipSync(body, { level: policy.compressLevel }))
}
