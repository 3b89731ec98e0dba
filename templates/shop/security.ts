import { randomBytes } from 'node:crypto'
import { Depends, JWT, OAuth2PasswordBearer, RefreshTokens } from 'fastify-fastapi'
import { z } from 'zod'

// FastAPI's "OAuth2 with Password (and hashing), Bearer with JWT tokens" and "OAuth2 scopes"
// tutorials: the scheme, the signing key and the refresh tokens of the shop.

/** What a token may grant; Swagger UI's Authorize dialog lists them. */
export const SCOPES = {
  me: 'Read your own account.',
  orders: 'Place, read and cancel your orders.',
  'items:write': 'Add, change and delete items (staff).',
}

/** `Authorization: Bearer <access token>`, handed out by `POST /token` (the password flow). */
export const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token', refreshUrl: 'token/refresh', scopes: SCOPES })

/** Access tokens live this long (FastAPI's tutorial: 15 minutes). */
export const ACCESS_TOKEN_SECONDS = 15 * 60

/**
 * The key that signs access tokens: `SHOP_SECRET_KEY` (`openssl rand -hex 32`), else a random
 * one made at startup, so that `npm start` needs nothing set (its tokens die with the process).
 */
export const jwt = new JWT({
  algorithms: ['HS256'],
  secret: process.env.SHOP_SECRET_KEY ?? randomBytes(32).toString('hex'),
  expiresIn: ACCESS_TOKEN_SECONDS,
  claims: z.object({ sub: z.string(), scope: z.string().default('') }),
})

/** The access token's claims, its scopes checked against those the route asks (`Security`). */
export const tokenClaims = jwt.claims(oauth2Scheme)

/**
 * Refresh tokens (rotated at each use; a reused one revokes its login), made at startup and
 * closed at shutdown: in memory, or in the Redis at `redisUrl` (by default `SHOP_REDIS_URL`),
 * then shared by every instance of the shop, so that a token reused on another instance is caught.
 */
export function refreshTokensIn (redisUrl?: string) {
  return Depends({ scope: 'app' }, async function * getRefreshTokens () {
    const url = redisUrl ?? process.env.SHOP_REDIS_URL
    const tokens = new RefreshTokens<{ scope: string }>(url === undefined ? {} : { store: url })
    try {
      yield tokens
    } finally {
      await tokens.close()
    }
  })
}

/** The shop's refresh tokens (see refreshTokensIn). A test swaps them with `app.dependencyOverrides`. */
export const getRefreshTokens = refreshTokensIn()
