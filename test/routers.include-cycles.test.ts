import { describe, expect, it } from 'vitest'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A router that includes itself, directly or through others, would flatten forever: the
// inclusion that closes the loop is refused where it is written.
describe('includeRouter cycles', () => {
  it('refuses a router included in itself', () => {
    const api = new APIRouter({ prefix: '/api' })

    expect(() => api.includeRouter(api)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "includeRouter: option 'router' APIRouter(/api) cannot include itself",
    }))
    expect(api.includes).toEqual([])
  })

  it('refuses a router included back in the router that includes it', () => {
    const api = new APIRouter({ prefix: '/api' })
    const items = new APIRouter({ prefix: '/items' })
    api.includeRouter(items)

    expect(() => items.includeRouter(api)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "includeRouter: option 'router' APIRouter(/api) already includes APIRouter(/items), directly or through others: including it back would loop",
    }))
  })

  it('refuses a loop closed three levels down', () => {
    const api = new APIRouter({ prefix: '/api' })
    const internal = new APIRouter({ prefix: '/internal' })
    const items = new APIRouter({ prefix: '/items' })
    api.includeRouter(internal)
    internal.includeRouter(items)

    expect(() => items.includeRouter(api, { prefix: '/again' })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "includeRouter: option 'router' APIRouter(/api) already includes APIRouter(/items), directly or through others: including it back would loop",
    }))
    expect(items.includes).toEqual([])
  })

  it('accepts a router included twice and a router reached through two parents, which are not loops', async () => {
    const items = new APIRouter({ prefix: '/items' })
    items.get('/', () => ['plumbus'])
    const shop = new APIRouter({ prefix: '/shop' }).includeRouter(items)
    const api = new APIRouter({ prefix: '/api' }).includeRouter(shop).includeRouter(items).includeRouter(items, { prefix: '/copy' })
    const app = await buildApp()
    await app.register(api)

    for (const url of ['/api/shop/items/', '/api/items/', '/api/copy/items/']) {
      const res = await app.inject(url)
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
      expect(res.json()).toEqual(['plumbus'])
    }
  })

  it('refuses to include something that is not an APIRouter', () => {
    const api = new APIRouter({ prefix: '/api' })

    // @ts-expect-error  only an APIRouter can be included
    expect(() => api.includeRouter(async () => {})).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "includeRouter: option 'router' must be an APIRouter; got function",
    }))
  })
})
