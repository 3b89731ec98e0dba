import type { FastifyRequest } from 'fastify'
import { HTTPException } from '../../errors/http-exception.js'
import { Depends, type Dependency } from '../../depends/dependency.js'
import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { checkOptionsObject, describeValue } from '../../shared/options.js'
import { checkCsrf } from './csrf.js'
import { loadSession, sessionsStateOf, sessionsPluginMissing } from './session-state.js'

/** The session key of the logged-in user. */
export const SESSION_USER_KEY = 'user'

export interface SessionAuthOptions {
  /**
   * `true` (default): no logged-in user is answered 401 `{"detail":"Not authenticated"}` with
   * `WWW-Authenticate: APIKey`, as FastAPI's `APIKeyCookie` answers; `false`: the dependency
   * gives `undefined` (optional auth).
   */
  autoError?: boolean
  /** The session cookie's name, for the docs' security scheme: `session`, the plugin's default. */
  cookieName?: string
  /** The security scheme's name in the docs: `APIKeyCookie`, as FastAPI's `APIKeyCookie` names its own. */
  schemeName?: string
  /** The security scheme's description in the docs. */
  description?: string
}

const NAME = 'sessionAuth'

/**
 * The logged-in user of a cookie session (what `request.sessionLogin(user)` kept), as a
 * dependency. No user: 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: APIKey`,
 * as FastAPI's `APIKeyCookie` answers (or `undefined` with
 * `autoError: false`). A POST, PUT, PATCH or DELETE must also carry the session's CSRF token
 * in the `x-csrf-token` header, or it is answered 403. In the docs it is the session cookie,
 * an `apiKey` security scheme `in: cookie`, as FastAPI's `APIKeyCookie` documents one.
 *
 * @example
 * const currentUser = sessionAuth<{ id: number, username: string }>()
 * app.api.get('/users/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
 */
export function sessionAuth<TUser = unknown> (options?: SessionAuthOptions & { autoError?: true }): Dependency<TUser>
export function sessionAuth<TUser = unknown> (options: SessionAuthOptions & { autoError: false }): Dependency<TUser | undefined>
export function sessionAuth<TUser = unknown> (options?: SessionAuthOptions): Dependency<TUser | undefined>
export function sessionAuth (options?: SessionAuthOptions): Dependency<unknown> {
  const given = checkOptionsObject(NAME, options, ['autoError', 'cookieName', 'schemeName', 'description']) as SessionAuthOptions
  const { autoError = true, cookieName = 'session', schemeName = 'APIKeyCookie', description } = given
  if (typeof autoError !== 'boolean') throw new FFA_ERR_OPTION_INVALID(NAME, 'autoError', `must be true or false; got ${describeValue(autoError)}`)
  for (const [key, value] of [['cookieName', cookieName], ['schemeName', schemeName]] as const) {
    if (typeof value !== 'string' || value === '') throw new FFA_ERR_OPTION_INVALID(NAME, key, `must be a non-empty string; got ${describeValue(value)}`)
  }
  return Depends({
    name: NAME,
    securityScheme: {
      name: schemeName,
      scheme: { type: 'apiKey', in: 'cookie', name: cookieName, ...(description === undefined ? {} : { description }) },
    },
  }, async function sessionUser ({ request }) {
    const state = sessionsStateOf(request)
    if (state === undefined) throw sessionsPluginMissing('sessionAuth()')
    // The docs named one cookie, the plugin reads another: the Authorize button would not work.
    if (state.options.cookie.name !== cookieName) {
      throw new FFA_ERR_OPTION_INVALID(NAME, 'cookieName', `is '${cookieName}' but the sessions plugin's cookie is '${state.options.cookie.name}': give sessionAuth({ cookieName: '${state.options.cookie.name}' })`)
    }
    const session = await loadSession(request, 'sessionAuth()')
    const user = (session as unknown as Record<string, unknown>)[SESSION_USER_KEY]
    if (user === undefined || user === null) {
      // FastAPI's APIKeyCookie (0.122+): 401 with its custom `APIKey` challenge, as RFC 9110 wants one on every 401.
      if (autoError) throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'APIKey' })
      return undefined
    }
    checkCsrf(request, session)
    return user
  })
}

/**
 * Logs `user` in: a new session id (the one the request came with, maybe fixed by an
 * attacker, is destroyed), with `user` in it. Keep it small and JSON-safe (an id and a name):
 * it is stored with the session, and read back as JSON.
 */
export async function sessionLogin (request: FastifyRequest, user: unknown): Promise<void> {
  if (user === undefined || user === null) throw new TypeError('request.sessionLogin(user): user must be a value to keep in the session (an id, or { id, username }); got ' + String(user))
  const session = await loadSession(request, 'request.sessionLogin()')
  await session.regenerate()
  const renewed = request.session as unknown as Record<string, unknown>
  renewed[SESSION_USER_KEY] = user
}

/**
 * Logs out: the session is destroyed in the store, so its cookie no longer works anywhere,
 * and the response tells the browser to forget it.
 */
export async function sessionLogout (request: FastifyRequest): Promise<void> {
  const session = await loadSession(request, 'request.sessionLogout()')
  await session.destroy()
}
