import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, RateLimit, type Dependency, type RateLimitStatus } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A limit per user or per API key, not per IP: the key comes from another dependency's value,
// as fastapi-limiter's `identifier` and slowapi's `key_func` allow.

const USERS: Record<string, { id: number, name: string }> = { 'token-a': { id: 1, name: 'alice' }, 'token-b': { id: 2, name: 'bob' } }

const currentUser = Depends({ headers: z.object({ authorization: z.string() }) }, ({ headers }) => {
  const user = USERS[headers.authorization]
  if (user === undefined) throw new HTTPException(401, 'Not authenticated')
  return user
})

describe('a rate limit per identity', () => {
  it('counts each user apart, from the current user\'s id: one user limited, the other not, from one IP', async () => {
    const app = await buildApp({ rateLimit: {} })
    const perUser = RateLimit({ max: 2, timeWindow: '1 minute', deps: { user: currentUser } }, ({ deps }) => deps.user.id)
    app.api.get('/orders', { dependencies: [perUser], deps: { user: currentUser } }, ({ deps }) => ({ owner: deps.user.name }))

    const alice = { authorization: 'token-a' }
    expect((await app.inject({ url: '/orders', headers: alice })).statusCode).toBe(200)
    expect((await app.inject({ url: '/orders', headers: alice })).statusCode).toBe(200)
    const refused = await app.inject({ url: '/orders', headers: alice })
    expect(refused.statusCode, refused.body).toBe(429)
    expect(refused.json()).toEqual({ detail: 'Too Many Requests' })

    const bob = await app.inject({ url: '/orders', headers: { authorization: 'token-b' } })
    expect(bob.statusCode, bob.body).toBe(200)
    expect(bob.json()).toEqual({ owner: 'bob' })
    expect(bob.headers['ratelimit-remaining']).toBe('1')
  })

  it('takes the key from a dependency given as the key (an API key)', async () => {
    const app = await buildApp({ rateLimit: {} })
    const apiKey = Depends({ headers: z.object({ 'x-api-key': z.string() }) }, ({ headers }) => headers['x-api-key'])
    app.api.get('/data', { dependencies: [RateLimit({ max: 1, timeWindow: '1 minute' }, apiKey)] }, () => 'data')

    expect((await app.inject({ url: '/data', headers: { 'x-api-key': 'k1' } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/data', headers: { 'x-api-key': 'k1' } })).statusCode).toBe(429)
    expect((await app.inject({ url: '/data', headers: { 'x-api-key': 'k2' } })).statusCode).toBe(200)
    // The key's own inputs are validated as any dependency's.
    const missing = await app.inject({ url: '/data' })
    expect(missing.statusCode).toBe(422)
  })

  it('limits logins per username from the form, whatever the IP', async () => {
    const app = await buildApp({ rateLimit: {} })
    const LoginForm = z.object({ username: z.string(), password: z.string() })
    const perUsername = RateLimit({ max: 2, timeWindow: '1 minute', form: LoginForm }, ({ form }) => form.username.toLowerCase())
    app.api.post('/token', { form: LoginForm, dependencies: [perUsername] }, () => ({ access_token: 't' }))

    const login = (username: string, remoteAddress: string) => app.inject({
      method: 'POST', url: '/token', remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username, password: 'guess' }).toString(),
    })
    expect((await login('alice', '10.0.0.1')).statusCode).toBe(200)
    expect((await login('Alice', '10.0.0.2')).statusCode).toBe(200)
    expect((await login('alice', '10.0.0.3')).statusCode).toBe(429)
    expect((await login('bob', '10.0.0.3')).statusCode).toBe(200)
  })

  it('does not count a request whose key is null or undefined (slowapi skips an empty key)', async () => {
    const app = await buildApp({ rateLimit: {} })
    const maybeUser = Depends({ headers: z.object({ authorization: z.string().optional() }) }, ({ headers }) => headers.authorization)
    app.api.get('/feed', { deps: { status: RateLimit({ max: 1, timeWindow: '1 minute' }, maybeUser) } }, ({ deps }) => deps.status)

    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ url: '/feed' })
      expect(res.statusCode).toBe(200)
      expect(res.body).toBe('null')
    }
    expect((await app.inject({ url: '/feed', headers: { authorization: 'x' } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/feed', headers: { authorization: 'x' } })).statusCode).toBe(429)
  })

  it('types the key function\'s context from the declared deps and inputs', () => {
    RateLimit({ max: 1, timeWindow: 1000, deps: { user: currentUser }, query: z.object({ tenant: z.string() }) }, ({ deps, query }) => {
      expectTypeOf(deps.user).toEqualTypeOf<{ id: number, name: string }>()
      expectTypeOf(query.tenant).toEqualTypeOf<string>()
      return `${query.tenant}:${deps.user.id}`
    })
    expectTypeOf(RateLimit({ max: 1, timeWindow: 1000 })).toEqualTypeOf<Dependency<RateLimitStatus | null>>()
    // @ts-expect-error  'usr' is not a declared dependency
    RateLimit({ max: 1, timeWindow: 1000, deps: { user: currentUser } }, ({ deps }) => deps.usr.id)
    // @ts-expect-error  a key is a string or a number, not an object
    RateLimit({ max: 1, timeWindow: 1000, deps: { user: currentUser } }, ({ deps }) => deps.user)
    // @ts-expect-error  a dependency used as the key gives a string or a number
    RateLimit({ max: 1, timeWindow: 1000 }, currentUser)
  })
})
