import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, JWT, Security } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { bearer, bearerToken, optionalBearerToken, SECRET, signHS, nowSeconds } from './helpers/security.js'

describe('typed claims and the claims dependency', () => {
  it('validates the claims with the claims schema and provides its output', async () => {
    const Claims = z.object({ sub: z.string(), role: z.enum(['user', 'admin']).default('user'), exp: z.number() })
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, claims: Claims })
    const app = await buildApp()
    app.api.get('/me', { deps: { claims: jwt.claims(bearerToken) } }, ({ deps }) => ({ sub: deps.claims.sub, role: deps.claims.role, expires: deps.claims.exp > 0 }))

    const res = await app.inject({ url: '/me', headers: bearer(jwt.sign({ sub: 'rick' })) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ sub: 'rick', role: 'user', expires: true })
    // Signed with the right key, but claims that do not fit: not credentials it can validate.
    for (const claims of [{ role: 'admin' }, { sub: 7 }, { sub: 'rick', role: 'root' }]) {
      const token = signHS({ alg: 'HS256' }, { ...claims, exp: nowSeconds() + 60 }, SECRET)
      const refused = await app.inject({ url: '/me', headers: bearer(token) })
      expect(refused.statusCode, refused.body).toBe(401)
      expect(refused.json()).toEqual({ detail: 'Could not validate credentials' })
      expect(refused.headers['www-authenticate']).toBe('Bearer')
      expect(() => jwt.verify(token)).toThrow(expect.objectContaining({ reason: 'claims' }))
    }
  })

  it('names the claim that does not fit, for the logs', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, claims: z.object({ sub: z.string() }) })
    expect(() => jwt.verify(signHS({ alg: 'HS256' }, { sub: 7, exp: nowSeconds() + 60 }, SECRET)))
      .toThrow('The claims do not fit the claims schema: sub: Invalid input: expected string, received number.')
  })

  it('gives null claims for a missing optional token, and still refuses a bad one', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const maybeClaims = jwt.claims(optionalBearerToken)
    const app = await buildApp()
    app.api.get('/items', { deps: { claims: maybeClaims } }, ({ deps }) => ({ user: deps.claims === null ? null : deps.claims.sub }))

    expect((await app.inject('/items')).json()).toEqual({ user: null })
    expect((await app.inject({ url: '/items', headers: bearer(jwt.sign({ sub: 'rick' })) })).json()).toEqual({ user: 'rick' })
    const bad = await app.inject({ url: '/items', headers: bearer('nonexistent') })
    expect(bad.statusCode, bad.body).toBe(401)
    expect(bad.json()).toEqual({ detail: 'Could not validate credentials' })
  })

  it('answers a missing optional token with 401 Not authenticated where scopes are required', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    const app = await buildApp()
    app.api.get('/admin', { deps: { claims: Security(jwt.claims(optionalBearerToken), ['admin']) } }, () => 'ok')
    const res = await app.inject('/admin')
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not authenticated' })
    expect(res.headers['www-authenticate']).toBe('Bearer scope="admin"')
  })

  it('can be overridden in tests, as any dependency', async () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET, claims: z.object({ sub: z.string() }) })
    const currentClaims = jwt.claims(bearerToken)
    const app = await buildApp()
    app.api.get('/me', { deps: { claims: Security(currentClaims, ['me']) } }, ({ deps }) => ({ sub: deps.claims.sub }))
    app.dependencyOverrides.set(currentClaims, () => ({ sub: 'test-user' }))

    const res = await app.inject('/me')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ sub: 'test-user' })
  })

  it('refuses bad options of jwt.claims when the dependency is made', () => {
    const jwt = new JWT({ algorithms: ['HS256'], secret: SECRET })
    expect(() => jwt.claims(bearerToken, { scopesClaim: '' })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID', message: "JWT.claims: option 'scopesClaim' must be the name of a claim, like 'scope' or 'scopes'; got string ''",
    }))
    expect(() => jwt.claims(bearerToken, { scope: 'scp' } as never)).toThrow(expect.objectContaining({
      message: "JWT.claims: option 'scope' is not an option of jwt.claims(token, options); its options are: scopesClaim, name",
    }))
    expect(() => jwt.claims((() => 'token') as never)).toThrow(expect.objectContaining({
      message: expect.stringContaining("JWT.claims: option 'token' must be a dependency that provides the raw token, like OAuth2PasswordBearer({ tokenUrl: 'token' }) or Depends(...); got function"),
    }))
  })
})
