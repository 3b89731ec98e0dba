import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { HTTPException, JWT, RefreshTokens, Security } from 'fastify-fastapi'
import { buildApp } from '../helpers/app.js'
import { listen } from '../helpers/raw-http.js'
import { bearerToken, SECRET } from '../helpers/security.js'

// A stolen refresh token: whoever uses it second (the thief or the user) shows that two
// parties hold the family, and the whole family is revoked, so the thief's next token dies
// with the user's. The app: FastAPI's password flow, with a refresh token beside the JWT.

interface TokenAnswer { access_token: string, refresh_token: string, token_type: string }

async function shop () {
  const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, claims: z.object({ sub: z.string(), scope: z.string() }) })
  const refreshTokens = new RefreshTokens<{ scope: string }>()
  const answer = async (sub: string, scope: string, refreshToken: string): Promise<TokenAnswer> =>
    ({ access_token: jwt.sign({ sub, scope }), refresh_token: refreshToken, token_type: 'bearer' })

  const app = await buildApp()
  app.api.post('/token', { form: z.object({ username: z.string(), password: z.string(), scope: z.string().default('') }) }, async ({ form }) => {
    if (form.username !== 'johndoe' || form.password !== 'secret') throw new HTTPException(400, 'Incorrect username or password')
    const refresh = await refreshTokens.issue(form.username, { scope: form.scope })
    return await answer(form.username, form.scope, refresh.token)
  })
  app.api.post('/token/refresh', { body: z.object({ refresh_token: z.string() }) }, async ({ body }) => {
    const next = await refreshTokens.rotate(body.refresh_token)
    return await answer(next.subject, next.data?.scope ?? '', next.token)
  })
  app.api.get('/users/me', { deps: { claims: Security(jwt.claims(bearerToken), ['me']) } }, ({ deps }) => ({ username: deps.claims.sub }))
  const port = await listen(app)

  const post = async (path: string, body: URLSearchParams | object) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, body instanceof URLSearchParams
      ? { method: 'POST', body }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: await res.json() as TokenAnswer | { detail: string } }
  }
  return {
    login: async () => (await post('/token', new URLSearchParams({ username: 'johndoe', password: 'secret', scope: 'me' }))).body as TokenAnswer,
    refresh: async (token: string) => await post('/token/refresh', { refresh_token: token }),
    me: async (accessToken: string) => (await fetch(`http://127.0.0.1:${port}/users/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status,
  }
}

describe('attack: a reused refresh token', () => {
  it('is refused when the thief uses it after the user, and the user\'s next refresh is refused too', async () => {
    const app = await shop()
    const login = await app.login()
    const stolen = login.refresh_token

    const user = await app.refresh(login.refresh_token)
    expect(user.status).toBe(200)
    const userTokens = user.body as TokenAnswer
    expect(await app.me(userTokens.access_token)).toBe(200)

    const thief = await app.refresh(stolen)
    expect(thief).toEqual({ status: 400, body: { detail: 'Invalid refresh token' } })
    expect(await app.refresh(userTokens.refresh_token)).toEqual({ status: 400, body: { detail: 'Invalid refresh token' } })
  })

  it('is refused when the user comes back after the thief, and the thief\'s new token is revoked', async () => {
    const app = await shop()
    const login = await app.login()

    const thief = await app.refresh(login.refresh_token)
    expect(thief.status).toBe(200)
    const thiefTokens = thief.body as TokenAnswer

    expect(await app.refresh(login.refresh_token)).toEqual({ status: 400, body: { detail: 'Invalid refresh token' } })
    expect(await app.refresh(thiefTokens.refresh_token)).toEqual({ status: 400, body: { detail: 'Invalid refresh token' } })
  })

  it('leaves the user\'s other logins working, and a new login starts a family of its own', async () => {
    const app = await shop()
    const laptop = await app.login()
    const phone = await app.login()
    await app.refresh(laptop.refresh_token)
    expect((await app.refresh(laptop.refresh_token)).status).toBe(400)

    const phoneRefresh = await app.refresh(phone.refresh_token)
    expect(phoneRefresh.status).toBe(200)
    expect(await app.me((phoneRefresh.body as TokenAnswer).access_token)).toBe(200)
    const again = await app.login()
    expect((await app.refresh(again.refresh_token)).status).toBe(200)
  })
})
