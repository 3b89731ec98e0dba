import type { FastifyReply, FastifyRequest } from 'fastify'

// RFC 9110 13.1.2: If-None-Match holds `*` or a list of entity tags, compared weakly (`W/"a"`
// matches `"a"`): two representations that are "the same" to a cache need not be byte-equal.
function opaque (tag: string): string {
  const trimmed = tag.trim()
  return trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed
}

/** Whether an `If-None-Match` header matches the response's `ETag` (weak comparison). */
export function ifNoneMatchMatches (ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true
  const current = opaque(etag)
  for (const tag of ifNoneMatch.split(',')) {
    if (opaque(tag) === current) return true
  }
  return false
}

/**
 * An onSend hook: a GET or HEAD whose `If-None-Match` matches the `ETag` of the 2xx response
 * it would get is answered 304 Not Modified without its body (RFC 9110 13.2: preconditions
 * are ignored for responses that would not be 2xx, and only GET and HEAD get a 304).
 */
export function conditionalGet (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  const ifNoneMatch = request.headers['if-none-match']
  // Fast path: most requests are not conditional.
  if (ifNoneMatch === undefined || (request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode < 200 || reply.statusCode > 299) {
    done(null, payload)
    return
  }
  const etag = reply.getHeader('etag')
  if (typeof etag === 'string' && ifNoneMatchMatches(ifNoneMatch, etag)) {
    reply.code(304)
    // No representation metadata on a 304 (RFC 9110 15.4.5), and a null payload: Fastify then
    // writes no Content-Length, where '' would say "0 bytes" of a representation that has more.
    // A HEAD keeps its payload: Fastify's HEAD route measures it (the 200's length, which a 304
    // may send) and sends no body.
    reply.removeHeader('content-type')
    done(null, request.method === 'HEAD' ? payload : null)
    return
  }
  done(null, payload)
}
