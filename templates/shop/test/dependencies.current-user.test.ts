import { describe, expect, it } from 'vitest'
import { asUser, buildTestApp, JOHNDOE } from './helpers.js'

// A sign-up or a login hashes with OWASP's scrypt cost (128 MiB, a few tenths of a second,
// more on a loaded machine): more time than vitest's default 5 s for the few it runs.
describe('currentUser and currentActiveUser: the bearer token is a JWT of the user', { timeout: 60_000 }, () => {
  it('answers /users/me with the current user, without the password hash', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ url: '/users/me', headers: asUser('johndoe') })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(JOHNDOE)
  })

  it('reads the scheme without regard to case, as FastAPI does', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ url: '/users/me', headers: { authorization: asUser('johndoe').authorization.replace('Bearer', 'bearer') } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(JOHNDOE)
  })

  it('answers 401 Not authenticated with WWW-Authenticate: Bearer without an Authorization header', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject('/users/me')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
    expect(res.headers['www-authenticate']).toBe('Bearer')
  })

  it('answers 401 Not authenticated to another scheme, and Could not validate credentials to an empty or forged token', async () => {
    const { app } = await buildTestApp()

    for (const authorization of ['Basic am9obmRvZTpzZWNyZXQ=', 'johndoe']) {
      const res = await app.inject({ url: '/users/me', headers: { authorization } })
      expect(res.statusCode, `${authorization}: ${res.body}`).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
    // OAuth2PasswordBearer hands over '' for a bare "Bearer", as FastAPI's; the JWT check refuses it.
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer johndoe', `${asUser('johndoe').authorization}x`]) {
      const res = await app.inject({ url: '/users/me', headers: { authorization } })
      expect(res.statusCode, `${authorization}: ${res.body}`).toBe(401)
      expect(res.json()).toEqual({ detail: 'Could not validate credentials' })
      expect(res.headers['www-authenticate']).toBe('Bearer scope="me"')
    }
  })

  it('answers 401 Could not validate credentials to a genuine token of no user', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ url: '/users/me', headers: asUser('rick') })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Could not validate credentials' })
    expect(res.headers['www-authenticate']).toBe('Bearer scope="me"')
  })

  it('answers 400 Inactive user to a disabled user (get_current_active_user)', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ url: '/users/me', headers: asUser('alice') })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'Inactive user' })
    expect(res.headers['www-authenticate']).toBeUndefined()
  })

  it('checks the token before the body: no token and a bad body answer 401, not 422', async () => {
    const { app } = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/orders/', payload: { lines: [] } })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
  })

  it('knows a user as soon as they sign up', async () => {
    const { app } = await buildTestApp()

    const created = await app.inject({ method: 'POST', url: '/users/', payload: { username: 'morty', email: 'morty@example.com', password: 'aw jeez rick' } })
    expect(created.statusCode, created.body).toBe(201)

    const res = await app.inject({ url: '/users/me', headers: asUser('morty') })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ id: 3, username: 'morty', email: 'morty@example.com', full_name: null, disabled: false })
  })
})
