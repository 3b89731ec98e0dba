import { describe, expect, it } from 'vitest'
import { Depends, OpenIdConnect, Security } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's OpenIdConnect (tests/test_security_openid_connect*.py): it documents the
// provider's discovery URL and gives the Authorization header as sent, for you to verify.

async function currentUserApp (options: Parameters<typeof OpenIdConnect>[0] = { openIdConnectUrl: '/openid' }) {
  const app = await buildApp()
  const oid = OpenIdConnect(options)
  const getCurrentUser = Depends({ deps: { oauthHeader: Security(oid) } }, ({ deps }) => (deps.oauthHeader === null ? null : { username: deps.oauthHeader }))
  app.api.get('/users/me', { deps: { currentUser: getCurrentUser } }, function read_current_user ({ deps }) {
    return deps.currentUser ?? { msg: 'Create an account first' }
  })
  return app
}

describe('OpenIdConnect', () => {
  it('gives the whole Authorization header, whatever its scheme', async () => {
    const app = await currentUserApp()
    expect((await app.inject({ url: '/users/me', headers: { Authorization: 'Bearer footokenbar' } })).json()).toEqual({ username: 'Bearer footokenbar' })
    expect((await app.inject({ url: '/users/me', headers: { Authorization: 'Other footokenbar' } })).json()).toEqual({ username: 'Other footokenbar' })
  })

  it('answers no header (or an empty one) 401 Not authenticated with `WWW-Authenticate: Bearer`', async () => {
    const app = await currentUserApp()
    for (const headers of [{}, { Authorization: '' }]) {
      const res = await app.inject({ url: '/users/me', headers })
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('gives null with autoError: false', async () => {
    const app = await currentUserApp({ openIdConnectUrl: '/openid', autoError: false })
    expect((await app.inject('/users/me')).json()).toEqual({ msg: 'Create an account first' })
  })

  it('is documented with its openIdConnectUrl and description', async () => {
    const app = await currentUserApp({ openIdConnectUrl: '/openid', description: 'OpenIdConnect security scheme' })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/users/me'].get.security).toEqual([{ OpenIdConnect: [] }])
    expect(document.components.securitySchemes).toEqual({
      OpenIdConnect: { type: 'openIdConnect', openIdConnectUrl: '/openid', description: 'OpenIdConnect security scheme' },
    })
  })

  it('needs its openIdConnectUrl', () => {
    // @ts-expect-error  the discovery URL is required
    expect(() => OpenIdConnect({})).toThrow("OpenIdConnect: option 'openIdConnectUrl' is required, like OpenIdConnect({ openIdConnectUrl: '/openid' }); got undefined")
  })
})
