import { describe, expect, it } from 'vitest'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI asserts "A path prefix must start with '/'" and "must not end with '/', as the
// routes will start with '/'"; we refuse the same, and every other bad router setting, with
// FFA_ERR_OPTION_INVALID naming where, the option and the value.
const PREFIX_RULE = 'must start with "/" and not end with "/" (like "/items")'

describe('router registration errors', () => {
  it('refuses an APIRouter prefix without a leading "/" or with a trailing "/"', () => {
    for (const prefix of ['items', '/items/', '/']) {
      expect(() => new APIRouter({ prefix })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_OPTION_INVALID',
        message: `APIRouter: option 'prefix' ${PREFIX_RULE}; got ${JSON.stringify(prefix)}`,
      }))
    }
  })

  it("refuses the same prefixes as register options, where FastAPI's include_router would", async () => {
    for (const prefix of ['items', '/items/']) {
      const app = await buildApp()
      await expect(app.register(new APIRouter(), { prefix })).rejects.toMatchObject({
        code: 'FFA_ERR_OPTION_INVALID',
        message: `app.register(router, options): option 'prefix' ${PREFIX_RULE}; got ${JSON.stringify(prefix)}`,
      })
    }
  })

  it('refuses the same prefixes in includeRouter, leaving the router unchanged', () => {
    const api = new APIRouter({ prefix: '/api' })
    for (const prefix of ['items', '/items/']) {
      expect(() => api.includeRouter(new APIRouter(), { prefix })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_OPTION_INVALID',
        message: `includeRouter: option 'prefix' ${PREFIX_RULE}; got ${JSON.stringify(prefix)}`,
      }))
    }
    expect(api.includes).toEqual([])
  })

  it('refuses a prefix that is not a string', () => {
    // @ts-expect-error  a prefix is a string
    expect(() => new APIRouter({ prefix: 1 })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: `APIRouter: option 'prefix' ${PREFIX_RULE}; got 1`,
    }))
  })

  it('refuses dependencies that were not made with Depends', () => {
    // @ts-expect-error  dependencies are Depends(...) values
    expect(() => new APIRouter({ dependencies: [() => 'token'] })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "APIRouter: option 'dependencies' must be an array of dependencies made with Depends(fn); got [ [Function (anonymous)] ]",
    }))
  })

  it('refuses bad include options given to app.register, when the router is registered', async () => {
    const app = await buildApp()
    const items = new APIRouter({ prefix: '/items' })
    items.get('/', () => [])

    // @ts-expect-error  tags must be an array of strings
    await expect(app.register(items, { tags: 'items' })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: `app.register(router, options): option 'tags' must be an array of strings; got "items"`,
    })
  })

  it('refuses options that are not an object', () => {
    // @ts-expect-error  the options are an object
    expect(() => new APIRouter('/items')).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "APIRouter: option '(options)' must be an object; got '/items'",
    }))
  })
})
