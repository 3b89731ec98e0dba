import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FastifySessionObject } from '@fastify/session'
import { parseCookie, stringifySetCookie } from 'cookie'
import { FFA_ERR_PLUGIN_MISSING } from '../../shared/codes.js'
import { kSessionLoad, kSessionsState } from '../../shared/symbols.js'
import type { ResolvedSessionsOptions } from './session-options.js'
import type { SessionStore } from './session-store.js'

/** @fastify/session's `decryptSession`: the session a signed id names (a new one if none), set on `request.session`. */
export type DecryptSession = (signedId: string, request: FastifyRequest, callback: (error?: unknown) => void) => void

/** What the sessions plugin keeps on the app, for the requests that use a session. */
export interface SessionsState {
  readonly options: ResolvedSessionsOptions
  readonly store: SessionStore
  readonly decrypt: DecryptSession
  readonly csrf: { create (secret: string): string, verify (secret: string, token: string): boolean, secretSync (): string } | null
}

/** A request's session, once something asked for it: the load, and the cookie it came with. */
interface SessionLoad {
  readonly loaded: Promise<void>
  /** The signed id the request's cookie carried; `undefined` without one. */
  readonly cookieValue: string | undefined
}

type WithSession = FastifyRequest & { [kSessionLoad]: SessionLoad | null, session: FastifySessionObject | null }

export function sessionsStateOf (request: FastifyRequest | FastifyInstance): SessionsState | undefined {
  const app = 'server' in request && 'raw' in request ? request.server : request
  return (app as unknown as Record<symbol, SessionsState | undefined>)[kSessionsState]
}

export function sessionsPluginMissing (what: string): Error {
  return new FFA_ERR_PLUGIN_MISSING(what, 'sessions (fastify-fastapi/sessions, or the fastapi preset\'s `sessions` option)')
}

function cookieValueOf (request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie
  if (header === undefined) return undefined
  const value = parseCookie(header)[name]
  return value === '' ? undefined : value
}

/**
 * The request's session, read from its store the first time something asks (a request that
 * never asks pays nothing): the one the cookie names, or a new, empty one. A cookie with a
 * bad signature, or naming a session that expired or was destroyed, gets a new session.
 */
export async function loadSession (request: FastifyRequest, what = 'request.loadSession()'): Promise<FastifySessionObject> {
  const state = sessionsStateOf(request)
  if (state === undefined) throw sessionsPluginMissing(what)
  const target = request as WithSession
  let load = target[kSessionLoad]
  if (load === null) {
    const cookieValue = cookieValueOf(request, state.options.cookie.name)
    const loaded = new Promise<void>((resolve, reject) => {
      // An empty id has no valid signature: @fastify/session makes a new session for it.
      state.decrypt(cookieValue ?? '', request, (error) => { if (error === undefined || error === null) resolve(); else reject(error) })
    })
    load = target[kSessionLoad] = { loaded, cookieValue }
  }
  await load.loaded
  // Destroyed (a logout) earlier in this request: a new, empty session from here on.
  if (target.session === null) {
    target[kSessionLoad] = null
    await new Promise<void>((resolve, reject) => state.decrypt('', request, (error) => { if (error === undefined || error === null) resolve(); else reject(error) }))
    target[kSessionLoad] = { loaded: Promise.resolve(), cookieValue: load.cookieValue }
  }
  return target.session as FastifySessionObject
}

/** The session the request loaded, if it loaded one. */
export function loadedSession (request: FastifyRequest): FastifySessionObject | null {
  const target = request as WithSession
  return target[kSessionLoad] === null ? null : target.session
}

function setCookie (reply: FastifyReply, state: SessionsState, value: string, expires: Date | null): void {
  const { name, path, domain, sameSite, secure } = state.options.cookie
  reply.header('set-cookie', stringifySetCookie({
    name,
    value,
    path,
    domain,
    httpOnly: true,
    secure: secure === 'auto' ? reply.request.protocol === 'https' : secure,
    sameSite,
    ...(expires === null ? {} : { expires, maxAge: Math.max(0, Math.round((expires.getTime() - Date.now()) / 1000)) }),
  }))
}

/** Tells the browser to forget the session cookie (a logout, a session that is gone). */
export function clearSessionCookie (reply: FastifyReply, state: SessionsState): void {
  setCookie(reply, state, '', new Date(0))
}

/**
 * The sessions plugin's onSend: saves the session a request loaded (every request that read
 * it starts its time again) and sends its cookie. @fastify/session's own onSend, for
 * sessions loaded lazily: a new session is kept only once something was put in it.
 */
export function saveSession (request: FastifyRequest, reply: FastifyReply, _payload: unknown, done: (error?: Error | null) => void): void {
  const load = (request as WithSession)[kSessionLoad]
  // Fast path: the request never asked for its session.
  if (load === null) return done()
  load.loaded.then(() => {
    const state = sessionsStateOf(request) as SessionsState
    const session = (request as WithSession).session
    // Destroyed (a logout): the browser forgets the cookie.
    if (session === null || !session.sessionId) {
      if (load.cookieValue !== undefined) clearSessionCookie(reply, state)
      return done()
    }
    const sameId = load.cookieValue === session.encryptedSessionId
    const insecure = session.cookie.secure === true && request.protocol !== 'https'
    if ((!sameId && !session.isModified()) || insecure) {
      // The cookie names a session that is gone: forget it.
      if (!sameId && load.cookieValue !== undefined) clearSessionCookie(reply, state)
      return done()
    }
    session.save((error?: unknown) => {
      if (error !== undefined && error !== null) return done(error as Error)
      setCookie(reply, state, session.encryptedSessionId, session.cookie.expires ?? null)
      done()
    })
  }, () => done())
}
