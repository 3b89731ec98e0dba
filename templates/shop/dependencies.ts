import { Depends, HTTPException, Security } from 'fastify-fastapi'
import { createDatabase } from './database.js'
import { Pagination } from './schemas/pagination.js'
import { Session } from './session.js'
import { tokenClaims } from './security.js'

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

const INVALID_CREDENTIALS = 'Could not validate credentials'

/**
 * The user the access token belongs to, or 401: FastAPI's `get_current_user`. The token is
 * verified and its scopes checked by `tokenClaims` (security.ts); the scopes a route asks with
 * `Security(currentActiveUser, ['orders'])` reach it through this dependency.
 */
export const currentUser = Depends({
  deps: { claims: tokenClaims, db: getDb },
}, function currentUser ({ deps, securityScopes }) {
  for (const user of deps.db.users.values()) {
    if (user.username === deps.claims.sub) return user
  }
  const challenge = securityScopes.scopes.length > 0 ? `Bearer scope="${securityScopes.scopeStr}"` : 'Bearer'
  throw new HTTPException(401, INVALID_CREDENTIALS, { 'WWW-Authenticate': challenge })
})

/** The current user, if not disabled: FastAPI's `get_current_active_user`. */
export const currentActiveUser = Depends({
  deps: { user: currentUser },
  errors: [{ status: 400, description: 'Inactive user' }],
}, function currentActiveUser ({ deps }) {
  if (deps.user.disabled) throw new HTTPException(400, 'Inactive user')
  return deps.user
})

/** Staff only: the current user, with a token that carries `items:write` (the catalogue's writes). */
export const staff = Security(currentActiveUser, ['items:write'])
