import type { FastifyRequest } from 'fastify'
import type { FastifySessionObject } from '@fastify/session'
import { HTTPException } from '../../errors/http-exception.js'
import { loadSession, sessionsStateOf, sessionsPluginMissing } from './session-state.js'

// The synchronizer token pattern (OWASP's first choice where there are server-side sessions):
// a secret kept in the session, and tokens made from it by @fastify/csrf (a fresh salt each,
// so a token seen once tells nothing about the next). A page of another site can make the
// browser send the cookie, but cannot read a token to put in the header.

/** The session key of the CSRF secret (@fastify/csrf-protection's). */
export const CSRF_SECRET_KEY = '_csrf'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

/** What a request with no valid token is answered: 403. */
export const CSRF_DETAIL = 'CSRF token missing or invalid'

/** Whether a method changes state (RFC 9110's unsafe methods): POST, PUT, PATCH, DELETE ... */
export function isUnsafeMethod (method: string): boolean {
  return !SAFE_METHODS.has(method)
}

/**
 * A CSRF token for the request's session (made and kept in the session the first time): send
 * it back in the `x-csrf-token` header of every POST, PUT, PATCH and DELETE.
 */
export async function csrfToken (request: FastifyRequest): Promise<string> {
  const state = sessionsStateOf(request)
  if (state === undefined) throw sessionsPluginMissing('request.csrfToken()')
  if (state.csrf === null) throw new TypeError("request.csrfToken(): CSRF protection is off (the sessions plugin's `csrf: false`): no token to give.")
  const session = await loadSession(request, 'request.csrfToken()')
  const record = session as unknown as Record<string, unknown>
  let secret = record[CSRF_SECRET_KEY]
  if (typeof secret !== 'string') record[CSRF_SECRET_KEY] = secret = state.csrf.secretSync()
  return state.csrf.create(secret as string)
}

/**
 * Refuses an unsafe request whose header holds no token of this session: 403
 * `{"detail":"CSRF token missing or invalid"}`. Safe methods pass unchecked.
 */
export function checkCsrf (request: FastifyRequest, session: FastifySessionObject): void {
  const state = sessionsStateOf(request)
  if (state === undefined || state.csrf === null || state.options.csrfHeader === null || !isUnsafeMethod(request.method)) return
  const secret = (session as unknown as Record<string, unknown>)[CSRF_SECRET_KEY]
  const token = request.headers[state.options.csrfHeader]
  if (typeof secret !== 'string' || typeof token !== 'string' || !state.csrf.verify(secret, token)) {
    throw new HTTPException(403, CSRF_DETAIL)
  }
}
