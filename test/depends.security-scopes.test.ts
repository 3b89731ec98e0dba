import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, Security, SecurityScopes } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "OAuth2 scopes" tutorial, with the token replaced by a header that lists its
// scopes ("Bearer me items"): the mechanism, without the JWT.
function oauth2Chain (seen: Array<{ dependency: string, scopes: readonly string[], scopeStr: string }> = []) {
  const oauth2Scheme = Depends({ headers: z.object({ authorization: z.string().optional() }) }, function oauth2Scheme ({ headers, securityScopes }) {
    seen.push({ dependency: 'oauth2Scheme', scopes: securityScopes.scopes, scopeStr: securityScopes.scopeStr })
    if (headers.authorization?.startsWith('Bearer ') !== true) {
      throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
    }
    return headers.authorization.slice('Bearer '.length)
  })
  const getCurrentUser = Depends({ deps: { token: oauth2Scheme } }, async function getCurrentUser ({ deps, securityScopes }) {
    seen.push({ dependency: 'getCurrentUser', scopes: securityScopes.scopes, scopeStr: securityScopes.scopeStr })
    const authenticateValue = securityScopes.scopes.length > 0 ? `Bearer scope="${securityScopes.scopeStr}"` : 'Bearer'
    const tokenScopes = deps.token.split(' ')
    for (const scope of securityScopes.scopes) {
      if (!tokenScopes.includes(scope)) throw new HTTPException(401, 'Not enough permissions', { 'WWW-Authenticate': authenticateValue })
    }
    return { username: 'johndoe', scopes: tokenScopes }
  })
  const getCurrentActiveUser = Depends({ deps: { user: Security(getCurrentUser, ['me']) } }, function getCurrentActiveUser ({ deps, securityScopes }) {
    seen.push({ dependency: 'getCurrentActiveUser', scopes: securityScopes.scopes, scopeStr: securityScopes.scopeStr })
    return deps.user
  })
  return { oauth2Scheme, getCurrentUser, getCurrentActiveUser }
}

