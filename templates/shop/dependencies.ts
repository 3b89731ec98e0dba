import { Depends, HTTPException } from 'fastify-fastapi'
import { z } from 'zod'
import { createDatabase } from './database.js'
import { Pagination } from './schemas/pagination.js'
import { Session } from './session.js'

// FastAPI's `dependencies.py` ("Bigger Applications"): what routes declare in `deps` and
// `dependencies`. Each value's type flows into the handlers that use it, with no annotation.

/**
 * The store, created once when the app starts and shared by every request (the engine of
 * FastAPI's SQL tutorial, made in a lifespan). A test swaps it for its own:
 * `app.dependencyOverrides.set(getStore, () => createDatabase())`. The override keeps the
 * app scope: it is called once, at startup, and the real store is never made.
 */
export const getStore = Depends({ scope: 'app' }, function getStore () {
  return createDatabase()
})

/**
 * A session per request, FastAPI's `get_db`: the handler's changes are committed once it has
 * succeeded, rolled back (before the error response) when the handler or a later dependency
 * throws, and the session is released either way. The commit runs after the response is sent; the
 * session applies changes at once, so the response and the next request already see them.
 */
export const getDb = Depends({ deps: { store: getStore } }, function * getDb ({ deps, request }) {
  const session = new Session(deps.store)
  try {
    yield session
    const changes = session.commit()
    request.log.debug({ changes }, 'Session committed')
  } catch (error) {
    const changes = session.rollback()
    request.log.debug({ changes, error: error instanceof Error ? error.name : typeof error }, 'Session rolled back')
    throw error
  } finally {
    session.close()
  }
})

/** `?skip=0&limit=10`, bounded: FastAPI's `CommonQueryParams` for every list route. */
export const pagination = Depends({ query: Pagination }, function pagination ({ query }) {
  return query
})

// FastAPI's `OAuth2PasswordBearer` answers this for a missing or non-Bearer Authorization header.
const NOT_AUTHENTICATED = 'Not authenticated'
const INVALID_CREDENTIALS = 'Invalid authentication credentials'
const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer' }
const BEARER = /^\s*bearer\s+(\S+)\s*$/i

/**
 * The token from `Authorization: Bearer <token>`, or 401: what FastAPI's
 * `oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")` does as a dependency.
 */
export const bearerToken = Depends({
  headers: z.object({ authorization: z.string().optional() }),
  errors: [{ status: 401, description: NOT_AUTHENTICATED, headers: BEARER_CHALLENGE }],
  // In the docs: a lock on every route behind it, and "Authorize" takes the token (a username here).
  securityScheme: { name: 'HTTPBearer', scheme: { type: 'http', scheme: 'bearer' } },
}, function bearerToken ({ headers }) {
  // The scheme is case-insensitive (RFC 9110); FastAPI compares it lowercased too.
  const token = BEARER.exec(headers.authorization ?? '')?.[1]
  if (token === undefined) throw new HTTPException(401, NOT_AUTHENTICATED, BEARER_CHALLENGE)
  return token
})

/**
 * The user the token belongs to, or 401: FastAPI's `get_current_user`. The token is the
 * username, as in the security tutorial's `fake_decode_token`; a real app verifies a JWT here
 * (and adds `POST /token` to hand one out).
 */
export const currentUser = Depends({
  deps: { token: bearerToken, db: getDb },
  errors: [{ status: 401, description: INVALID_CREDENTIALS, headers: BEARER_CHALLENGE }],
}, function currentUser ({ deps }) {
  for (const user of deps.db.users.values()) {
    if (user.username === deps.token) return user
  }
  throw new HTTPException(401, INVALID_CREDENTIALS, BEARER_CHALLENGE)
})

/** The current user, if not disabled: FastAPI's `get_current_active_user`. */
export const currentActiveUser = Depends({
  deps: { user: currentUser },
  errors: [{ status: 400, description: 'Inactive user' }],
}, function currentActiveUser ({ deps }) {
  if (deps.user.disabled) throw new HTTPException(400, 'Inactive user')
  return deps.user
})
