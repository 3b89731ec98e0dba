import { describe, expect, it } from 'vitest'
import { Depends, OAuth2, OAuth2AuthorizationCodeBearer, Security } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// The OAuth2 flows beyond the password flow: FastAPI's OAuth2AuthorizationCodeBearer
// (tests/test_security_oauth2_authorization_code_bearer*.py) and the generic OAuth2 class
// (tests/test_security_oauth2.py), which gives the whole header.

describe('OAuth2AuthorizationCodeBearer', () => {
  async function codeBearerApp (options: Parameters<typeof OAuth2AuthorizationCodeBearer>[0]) {
    const app = await buildApp()
    const oauth2Scheme = OAuth2AuthorizationCodeBearer(options)
    app.api.get('/items/', { deps: { token: Security(oauth2Scheme) } }, function read_items ({ deps }) {
      return { token: deps.token }
    })
    return app
  }

  it('gives the bearer token, and answers none (or another scheme) 401 with the Bearer challenge', async () => {
    const app = await codeBearerApp({ authorizationUrl: 'authorize', tokenUrl: 'token' })
    expect((await app.inject({ url: '/items/', headers: { Authorization: 'Bearer testtoken' } })).json()).toEqual({ token: 'testtoken' })
    for (const headers of [{}, { Authorization: 'Non-existent testtoken' }]) {
      const res = await app.inject({ url: '/items/', headers })
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('gives null with autoError: false', async () => {
    const app = await codeBearerApp({ authorizationUrl: 'authorize', tokenUrl: 'token', autoError: false })
    expect((await app.inject('/items/')).json()).toEqual({ token: null })
  })

  it('is documented with the authorizationCode flow, as FastAPI writes it', async () => {
    const app = await codeBearerApp({ authorizationUrl: 'authorize', tokenUrl: 'token', description: 'OAuth2 Code Bearer' })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/items/'].get.security).toEqual([{ OAuth2AuthorizationCodeBearer: [] }])
    expect(document.components.securitySchemes).toEqual({
      OAuth2AuthorizationCodeBearer: {
        type: 'oauth2',
        flows: { authorizationCode: { authorizationUrl: 'authorize', tokenUrl: 'token', scopes: {} } },
        description: 'OAuth2 Code Bearer',
      },
    })
  })

  it('documents refreshUrl and scopes, and the scopes a route asks', async () => {
    const app = await buildApp()
    const oauth2Scheme = OAuth2AuthorizationCodeBearer({ authorizationUrl: 'https://example.com/authorize', tokenUrl: 'token', refreshUrl: 'refresh', scopes: { read: 'Read access', write: 'Write access' } })
    app.api.get('/items/', { deps: { token: Security(oauth2Scheme, ['read']) } }, function read_items () { return [] })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/items/'].get.security).toEqual([{ OAuth2AuthorizationCodeBearer: ['read'] }])
    expect(document.components.securitySchemes.OAuth2AuthorizationCodeBearer.flows).toEqual({
      authorizationCode: { refreshUrl: 'refresh', scopes: { read: 'Read access', write: 'Write access' }, authorizationUrl: 'https://example.com/authorize', tokenUrl: 'token' },
    })
  })

  it('needs both URLs', () => {
    // @ts-expect-error  the authorization URL is required
    expect(() => OAuth2AuthorizationCodeBearer({ tokenUrl: 'token' })).toThrow("OAuth2AuthorizationCodeBearer: option 'authorizationUrl' is required, like OAuth2AuthorizationCodeBearer({ authorizationUrl: 'authorize' }); got undefined")
    // @ts-expect-error  the token URL is required
    expect(() => OAuth2AuthorizationCodeBearer({ authorizationUrl: 'authorize' })).toThrow(/option 'tokenUrl' is required/)
  })
})

describe('OAuth2 (any flows)', () => {
  // tests/test_security_oauth2.py: the whole header is the "user".
  async function reusableOAuth2 (autoError?: false) {
    const app = await buildApp()
    const reusableOauth2 = OAuth2({
      flows: { password: { tokenUrl: 'token', scopes: { 'read:users': 'Read the users', 'write:users': 'Create users' } } },
      ...(autoError === undefined ? {} : { autoError }),
    })
    const getCurrentUser = Depends({ deps: { oauthHeader: Security(reusableOauth2) } }, ({ deps }) => (deps.oauthHeader === null ? null : { username: deps.oauthHeader }))
    app.api.get('/users/me', { deps: { currentUser: getCurrentUser } }, function read_current_user ({ deps }) {
      return deps.currentUser ?? { msg: 'Create an account first' }
    })
    return app
  }

  it('gives the Authorization header as sent, whatever its scheme', async () => {
    const app = await reusableOAuth2()
    expect((await app.inject({ url: '/users/me', headers: { Authorization: 'Bearer footokenbar' } })).json()).toEqual({ username: 'Bearer footokenbar' })
    expect((await app.inject({ url: '/users/me', headers: { Authorization: 'Other footokenbar' } })).json()).toEqual({ username: 'Other footokenbar' })
  })

  it('answers no header 401 with the Bearer challenge, or gives null with autoError: false', async () => {
    const strict = await reusableOAuth2()
    const res = await strict.inject('/users/me')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
    expect(res.headers['www-authenticate']).toBe('Bearer')
    const optional = await reusableOAuth2(false)
    expect((await optional.inject('/users/me')).json()).toEqual({ msg: 'Create an account first' })
  })

  it('documents the flows given, and no flows without them', async () => {
    const app = await reusableOAuth2()
    expect((await app.inject('/openapi.json')).json().components.securitySchemes).toEqual({
      OAuth2: { type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: { 'read:users': 'Read the users', 'write:users': 'Create users' } } } },
    })
    const bare = await buildApp()
    bare.api.get('/', { deps: { header: OAuth2() } }, function root () { return {} })
    expect((await bare.inject('/openapi.json')).json().components.securitySchemes).toEqual({ OAuth2: { type: 'oauth2', flows: {} } })
  })
})