describe('security scopes', () => {
  it('accumulates the scopes of Security uses down two levels, outermost first', async () => {
    const app = await buildApp()
    const seen: Array<{ dependency: string, scopes: readonly string[], scopeStr: string }> = []
    const { getCurrentActiveUser } = oauth2Chain(seen)
    app.api.get('/users/me/items/', { deps: { currentUser: Security(getCurrentActiveUser, ['items']) } },
      ({ deps }) => [{ item_id: 'Foo', owner: deps.currentUser.username }])

    const res = await app.inject({ url: '/users/me/items/', headers: { authorization: 'Bearer me items' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([{ item_id: 'Foo', owner: 'johndoe' }])
    expect(seen).toEqual([
      { dependency: 'oauth2Scheme', scopes: ['items', 'me'], scopeStr: 'items me' },
      { dependency: 'getCurrentUser', scopes: ['items', 'me'], scopeStr: 'items me' },
      { dependency: 'getCurrentActiveUser', scopes: ['items'], scopeStr: 'items' },
    ])
  })

  it('refuses a token without every required scope, naming them in WWW-Authenticate', async () => {
    const app = await buildApp()
    const { getCurrentActiveUser } = oauth2Chain()
    app.api.get('/users/me/items/', { deps: { currentUser: Security(getCurrentActiveUser, ['items']) } }, () => [])

    const res = await app.inject({ url: '/users/me/items/', headers: { authorization: 'Bearer me' } })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.json()).toEqual({ detail: 'Not enough permissions' })
    expect(res.headers['www-authenticate']).toBe('Bearer scope="items me"')
    const anonymous = await app.inject('/users/me/items/')
    expect(anonymous.statusCode, anonymous.body).toBe(401)
    expect(anonymous.json()).toEqual({ detail: 'Not authenticated' })
    expect(anonymous.headers['www-authenticate']).toBe('Bearer')
  })

  it('lists a scope required twice along the chain once', async () => {
    const app = await buildApp()
    const seen: Array<{ dependency: string, scopes: readonly string[], scopeStr: string }> = []
    const { getCurrentActiveUser } = oauth2Chain(seen)
    app.api.get('/users/me/', { deps: { currentUser: Security(getCurrentActiveUser, ['me']) } }, ({ deps }) => deps.currentUser)

    const res = await app.inject({ url: '/users/me/', headers: { authorization: 'Bearer me' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'johndoe', scopes: ['me'] })
    expect(seen.find((entry) => entry.dependency === 'getCurrentUser')).toEqual({ dependency: 'getCurrentUser', scopes: ['me'], scopeStr: 'me' })
  })

  it('gives a dependency used with Depends, with no Security above it, no scopes', async () => {
    const app = await buildApp()
    const scopes = Depends(({ securityScopes }) => ({
      isSecurityScopes: securityScopes instanceof SecurityScopes,
      scopes: securityScopes.scopes,
      scopeStr: securityScopes.scopeStr,
    }))
    app.api.get('/status/', { deps: { scopes } }, ({ deps }) => deps.scopes)

    expect((await app.inject('/status/')).json()).toEqual({ isSecurityScopes: true, scopes: [], scopeStr: '' })
  })

  it('takes several scopes in one Security use and adds those of Security(Security(dep, a), b)', async () => {
    const app = await buildApp()
    const read = Depends(({ securityScopes }) => securityScopes.scopes)
    app.api.get('/many', { deps: { many: Security(read, ['items:read', 'items:write']), nested: Security(Security(read, ['a']), ['b']) } },
      ({ deps }) => deps)

    expect((await app.inject('/many')).json()).toEqual({ many: ['items:read', 'items:write'], nested: ['a', 'b'] })
  })

  it('runs a dependency once per set of scopes it is required with, and checks each', async () => {
    const app = await buildApp()
    const seen: Array<{ dependency: string, scopes: readonly string[], scopeStr: string }> = []
    const { getCurrentUser } = oauth2Chain(seen)
    app.api.get('/both', { deps: { reader: Security(getCurrentUser, ['items:read']), writer: Security(getCurrentUser, ['items:write']) } },
      ({ deps }) => ({ reader: deps.reader.username, writer: deps.writer.username }))

    const allowed = await app.inject({ url: '/both', headers: { authorization: 'Bearer items:read items:write' } })
    expect(allowed.statusCode, allowed.body).toBe(200)
    expect(allowed.json()).toEqual({ reader: 'johndoe', writer: 'johndoe' })
    expect(seen.filter((entry) => entry.dependency === 'getCurrentUser').map((entry) => entry.scopes)).toEqual([['items:read'], ['items:write']])
    const readOnly = await app.inject({ url: '/both', headers: { authorization: 'Bearer items:read' } })
    expect(readOnly.statusCode, readOnly.body).toBe(401)
    expect(readOnly.headers['www-authenticate']).toBe('Bearer scope="items:write"')
  })

  it('runs a dependency that does not read scopes once, even below two Security uses with different scopes', async () => {
    const app = await buildApp()
    let sessions = 0
    // It has a sub-dependency of its own, which reads no scopes either.
    const getSettings = Depends(function getSettings () { return { dsn: 'postgres://shop' } })
    const getDb = Depends({ deps: { settings: getSettings } }, function getDb () { return { session: ++sessions } })
    const currentUser = Depends({ deps: { db: getDb } }, function currentUser ({ deps, securityScopes }) {
      return { session: deps.db.session, scopes: securityScopes.scopes }
    })
    app.api.get('/both', { deps: { reader: Security(currentUser, ['read']), writer: Security(currentUser, ['write']), db: getDb } },
      ({ deps }) => deps)

    const res = await app.inject('/both')
    expect(res.json()).toEqual({
      reader: { session: 1, scopes: ['read'] },
      writer: { session: 1, scopes: ['write'] },
      db: { session: 1 },
    })
  })

  it('never serves a value made for one set of scopes to a use that requires others, even when the dependency hands its context to a helper', async () => {
    const app = await buildApp()
    function requireScopes (context: { securityScopes: SecurityScopes, headers: { authorization?: string } }) {
      const granted = (context.headers.authorization ?? '').replace('Bearer ', '').split(' ')
      const missing = context.securityScopes.scopes.filter((scope) => !granted.includes(scope))
      if (missing.length > 0) throw new HTTPException(403, `Missing scopes: ${missing.join(' ')}`)
      return { scopes: context.securityScopes.scopes }
    }
    const currentUser = Depends({ headers: z.object({ authorization: z.string().optional() }) }, (context) => requireScopes(context))
    app.api.delete('/items/{item_id}', {
      params: z.object({ item_id: z.string() }),
      dependencies: [Security(currentUser, ['items:read'])],
      deps: { admin: Security(currentUser, ['admin']) },
    }, ({ deps }) => deps.admin)

    const readerOnly = await app.inject({ method: 'DELETE', url: '/items/1', headers: { authorization: 'Bearer items:read' } })
    expect(readerOnly.statusCode, readerOnly.body).toBe(403)
    expect(readerOnly.json()).toEqual({ detail: 'Missing scopes: admin' })
    const admin = await app.inject({ method: 'DELETE', url: '/items/1', headers: { authorization: 'Bearer items:read admin' } })
    expect(admin.json()).toEqual({ scopes: ['admin'] })
  })

  it('checks the scopes of each use of a dependency that passes them down without reading them', async () => {
    const app = await buildApp()
    const seen: Array<{ dependency: string, scopes: readonly string[], scopeStr: string }> = []
    const { getCurrentUser } = oauth2Chain(seen)
    // FastAPI's get_current_active_user: it asks for the user, never looks at the scopes itself.
    const getCurrentActiveUser = Depends({ deps: { user: Security(getCurrentUser, ['me']) } }, function getCurrentActiveUser ({ deps }) { return deps.user })
    app.api.put('/items/{item_id}', {
      params: z.object({ item_id: z.string() }),
      deps: { reader: Security(getCurrentActiveUser, ['items:read']), writer: Security(getCurrentActiveUser, ['items:write']) },
    }, ({ deps }) => ({ reader: deps.reader.username, writer: deps.writer.username }))

    const readOnly = await app.inject({ method: 'PUT', url: '/items/1', headers: { authorization: 'Bearer me items:read' } })
    expect(readOnly.statusCode, readOnly.body).toBe(401)
    expect(readOnly.headers['www-authenticate']).toBe('Bearer scope="items:write me"')
    seen.length = 0
    const both = await app.inject({ method: 'PUT', url: '/items/1', headers: { authorization: 'Bearer me items:read items:write' } })
    expect(both.statusCode, both.body).toBe(200)
    expect(seen.filter((entry) => entry.dependency === 'getCurrentUser').map((entry) => entry.scopes)).toEqual([['items:read', 'me'], ['items:write', 'me']])
  })

  it('never takes the scopes "read write" for the one scope "readwrite"', async () => {
    const app = await buildApp()
    const { getCurrentUser } = oauth2Chain()
    app.api.get('/reports', { deps: { both: Security(getCurrentUser, ['read', 'write']), joined: Security(getCurrentUser, ['readwrite']) } },
      ({ deps }) => deps.joined.username)

    const res = await app.inject({ url: '/reports', headers: { authorization: 'Bearer read write' } })
    expect(res.statusCode, res.body).toBe(401)
    expect(res.headers['www-authenticate']).toBe('Bearer scope="readwrite"')
  })
})
