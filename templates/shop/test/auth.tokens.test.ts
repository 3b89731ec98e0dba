import { describe, expect, it } from 'vitest'
import { buildTestApp, JOHNDOE } from './helpers.js'

// FastAPI's security tutorials' `POST /token` (OAuth2 password flow, a JWT access token), with
// the refresh tokens FastAPI leaves to you. A login hashes with OWASP's scrypt cost: slow on a
// loaded machine, hence the timeout.

type App = Awaited<ReturnType<typeof buildTestApp>>['app']
interface Tokens { access_token: string, refresh_token: string, token_type: string, expires_in: number }

async function logIn (app: App, username: string, password: string, scope?: string) {
  const form = new URLSearchParams({ username, password, ...(scope === undefined ? {} : { scope }) })
  return await app.inject({ method: 'POST', url: '/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() })
}

async function refresh (app: App, refreshToken: string) {
  return await app.inject({ method: 'POST', url: '/token/refresh', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ refresh_token: refreshToken }).toString() })
}

const bearer = (tokens: Tokens) => ({ authorization: `Bearer ${tokens.access_token}` })

describe('POST /token, /token/refresh and /logout', { timeout: 60_000 }, () => {
  it('logs in with the password flow: an access token that reads /users/me, and a refresh token', async () => {
    const { app } = await buildTestApp()

    const login = await logIn(app, 'johndoe', 'correct horse')
    expect(login.statusCode, login.body).toBe(200)
    const tokens = login.json<Tokens>()
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 900 })
    expect(tokens.refresh_token).toMatch(/^[\w-]{65}$/)

    const me = await app.inject({ url: '/users/me', headers: bearer(tokens) })
    expect(me.statusCode, me.body).toBe(200)
    expect(me.json()).toEqual(JOHNDOE)
  })

  it('answers a wrong password and an unknown user alike: 401 Incorrect username or password', async () => {
    const { app } = await buildTestApp()

    for (const [username, password] of [['johndoe', 'wrong horse'], ['rick', 'correct horse']] as const) {
      const res = await logIn(app, username, password)
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json()).toEqual({ detail: 'Incorrect username or password' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('refuses a disabled user with 400 Inactive user, as FastAPI\'s tutorial', async () => {
    const { app } = await buildTestApp()

    const res = await logIn(app, 'alice', 'wonderland')
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'Inactive user' })
  })

  it('grants only the scopes asked that the user has: a customer\'s token cannot write the catalogue', async () => {
    const { app } = await buildTestApp()
    const signUp = await app.inject({ method: 'POST', url: '/users/', payload: { username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' } })
    expect(signUp.statusCode, signUp.body).toBe(201)

    const login = await logIn(app, 'morty', 'aw jeez rick', 'me items:write')
    expect(login.statusCode, login.body).toBe(200)
    const tokens = login.json<Tokens>()
    expect((await app.inject({ url: '/users/me', headers: bearer(tokens) })).statusCode).toBe(200)
    const write = await app.inject({ method: 'POST', url: '/items/', headers: bearer(tokens), payload: { name: 'Fleeb', price: 4.25 } })
    expect(write.statusCode, write.body).toBe(401)
    expect(write.json()).toEqual({ detail: 'Not enough permissions' })
    expect(write.headers['www-authenticate']).toBe('Bearer scope="items:write"')

    // johndoe is staff: the same request with his token creates the item.
    const staff = (await logIn(app, 'johndoe', 'correct horse')).json<Tokens>()
    const created = await app.inject({ method: 'POST', url: '/items/', headers: bearer(staff), payload: { name: 'Fleeb', price: 4.25 } })
    expect(created.statusCode, created.body).toBe(201)
  })

  it('rotates the refresh token: each works once and gives a new pair', async () => {
    const { app } = await buildTestApp()
    const first = (await logIn(app, 'johndoe', 'correct horse')).json<Tokens>()

    const second = await refresh(app, first.refresh_token)
    expect(second.statusCode, second.body).toBe(200)
    const next = second.json<Tokens>()
    expect(next.refresh_token).not.toBe(first.refresh_token)
    expect((await app.inject({ url: '/users/me', headers: bearer(next) })).statusCode).toBe(200)
  })

  it('revokes the whole login when a refresh token is used twice: the thief and the user both log in again', async () => {
    const { app } = await buildTestApp()
    const stolen = (await logIn(app, 'johndoe', 'correct horse')).json<Tokens>().refresh_token

    const user = await refresh(app, stolen)
    expect(user.statusCode).toBe(200)
    const thief = await refresh(app, stolen)
    expect(thief.statusCode, thief.body).toBe(400)
    expect(thief.json()).toEqual({ detail: 'Invalid refresh token' })
    const userAgain = await refresh(app, user.json<Tokens>().refresh_token)
    expect(userAgain.statusCode, userAgain.body).toBe(400)
  })

  it('logs out: the refresh token stops working', async () => {
    const { app } = await buildTestApp()
    const tokens = (await logIn(app, 'johndoe', 'correct horse')).json<Tokens>()

    const out = await app.inject({ method: 'POST', url: '/logout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `refresh_token=${tokens.refresh_token}` })
    expect(out.statusCode, out.body).toBe(204)
    expect((await refresh(app, tokens.refresh_token)).statusCode).toBe(400)
  })

  it('documents the password flow with its scopes and refresh URL, and the token form as FastAPI does', async () => {
    const { app } = await buildTestApp()
    const doc = (await app.inject('/openapi.json')).json()

    expect(doc.components.securitySchemes.OAuth2PasswordBearer).toEqual({
      type: 'oauth2',
      flows: { password: { tokenUrl: 'token', refreshUrl: 'token/refresh', scopes: expect.objectContaining({ me: expect.any(String), 'items:write': expect.any(String) }) } },
    })
    expect(doc.paths['/users/me'].get.security).toEqual([{ OAuth2PasswordBearer: ['me'] }])
    expect(doc.paths['/items/'].post.security).toEqual([{ OAuth2PasswordBearer: ['items:write'] }])
    // FastAPI names a form's model Body_ and the operation id, which the shop makes from the tag and the summary.
    expect(doc.components.schemas['Body_auth-log_in'].properties.password).toMatchObject({ type: 'string', format: 'password' })
  })
})
