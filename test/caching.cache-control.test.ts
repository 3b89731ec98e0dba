import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CacheControl, HTTPException } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI sets Cache-Control through the Response a dependency or a route receives:
//   def cache_for_a_minute(response: Response): response.headers["Cache-Control"] = "public, max-age=60"
// CacheControl writes it once, as a dependency; it needs no plugin.

describe('CacheControl', () => {
  it('sets Cache-Control on a route\'s responses', async () => {
    const app = await buildApp()
    app.api.get('/items', { dependencies: [CacheControl({ maxAge: 60, public: true })] }, () => [])
    app.api.get('/me', { dependencies: [CacheControl({ private: true, noCache: true, staleWhileRevalidate: 30 })] }, () => ({}))
    app.api.get('/secret', { dependencies: [CacheControl({ noStore: true })] }, () => ({}))
    app.api.get('/asset', { dependencies: [CacheControl({ maxAge: 31_536_000, sMaxAge: 600, immutable: true, mustRevalidate: true, proxyRevalidate: true, noTransform: true, staleIfError: 0 })] }, () => ({}))
    app.api.get('/plain', () => ({}))

    expect((await app.inject({ url: '/items' })).headers['cache-control']).toBe('public, max-age=60')
    expect((await app.inject({ url: '/me' })).headers['cache-control']).toBe('private, no-cache, stale-while-revalidate=30')
    expect((await app.inject({ url: '/secret' })).headers['cache-control']).toBe('no-store')
    expect((await app.inject({ url: '/asset' })).headers['cache-control']).toBe('must-revalidate, proxy-revalidate, no-transform, immutable, max-age=31536000, s-maxage=600, stale-if-error=0')
    expect((await app.inject({ url: '/plain' })).headers['cache-control']).toBeUndefined()
  })

  it('leaves it off an error response, as FastAPI drops a dependency\'s headers when the route raises', async () => {
    const app = await buildApp()
    const cache = CacheControl({ maxAge: 60, public: true })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.string() }), dependencies: [cache] }, () => { throw new HTTPException(404, 'Item not found') })
    app.api.get('/broken', { dependencies: [cache] }, () => { throw new Error('database down') })

    const missing = await app.inject({ url: '/items/7' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ detail: 'Item not found' })
    expect(missing.headers['cache-control']).toBeUndefined()
    const broken = await app.inject({ url: '/broken' })
    expect(broken.statusCode).toBe(500)
    expect(broken.headers['cache-control']).toBeUndefined()
  })

  it('keeps it on a 304, as RFC 9110 asks', async () => {
    const app = await buildApp({ cache: { etag: true } })
    app.api.get('/items', { dependencies: [CacheControl({ noCache: true })] }, () => [{ id: 1 }])

    const etag = (await app.inject({ url: '/items' })).headers.etag as string
    const revalidated = await app.inject({ url: '/items', headers: { 'if-none-match': etag } })
    expect(revalidated.statusCode).toBe(304)
    expect(revalidated.headers['cache-control']).toBe('no-cache')
  })

  it.each([
    [{}, "CacheControl: option '(directives)' must name at least one directive"],
    [{ maxAge: -1 }, "CacheControl: option 'maxAge' must be a whole number of seconds, 0 or more, like 60; got -1"],
    [{ maxAge: '60' }, "option 'maxAge' must be a whole number of seconds"],
    [{ public: 'yes' }, "CacheControl: option 'public' must be true or false; got 'yes'"],
    [{ public: true, private: true }, "option 'public' and 'private' contradict each other"],
    [{ maxage: 60 }, "CacheControl: option 'maxage' is not an option of CacheControl"],
  ])('refuses %o when declared', (directives, message) => {
    expect(() => CacheControl(directives as never)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) }))
  })
})
