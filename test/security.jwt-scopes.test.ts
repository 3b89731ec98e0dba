import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, JWT, Security } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { bearer, bearerToken, SECRET } from './helpers/security.js'

// FastAPI's "OAuth2 scopes" tutorial (docs_src/security/tutorial005_an_py310.py) and its tests
// (tests/test_tutorial/test_security/test_tutorial005.py), with PyJWT's hand-written decode
// replaced by jwt.claims(token): the same routes, answers and WWW-Authenticate challenges.

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

const fakeUsersDb: Record<string, { username: string, full_name: string, email: string, password: string, disabled: boolean }> = {
  johndoe: { username: 'johndoe', full_name: 'John Doe', email: 'johndoe@example.com', password: 'secret', disabled: false },
  alice: { username: 'alice', full_name: 'Alice Chains', email: 'alicechains@example.com', password: 'secretalice', disabled: true },
}
const User = z.object({ username: z.string(), email: z.string().nullable(), full_name: z.string().nullable(), disabled: z.boolean().nullable() })

async function tutorialApp () {
  const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, expiresIn: 30 * 60, claims: z.object({ sub: z.string(), scope: z.string().default('') }) })
  const tokenClaims = jwt.claims(bearerToken)
  const getCurrentUser = Depends({ deps: { claims: tokenClaims } }, function getCurrentUser ({ deps, securityScopes }) {
    const user = fakeUsersDb[deps.claims.sub]
    if (user === undefined) {
      const authenticateValue = securityScopes.scopes.length > 0 ? `Bearer scope="${securityScopes.scopeStr}"` : 'Bearer'
      throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': authenticateValue })
    }
    return user
  })
  const getCurrentActiveUser = Depends({ deps: { currentUser: Security(getCurrentUser, ['me']) } }, function getCurrentActiveUser ({ deps }) {
    if (deps.currentUser.disabled) throw new HTTPException(400, 'Inactive user')
    return deps.currentUser
  })

  const app = await buildApp()
  app.api.post('/token', { form: z.object({ username: z.string(), password: z.string(), scope: z.string().default('') }) }, ({ form }) => {
    const user = fakeUsersDb[form.username]
    if (user === undefined || user.password !== form.password) throw new HTTPException(400, 'Incorrect username or password')
    return { access_token: jwt.sign({ sub: user.username, scope: form.scope }), token_type: 'bearer' }
  })
  app.api.get('/users/me/', { deps: { currentUser: getCurrentActiveUser }, response: User }, ({ deps }) => deps.currentUser)
  app.api.get('/users/me/items/', { deps: { currentUser: Security(getCurrentActiveUser, ['items']) } },
    ({ deps }) => [{ item_id: 'Foo', owner: deps.currentUser.username }])
  app.api.get('/status/', { deps: { currentUser: getCurrentUser } }, () => ({ status: 'ok' }))
  return { app, jwt }
}

async function accessToken (app: Awaited<ReturnType<typeof tutorialApp>>['app'], username = 'johndoe', password = 'secret', scope?: string): Promise<string> {
  const form = new URLSearchParams({ username, password, ...(scope === undefined ? {} : { scope }) })
  const res = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: form.toString() })
  expect(res.statusCode, res.body).toBe(200)
  return (res.json() as { access_token: string }).access_token
}

