import { Depends, HTTPException, Security } from 'fastify-fastapi'
import { getUserByUsername } from './crud/users.js'
import { createDatabase, databaseSettingsFromEnv, migrateToLatest } from './database.js'
import { Pagination } from './schemas/pagination.js'
import { seedIfEmpty } from './seed.js'
import { tokenClaims } from './security.js'

// FastAPI's `dependencies.py` ("Bigger Applications"): what routes declare in `deps` and
// `dependencies`. Each value's type flows into the handlers that use it, with no annotation.

/**
 * The database (FastAPI's engine, made in a lifespan): opened when the app starts, migrated to
 * the latest schema, and closed at shutdown (the pool's connections, or PGlite). PGlite, the
 * demo's database, gets the demo's data when it is empty; a real PostgreSQL only from
 * `npm run db:seed`. A test swaps it for its own: `app.dependencyOverrides.set(getDatabase, () => db)`.
 */
export const getDatabase = Depends({ scope: 'app' }, async function * getDatabase () {
  const settings = databaseSettingsFromEnv()
  const db = createDatabase(settings)
  try {
    await migrateToLatest(db)
    if (settings.url === undefined || settings.url === 'memory://') await seedIfEmpty(db)
    yield db
  } finally {
    await db.destroy()
  }
})

/**
 * A transaction per request (FastAPI's `get_db` with `scope="function"`): committed once the
 * handler succeeded and its answer went through the response model, BEFORE the response is
 * sent, so a client that reads right after a 201 finds what it wrote; rolled back when
 * anything throws. A commit that fails is the request's answer (a 500), never a 201 for a
 * lost write. With the default scope ("request"), the commit would come after the response.
 */
export const getDb = Depends({ scope: 'function', deps: { database: getDatabase } }, async function * getDb ({ deps, request }) {
  const transaction = await deps.database.startTransaction().execute()
  try {
    yield transaction
    await transaction.commit().execute()
  } catch (error) {
    // Releases the connection, also after a COMMIT that failed.
    await transaction.rollback().execute()
    request.log.debug({ error: error instanceof Error ? error.name : typeof error }, 'Transaction rolled back')
    throw error
  }
  request.log.debug('Transaction committed')
})

/** The time orders are stamped with; a test fixes it: `app.dependencyOverrides.set(getClock, () => () => NOW)`. */
export const getClock = Depends({ scope: 'app' }, function getClock () {
  return (): Date => new Date()
})

/** `?skip=0&limit=10`, bounded: FastAPI's `CommonQueryParams` for every list route. */
export const pagination = Depends({ query: Pagination }, function pagination ({ query }) {
  return query
})

const INVALID_CREDENTIALS = 'Could not validate credentials'

/**
 * The user the access token belongs to, or 401: FastAPI's `get_current_user`. The token is
 * verified and its scopes checked by `tokenClaims` (security.ts); the scopes a route asks with
 * `Security(currentActiveUser, ['orders'])` reach it through this dependency. It reads the
 * user in the route's transaction: a plain function may use a function-scoped dependency.
 */
export const currentUser = Depends({
  deps: { claims: tokenClaims, db: getDb },
}, async function currentUser ({ deps, securityScopes }) {
  const user = await getUserByUsername(deps.db, deps.claims.sub)
  if (user !== undefined) return user
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
