import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import fastifyCookie from '@fastify/cookie'
import fastifySession, { type FastifySessionObject } from '@fastify/session'
import Tokens from '@fastify/csrf'
import { refusePlainDependenciesWithoutPlugin } from '../../src/depends/plain-routes.js'
import { checkCsrf, csrfToken } from '../../src/security/sessions/csrf.js'
import { createSessionStore } from '../../src/security/sessions/create-store.js'
import { sessionLogin, sessionLogout } from '../../src/security/sessions/session-auth.js'
import { resolveSessionsOptions, SESSIONS_PLUGIN, type SessionsOptions } from '../../src/security/sessions/session-options.js'
import { loadSession, saveSession, type DecryptSession, type SessionsState } from '../../src/security/sessions/session-state.js'
import { kSessionLoad, kSessionsState } from '../../src/shared/symbols.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's session (@fastify/session's), read from the store the first time it is asked for; a new one when the cookie names none. */
    loadSession (): Promise<FastifySessionObject>
    /** Logs `user` in: a new session id (the old one destroyed, against session fixation), `user` kept in it for `sessionAuth()`. */
    sessionLogin (user: unknown): Promise<void>
    /** Logs out: destroys the session in the store; the response clears the cookie. */
    sessionLogout (): Promise<void>
    /** A CSRF token of this session, for the `x-csrf-token` header of unsafe requests. */
    csrfToken (): Promise<string>
  }
  interface FastifyInstance {
    /**
     * A preHandler for plain Fastify routes: a POST, PUT, PATCH or DELETE without this session's
     * CSRF token is answered 403 (`sessionAuth()` checks FastAPI-style routes by itself).
     *
     * @example
     * app.post('/cart', { preHandler: app.csrfProtection }, handler)
     */
    csrfProtection (request: FastifyRequest): Promise<void>
  }
}

async function sessions (app: FastifyInstance, opts: SessionsOptions): Promise<void> {
  const options = resolveSessionsOptions(opts)
  if (registeredBefore(app, SESSIONS_PLUGIN, opts)) return
  refusePlainDependenciesWithoutPlugin(app)
  const { store, owned } = await createSessionStore(options, app.log)
  if (owned) app.addHook('onClose', async () => { await store.close?.() })

  // @fastify/session runs in a scope of its own that holds no route: its hooks, which would
  // make and sign a session for every request of the app, reach none. Requests load their
  // session through its `decryptSession` when they ask for it, and our onSend saves it.
  let decrypt: DecryptSession | undefined
  await app.register(async function sessionEngine (engine) {
    if (!engine.hasReplyDecorator('setCookie')) await engine.register(fastifyCookie)
    await engine.register(fastifySession, {
      // An array: @fastify/session counts a string's characters, and our limit is in bytes.
      secret: Array.isArray(options.secret) ? options.secret : [options.secret],
      store: store as never,
      cookieName: options.cookie.name,
      cookie: { path: options.cookie.path, domain: options.cookie.domain, sameSite: options.cookie.sameSite, secure: options.cookie.secure, httpOnly: true, maxAge: options.ttl },
      saveUninitialized: false,
      rolling: true,
    })
    decrypt = (signedId, request, callback) => engine.decryptSession(signedId, request, callback)
  })
  const state: SessionsState = { options, store, decrypt: decrypt as DecryptSession, csrf: options.csrfHeader === null ? null : Tokens() }

  app.decorate(kSessionsState, state)
  // null, not an object: a decorator's object would be shared by every request.
  app.decorateRequest('session', null as unknown as FastifySessionObject)
  app.decorateRequest(kSessionLoad, null)
  app.decorateRequest('loadSession', function (this: FastifyRequest) { return loadSession(this) })
  app.decorateRequest('sessionLogin', function (this: FastifyRequest, user: unknown) { return sessionLogin(this, user) })
  app.decorateRequest('sessionLogout', function (this: FastifyRequest) { return sessionLogout(this) })
  app.decorateRequest('csrfToken', function (this: FastifyRequest) { return csrfToken(this) })
  app.decorate('csrfProtection', async function csrfProtection (request: FastifyRequest) {
    checkCsrf(request, await loadSession(request, 'app.csrfProtection'))
  })
  // A request that never loaded its session pays this hook's one check.
  app.addHook('onSend', saveSession)
}

/**
 * Server-side sessions (through @fastify/session): a signed, HttpOnly, SameSite=Lax cookie
 * naming a session kept in memory (bounded, expiring) or in Redis; `sessionAuth()` reads the
 * logged-in user, `request.sessionLogin(user)` and `request.sessionLogout()` log in and out,
 * and unsafe requests of session-authenticated routes need a CSRF token.
 *
 * @example
 * await app.register(fastapiSessions, { secret: process.env.SESSION_SECRET, store: { url: 'redis://127.0.0.1:6379' } })
 */
export const fastapiSessions = fp(sessions, { fastify: '5.x', name: SESSIONS_PLUGIN })
export default fastapiSessions

export { sessionAuth, type SessionAuthOptions } from '../../src/security/sessions/session-auth.js'
export type { SessionsOptions, SessionCookieOptions, CsrfOptions } from '../../src/security/sessions/session-options.js'
export type { SessionStore, StoredSession } from '../../src/security/sessions/session-store.js'
export { MemorySessionStore } from '../../src/security/sessions/memory-store.js'