describe('JWT claims with security scopes (FastAPI\'s OAuth2 scopes tutorial)', () => {
  it('logs in and reads the user with a token granting "me"', async () => {
    const { app } = await tutorialApp()
    const login = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'username=johndoe&password=secret&scope=me' })
    expect(login.statusCode, login.body).toBe(200)
    expect(login.json()).toMatchObject({ token_type: 'bearer' })
    const token = (login.json() as { access_token: string }).access_token

    const res = await app.inject({ url: '/users/me/', headers: bearer(token) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'johndoe', full_name: 'John Doe', email: 'johndoe@example.com', disabled: false })
  })

  it('answers no token with 401 Not authenticated and a bare Bearer challenge (the token dependency\'s answer)', async () => {
    const { app } = await tutorialApp()
    for (const headers of [{}, { authorization: 'Notexistent testtoken' }]) {
      const res = await app.inject({ url: '/users/me/', headers })
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('answers a token that is no JWT with 401 Could not validate credentials, naming the required scopes', async () => {
    const { app } = await tutorialApp()
    const res = await app.inject({ url: '/users/me/', headers: bearer('nonexistent') })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Could not validate credentials' })
    expect(res.headers['www-authenticate']).toBe('Bearer scope="me"')
  })

  it('refuses the tutorial\'s own tokens without sub, and for an unknown user, as credentials it cannot validate', async () => {
    const { app, jwt } = await tutorialApp()
    const tokens = [
      // FastAPI's test_token_no_sub and test_token_no_username, signed with the tutorial's SECRET_KEY (and no exp).
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJkYXRhIjoiZm9vIn0.9ynBhuYb4e6aW3oJr_K_TBgwcMTDpRToQIE25L57rOE',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmb28ifQ.NnExK_dlNAYyzACrXtXDrcWOgGY2JuPbI4eDaHdfK5Y',
      // Signed by us with an exp: no sub (the claims schema refuses it), and a user that does not exist.
      jwt.sign({ scope: 'me' } as { sub: string, scope: string }),
      jwt.sign({ sub: 'username:bob', scope: 'me' }),
    ]
    for (const token of tokens) {
      const res = await app.inject({ url: '/users/me/', headers: bearer(token) })
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json()).toEqual({ detail: 'Could not validate credentials' })
      expect(res.headers['www-authenticate']).toBe('Bearer scope="me"')
    }
  })

  it('answers a token without the required scope with 401 Not enough permissions', async () => {
    const { app } = await tutorialApp()
    const token = await accessToken(app)
    const res = await app.inject({ url: '/users/me/', headers: bearer(token) })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not enough permissions' })
    expect(res.headers['www-authenticate']).toBe('Bearer scope="me"')
  })

  it('requires every scope along the chain, and names them all in the challenge', async () => {
    const { app } = await tutorialApp()
    const onlyMe = await app.inject({ url: '/users/me/items/', headers: bearer(await accessToken(app, 'johndoe', 'secret', 'me')) })
    expect(onlyMe.statusCode, onlyMe.body).toBe(401)
    expect(onlyMe.json()).toEqual({ detail: 'Not enough permissions' })
    expect(onlyMe.headers['www-authenticate']).toBe('Bearer scope="items me"')

    const both = await app.inject({ url: '/users/me/items/', headers: bearer(await accessToken(app, 'johndoe', 'secret', 'me items')) })
    expect(both.statusCode, both.body).toBe(200)
    expect(both.json()).toEqual([{ item_id: 'Foo', owner: 'johndoe' }])
  })

  it('answers an inactive user with 400 once the token is valid', async () => {
    const { app } = await tutorialApp()
    const res = await app.inject({ url: '/users/me/', headers: bearer(await accessToken(app, 'alice', 'secretalice', 'me')) })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'Inactive user' })
  })

  it('lets any valid token through a route that requires no scope, and challenges without scope there', async () => {
    const { app } = await tutorialApp()
    const ok = await app.inject({ url: '/status/', headers: bearer(await accessToken(app)) })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ status: 'ok' })

    const bad = await app.inject({ url: '/status/', headers: bearer('nonexistent') })
    expect(bad.statusCode, bad.body).toBe(401)
    expect(bad.json()).toEqual({ detail: 'Could not validate credentials' })
    expect(bad.headers['www-authenticate']).toBe('Bearer')
  })

  it('reads scopes from a "scopes" array claim when told to', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await buildApp()
    app.api.get('/admin', { deps: { claims: Security(jwt.claims(bearerToken, { scopesClaim: 'scopes' }), ['admin']) } }, ({ deps }) => ({ sub: deps.claims.sub }))

    const admin = await app.inject({ url: '/admin', headers: bearer(jwt.sign({ sub: 'root', scopes: ['users:read', 'admin'] })) })
    expect(admin.statusCode, admin.body).toBe(200)
    expect(admin.json()).toEqual({ sub: 'root' })
    // The space-separated string is not read from another claim than the one named.
    const wrongClaim = await app.inject({ url: '/admin', headers: bearer(jwt.sign({ sub: 'root', scope: 'admin' })) })
    expect(wrongClaim.statusCode, wrongClaim.body).toBe(401)
    expect(wrongClaim.json()).toEqual({ detail: 'Not enough permissions' })
    expect(wrongClaim.headers['www-authenticate']).toBe('Bearer scope="admin"')
  })

  it('refuses a scope claim that is neither a string nor an array of strings, as credentials it cannot read', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await buildApp()
    app.api.get('/open', { deps: { claims: jwt.claims(bearerToken) } }, () => 'ok')
    app.api.get('/admin', { deps: { claims: Security(jwt.claims(bearerToken), ['admin']) } }, () => 'ok')

    for (const scope of [42, ['admin', 7], { admin: true }]) {
      const token = jwt.sign({ sub: 'root', scope } as unknown as { sub: string })
      for (const url of ['/open', '/admin']) {
        const res = await app.inject({ url, headers: bearer(token) })
        expect(res.statusCode, `${url} ${JSON.stringify(scope)} ${res.body}`).toBe(401)
        expect(res.json()).toEqual({ detail: 'Could not validate credentials' })
      }
    }
  })

  it('does not take a scope that only starts like the required one', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await buildApp()
    app.api.get('/items', { deps: { claims: Security(jwt.claims(bearerToken), ['items:write']) } }, () => 'ok')

    for (const scope of ['items', 'items:writer', 'items:read items:write2', 'ITEMS:WRITE']) {
      const res = await app.inject({ url: '/items', headers: bearer(jwt.sign({ sub: 'rick', scope })) })
      expect(res.statusCode, `${scope}: ${res.body}`).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not enough permissions' })
    }
    const ok = await app.inject({ url: '/items', headers: bearer(jwt.sign({ sub: 'rick', scope: 'items:read items:write' })) })
    expect(ok.statusCode, ok.body).toBe(200)
  })

  it('checks each set of scopes a request requires of one claims dependency', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const claims = jwt.claims(bearerToken)
    const app = await buildApp()
    app.api.delete('/items/{item_id}', {
      params: z.object({ item_id: z.string() }),
      dependencies: [Security(claims, ['items:read'])],
      deps: { admin: Security(claims, ['admin']) },
    }, ({ deps }) => ({ sub: deps.admin.sub }))

    const reader = await app.inject({ method: 'DELETE', url: '/items/1', headers: bearer(jwt.sign({ sub: 'rick', scope: 'items:read' })) })
    expect(reader.statusCode, reader.body).toBe(401)
    expect(reader.headers['www-authenticate']).toBe('Bearer scope="admin"')
    const admin = await app.inject({ method: 'DELETE', url: '/items/1', headers: bearer(jwt.sign({ sub: 'rick', scope: 'items:read admin' })) })
    expect(admin.statusCode, admin.body).toBe(200)
    expect(admin.json()).toEqual({ sub: 'rick' })
  })

  it('documents no 401 of its own, as FastAPI documents none for the tutorial\'s routes', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await buildApp()
    app.api.get('/me', { deps: { claims: Security(jwt.claims(bearerToken), ['me']) } }, () => 'ok')
    const doc = (await app.inject('/openapi.json')).json() as { paths: Record<string, { get: { responses: Record<string, unknown> } }> }
    expect(Object.keys(doc.paths['/me']?.get.responses ?? {})).toEqual(['200', '422'])
  })
})
