// The README's "Security" example, as written there: FastAPI's "Simple OAuth2 with Password
// and Bearer" tutorial (docs_src/security/tutorial003), ported, with its tests'
// expectations (tests/test_tutorial/test_security/test_tutorial003.py).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, OAuth2PasswordBearer, OAuth2PasswordRequestForm } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const fakeUsersDb: Record<string, { username: string, full_name: string, email: string, hashedPassword: string, disabled: boolean }> = {
  johndoe: { username: 'johndoe', full_name: 'John Doe', email: 'johndoe@example.com', hashedPassword: 'fakehashedsecret', disabled: false },
}
const fakeHashPassword = (password: string) => `fakehashed${password}`
const fakeDecodeToken = (token: string) => fakeUsersDb[token]
const User = z.object({ username: z.string(), email: z.string().nullable().default(null), full_name: z.string().nullable().default(null), disabled: z.boolean().nullable().default(null) }).meta({ id: 'User' })

async function tutorial003 () {
  const app = await buildApp()
  const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })

  const getCurrentUser = Depends({
    deps: { token: oauth2Scheme },
  }, async ({ deps }) => {
    const user = fakeDecodeToken(deps.token)
    if (!user) {
      throw new HTTPException(401, 'Not authenticated',
        { 'WWW-Authenticate': 'Bearer' })
    }
    return user
  })

  app.api.post('/token', {
    deps: { formData: OAuth2PasswordRequestForm },
  }, async function login ({ deps }) {
    const user = fakeUsersDb[deps.formData.username]
    if (!user || fakeHashPassword(
      deps.formData.password) !== user.hashedPassword) {
      throw new HTTPException(400,
        'Incorrect username or password')
    }
    return { access_token: user.username,
      token_type: 'bearer' }
  })

  app.api.get('/users/me', {
    deps: { currentUser: getCurrentUser },
    response: User,
  }, async function read_users_me ({ deps }) {
    return deps.currentUser
  })
  return app
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe("the README's Security tutorial", () => {
  it('logs in at POST /token', async () => {
    const app = await tutorial003()
    const res = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'username=johndoe&password=secret' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ access_token: 'johndoe', token_type: 'bearer' })
    const wrong = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'username=johndoe&password=incorrect' })
    expect(wrong.statusCode, wrong.body).toBe(400)
    expect(wrong.json()).toEqual({ detail: 'Incorrect username or password' })
  })

  it('answers a form without a password 422, as FastAPI', async () => {
    const app = await tutorial003()
    const res = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'username=johndoe' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null }] })
  })

  it('gives the current user for the token, and 401 Not authenticated without one', async () => {
    const app = await tutorial003()
    const me = await app.inject({ url: '/users/me', headers: { Authorization: 'Bearer johndoe' } })
    expect(me.statusCode, me.body).toBe(200)
    expect(me.json()).toEqual({ username: 'johndoe', email: 'johndoe@example.com', full_name: 'John Doe', disabled: false })
    for (const headers of [{}, { Authorization: 'Bearer nonexistent' }, { Authorization: 'Notexistent testtoken' }]) {
      const res = await app.inject({ url: '/users/me', headers })
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })
})
