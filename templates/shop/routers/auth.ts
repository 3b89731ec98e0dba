import { APIRouter, HTTPException, OAuth2PasswordRequestForm, RateLimit, verifyPassword, type TimeWindow } from 'fastify-fastapi'
import { z } from 'zod'
import { getUserByUsername } from '../crud/users.js'
import { getDb } from '../dependencies.js'
import type { User } from '../models/user.js'
import { ACCESS_TOKEN_SECONDS, getRefreshTokens, jwt } from '../security.js'

// FastAPI's `POST /token` (the password flow of its security tutorials), with refresh tokens
// FastAPI leaves to you: `POST /token/refresh` rotates one, `POST /logout` ends the login.

const Token = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.int(),
}).meta({ id: 'Token' })

const INCORRECT = 'Incorrect username or password'

// A hash of no password: a username that does not exist costs the same scrypt as a wrong
// password, so the answer's timing does not tell which usernames exist (FastAPI's DUMMY_HASH).
const DUMMY_HASH = '$scrypt$ln=17,r=8,p=1$AYDH5p/+FOxDu511d+YcBg$az9eIzcY3qSkAO8Bd6Wnb5KYmVvbjvr5sBUUUjQb1Ic'

/** The scopes asked for that the user may have; all of the user's when none are asked. */
function grantedScope (user: User, asked: readonly string[]): string {
  return (asked.length === 0 ? user.scopes : asked.filter((scope) => user.scopes.includes(scope))).join(' ')
}

function tokens (subject: string, scope: string, refreshToken: string): z.input<typeof Token> {
  return { access_token: jwt.sign({ sub: subject, scope }), refresh_token: refreshToken, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS }
}

/** How many logins a username may try per window, from any IP (against password guessing). */
export interface LoginLimit {
  max: number
  timeWindow: TimeWindow
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = { max: 5, timeWindow: '1 minute' }

/** The auth routes, their login limit given by the app (app.ts: `loginLimit`). */
export function authRouter (loginLimit: LoginLimit = DEFAULT_LOGIN_LIMIT): APIRouter {
  const router = new APIRouter({ tags: ['auth'] })
  // Per username, not per IP: a guesser spread over many addresses still gets `max` tries a
  // window for one account. Every attempt counts, and the 429 comes before the password's check.
  const perUsername = RateLimit({ ...loginLimit, name: 'loginLimit', deps: { form: OAuth2PasswordRequestForm } }, ({ deps }) => deps.form.username.toLowerCase())
  addRoutes(router, perUsername)
  return router
}

function addRoutes (router: APIRouter, loginLimit: ReturnType<typeof RateLimit>): void {
  router.post('/token', {
    dependencies: [loginLimit],
    deps: { form: OAuth2PasswordRequestForm, db: getDb, refreshTokens: getRefreshTokens },
    response: Token,
    summary: 'Log in',
  }, async function login_for_access_token ({ deps }) {
    const { username, password, scopes } = deps.form
    const user = await getUserByUsername(deps.db, username)
    const verified = await verifyPassword(password, user?.hashed_password ?? DUMMY_HASH)
    if (user === undefined || !verified) throw new HTTPException(401, INCORRECT, { 'WWW-Authenticate': 'Bearer' })
    if (user.disabled) throw new HTTPException(400, 'Inactive user')
    const scope = grantedScope(user, scopes)
    const refresh = await deps.refreshTokens.issue(user.username, { scope })
    return tokens(user.username, scope, refresh.token)
  })

  router.post('/token/refresh', {
    form: z.object({ grant_type: z.literal('refresh_token').optional(), refresh_token: z.string() }),
    deps: { db: getDb, refreshTokens: getRefreshTokens },
    response: Token,
    summary: 'Refresh the access token',
  }, async function refresh_access_token ({ form, deps }) {
    // 400 {"detail":"Invalid refresh token"} when unknown, expired or used before (then the
    // whole login is revoked: whoever holds its tokens logs in again).
    const next = await deps.refreshTokens.rotate(form.refresh_token)
    const user = await getUserByUsername(deps.db, next.subject)
    if (user === undefined || user.disabled) {
      await deps.refreshTokens.revokeFamily(next.family)
      throw new HTTPException(400, 'Invalid refresh token')
    }
    return tokens(user.username, next.data?.scope ?? '', next.token)
  })

  router.post('/logout', {
    form: z.object({ refresh_token: z.string() }),
    deps: { refreshTokens: getRefreshTokens },
    status: 204,
    summary: 'Log out: the refresh token and every token of its login stop working',
  }, async function logout ({ form, deps }) {
    await deps.refreshTokens.revoke(form.refresh_token)
  })
}
