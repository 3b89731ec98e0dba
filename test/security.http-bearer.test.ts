import { describe, expect, it } from 'vitest'
import { HTTPBearer, HTTPDigest, type HTTPAuthorizationCredentials } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's HTTPBearer and HTTPDigest (tests/test_security_http_bearer*.py,
// test_security_http_digest*.py): `{ scheme, credentials }` from the Authorization header;
// missing, empty or another scheme's credentials are 401 "Not authenticated" with the
// scheme's challenge, or null with autoError: false.

async function credentialsApp (security: ReturnType<typeof HTTPBearer> | ReturnType<typeof HTTPDigest>) {
  const app = await buildApp()
  app.api.get('/users/me', { deps: { credentials: security } }, function read_current_user ({ deps }) {
    return deps.credentials
  })
  return app
}

describe.each([
  { name: 'HTTPBearer', make: HTTPBearer, scheme: 'Bearer', challenge: 'Bearer', other: 'Basic notreally' },
  { name: 'HTTPDigest', make: HTTPDigest, scheme: 'Digest', challenge: 'Digest', other: 'Other invalidauthorization' },
] as const)('$name', ({ name, make, scheme, challenge, other }) => {
  it(`gives { scheme, credentials } from "${scheme} foobar", the scheme as sent`, async () => {
    const app = await credentialsApp(make())
    for (const sent of [scheme, scheme.toLowerCase(), scheme.toUpperCase()]) {
      const res = await app.inject({ url: '/users/me', headers: { Authorization: `${sent} foobar` } })
      expect(res.statusCode, res.body).toBe(200)
      const credentials: HTTPAuthorizationCredentials = res.json()
      expect(credentials).toEqual({ scheme: sent, credentials: 'foobar' })
    }
  })

  it(`answers none, "${scheme}" alone, or another scheme 401 Not authenticated with \`WWW-Authenticate: ${challenge}\``, async () => {
    const app = await credentialsApp(make())
    for (const headers of [{}, { Authorization: '' }, { Authorization: scheme }, { Authorization: other }]) {
      const res = await app.inject({ url: '/users/me', headers })
      expect(res.statusCode, JSON.stringify(headers)).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe(challenge)
    }
  })

  it('gives null for any of those with autoError: false', async () => {
    const app = await credentialsApp(make({ autoError: false }))
    for (const headers of [{}, { Authorization: scheme }, { Authorization: other }]) {
      const res = await app.inject({ url: '/users/me', headers })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.body).toBe('null')
    }
    expect((await app.inject({ url: '/users/me', headers: { Authorization: `${scheme} foobar` } })).json()).toEqual({ scheme, credentials: 'foobar' })
  })

  it('is documented as an http scheme, with its description', async () => {
    const app = await credentialsApp(make({ description: `${name} scheme` }))
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/users/me'].get.security).toEqual([{ [name]: [] }])
    expect(document.paths['/users/me'].get.responses).toEqual({ 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } })
    expect(document.components.securitySchemes).toEqual({ [name]: { type: 'http', scheme: scheme.toLowerCase(), description: `${name} scheme` } })
  })
})

describe('HTTPBearer', () => {
  it('documents its bearerFormat', async () => {
    const app = await credentialsApp(HTTPBearer({ bearerFormat: 'JWT' }))
    expect((await app.inject('/openapi.json')).json().components.securitySchemes).toEqual({ HTTPBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } })
  })
})
