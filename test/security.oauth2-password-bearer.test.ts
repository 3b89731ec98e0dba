import { describe, expect, it } from 'vitest'
import { Depends, HTTPException, OAuth2PasswordBearer } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "Security - First Steps" (docs_src/security/tutorial001) and its tests
// (tests/test_security_oauth2_password_bearer_optional.py), as FastAPI >= 0.122 answers:
// 401 with `WWW-Authenticate: Bearer`, never 403.

async function firstSteps (options: Parameters<typeof OAuth2PasswordBearer>[0] = { tokenUrl: 'token' }) {
  const app = await buildApp()
  const oauth2Scheme = OAuth2PasswordBearer(options)
  app.api.get('/items/', { deps: { token: oauth2Scheme } }, function read_items ({ deps }) {
    return { token: deps.token }
  })
  return app
}

describe('OAuth2PasswordBearer', () => {
  it('gives the token of `Authorization: Bearer <token>`', async () => {
    const app = await firstSteps()
    const res = await app.inject({ url: '/items/', headers: { Authorization: 'Bearer testtoken' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ token: 'testtoken' })
  })

  it('answers a request without a token 401 Not authenticated, with the Bearer challenge', async () => {
    const app = await firstSteps()
    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
    expect(res.headers['www-authenticate']).toBe('Bearer')
  })

  it('answers another scheme ("Non-existent testtoken") as no token: 401 with the Bearer challenge', async () => {
    const app = await firstSteps()
    for (const authorization of ['Non-existent testtoken', 'Basic am9objpzZWNyZXQ=', 'Bearertesttoken']) {
      const res = await app.inject({ url: '/items/', headers: { authorization } })
      expect(res.statusCode, authorization).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('reads the scheme in any case, and the token as sent, after the first space', async () => {
    const app = await firstSteps()
    const cases: Array<[string, string]> = [['bearer abc', 'abc'], ['BEARER abc', 'abc'], ['BeArEr abc', 'abc'], ['Bearer a b', 'a b'], ['Bearer  abc', ' abc']]
    for (const [authorization, token] of cases) {
      const res = await app.inject({ url: '/items/', headers: { authorization } })
      expect(res.statusCode, authorization).toBe(200)
      expect(res.json(), authorization).toEqual({ token })
    }
  })

  it('gives an empty token for "Bearer" alone, as FastAPI (it checks the scheme only): the token check is yours', async () => {
    const app = await firstSteps()
    const res = await app.inject({ url: '/items/', headers: { authorization: 'Bearer' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ token: '' })
  })

  it('gives null instead of answering 401 with autoError: false (FastAPI\'s None)', async () => {
    const app = await buildApp()
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: '/token', autoError: false })
    app.api.get('/items/', { deps: { token: oauth2Scheme } }, function read_items ({ deps }) {
      if (deps.token === null) return { msg: 'Create an account first' }
      return { token: deps.token }
    })
    expect((await app.inject('/items/')).json()).toEqual({ msg: 'Create an account first' })
    expect((await app.inject({ url: '/items/', headers: { authorization: 'Non-existent testtoken' } })).json()).toEqual({ msg: 'Create an account first' })
    expect((await app.inject({ url: '/items/', headers: { authorization: 'Bearer testtoken' } })).json()).toEqual({ token: 'testtoken' })
  })

  it('runs under the current user, once per request, and the user\'s 401 keeps its own detail', async () => {
    const app = await buildApp()
    let runs = 0
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
    const counted = Depends({ deps: { token: oauth2Scheme } }, ({ deps }) => { runs++; return deps.token })
    const getCurrentUser = Depends({ deps: { token: oauth2Scheme, seen: counted } }, ({ deps }) => {
      if (deps.token !== 'johndoe') throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
      return { username: deps.token }
    })
    app.api.get('/users/me', { deps: { user: getCurrentUser, token: oauth2Scheme } }, function read_users_me ({ deps }) {
      return deps.user
    })
    const ok = await app.inject({ url: '/users/me', headers: { authorization: 'Bearer johndoe' } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ username: 'johndoe' })
    expect(runs).toBe(1)
    const wrong = await app.inject({ url: '/users/me', headers: { authorization: 'Bearer alice' } })
    expect(wrong.statusCode, wrong.body).toBe(401)
    expect(wrong.json()).toEqual({ detail: 'Could not validate credentials' })
    expect(wrong.headers['www-authenticate']).toBe('Bearer')
  })

  it('is documented as FastAPI documents it: the password flow with its tokenUrl, refreshUrl, scopes and description', async () => {
    const app = await firstSteps({
      tokenUrl: 'token',
      refreshUrl: '/refresh',
      scopes: { me: 'Read information about the current user.', items: 'Read items.' },
      description: 'OAuth2PasswordBearer security scheme',
    })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.components.securitySchemes).toEqual({
      OAuth2PasswordBearer: {
        type: 'oauth2',
        flows: { password: { refreshUrl: '/refresh', scopes: { me: 'Read information about the current user.', items: 'Read items.' }, tokenUrl: 'token' } },
        description: 'OAuth2PasswordBearer security scheme',
      },
    })
    // tests/test_tutorial/test_security/test_tutorial001: a route guarded by the scheme alone
    // documents no 422 and no 401.
    expect(document.paths['/items/']).toEqual({
      get: {
        summary: 'Read Items',
        operationId: 'read_items_items__get',
        responses: { 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } },
        security: [{ OAuth2PasswordBearer: [] }],
      },
    })
  })

  it('writes no refreshUrl, and empty scopes, when none are given', async () => {
    const app = await firstSteps({ tokenUrl: '/token' })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.components.securitySchemes).toEqual({ OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { scopes: {}, tokenUrl: '/token' } } } })
  })

  it('is named by schemeName in the docs (FastAPI\'s scheme_name)', async () => {
    const app = await firstSteps({ tokenUrl: 'token', schemeName: 'Shop login' })
    const document = (await app.inject('/openapi.json')).json()
    expect(Object.keys(document.components.securitySchemes)).toEqual(['Shop login'])
    expect(document.paths['/items/'].get.security).toEqual([{ 'Shop login': [] }])
  })

  it('refuses mistaken options when it is made, naming the option and the fix', () => {
    // @ts-expect-error  tokenUrl is required
    expect(() => OAuth2PasswordBearer({})).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: "OAuth2PasswordBearer: option 'tokenUrl' is required, like OAuth2PasswordBearer({ tokenUrl: 'token' }); got undefined" }))
    // @ts-expect-error  FastAPI's snake_case name is tokenUrl already; token_url is not an option
    expect(() => OAuth2PasswordBearer({ tokenUrl: 'token', token_url: 'x' })).toThrow(/option 'token_url' is not an option of OAuth2PasswordBearer; its options are: tokenUrl, refreshUrl, scopes, schemeName, description, autoError/)
    // @ts-expect-error  scopes describe each scope with a string
    expect(() => OAuth2PasswordBearer({ tokenUrl: 'token', scopes: ['me'] })).toThrow(/option 'scopes' must be an object of scope names and their descriptions/)
    // @ts-expect-error  autoError is a boolean
    expect(() => OAuth2PasswordBearer({ tokenUrl: 'token', autoError: 'no' })).toThrow(/option 'autoError' must be true or false; got string 'no'/)
    expect(() => OAuth2PasswordBearer({ tokenUrl: 'token', schemeName: '' })).toThrow(/option 'schemeName' must be a non-empty string/)
    // @ts-expect-error  FastAPI's tokenUrl="token" is an options object here
    expect(() => OAuth2PasswordBearer('token')).toThrow(/must be an object, like OAuth2PasswordBearer\(\{ tokenUrl: 'token' \}\)/)
  })
})
