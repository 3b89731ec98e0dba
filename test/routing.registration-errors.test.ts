import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A route's mistakes throw when the route is declared, with a code and a message that names
// the route and the fix, as FastAPI's route decorators assert. No request ever meets them.

const Item = z.object({ name: z.string() })
const KNOWN = 'params, query, headers, cookies, body, form, formLimits, deps, dependencies, response, responses, status, summary, description, tags, deprecated, operationId, responseDescription, includeInSchema, strictContentType, fastify, openapiExtra, callbacks, generateUniqueIdFunction, responseModelExcludeUnset, responseModelExcludeDefaults, responseModelExcludeNone, responseModelInclude, responseModelExclude, responseClass, webhook, handlerTimeout'

function thrown (declare: () => unknown): { code?: string, message?: string } {
  try {
    declare()
  } catch (error) {
    return error as { code?: string, message?: string }
  }
  throw new Error('expected the route declaration to throw')
}

describe('route registration errors', () => {
  it('refuses an unknown option, listing the known ones', async () => {
    const app = await buildApp()
    // @ts-expect-error  'qurey' is not a route option (misspelled 'query')
    const error = thrown(() => app.api.get('/items/', { qurey: z.object({ q: z.string() }) }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_OPTION_UNKNOWN',
      message: `Route GET /items/ has an unknown option 'qurey'. Known options: ${KNOWN}.`,
    })
  })

  it('refuses a query schema that is not a zod object', async () => {
    const app = await buildApp()
    // @ts-expect-error  query params are named: the schema must be z.object({ ... })
    const error = thrown(() => app.api.get('/items/', { query: z.string() }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_SCHEMA_INVALID',
      message: "Route GET /items/: 'query' must be a zod object schema, z.object({ ... }), whose keys are the query names; got a zod string schema.",
    })
  })

  it('refuses a headers or cookies schema that is a plain object', async () => {
    const app = await buildApp()
    // @ts-expect-error  a plain object is not a zod schema
    const headers = thrown(() => app.api.get('/items/', { headers: { x_token: z.string() } }, () => null))
    expect(headers).toMatchObject({
      code: 'FFA_ERR_ROUTE_SCHEMA_INVALID',
      message: `Route GET /items/: 'headers' must be a zod object schema, z.object({ ... }), whose keys are the headers names; got object {"x_token":{"def":{"type":"string"},"type":"string"}}.`,
    })

    // @ts-expect-error  an array is not a zod schema
    const cookies = thrown(() => app.api.get('/items/', { cookies: [] }, () => null))
    expect(cookies).toMatchObject({
      code: 'FFA_ERR_ROUTE_SCHEMA_INVALID',
      message: "Route GET /items/: 'cookies' must be a zod object schema, z.object({ ... }), whose keys are the cookies names; got an array.",
    })
  })

  it('refuses a body that is not a zod schema', async () => {
    const app = await buildApp()
    // @ts-expect-error  the body must be a zod schema, not a JSON Schema
    const error = thrown(() => app.api.post('/items/', { body: { type: 'object' } }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_SCHEMA_INVALID',
      message: `Route POST /items/: 'body' must be a zod schema, or an object of them by body param name ({ item: Item, user: User }); got object {"type":"object"}.`,
    })
  })

  it('refuses a response that is neither a zod schema nor a map of them', async () => {
    const app = await buildApp()
    // @ts-expect-error  the response model must be a zod schema
    const error = thrown(() => app.api.get('/items/', { response: 'Item' }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_SCHEMA_INVALID',
      message: `Route GET /items/: 'response' must be a zod schema or an object of zod schemas by status code ({ 200: Item, 404: Message }); got string "Item".`,
    })
  })

  it('refuses a response map with a key that is not a status', async () => {
    const app = await buildApp()
    const error = thrown(() => app.api.get('/items/', { response: { 200: Item, 999: Item } }, () => ({ name: 'x' })))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_STATUS_INVALID',
      message: "Route GET /items/: 'response' has the key '999', which is not an HTTP status from 100 to 599.",
    })

    const named = thrown(() => app.api.get('/named/', { response: { ok: Item } as unknown as Record<number, z.ZodType> }, () => null))
    expect(named).toMatchObject({
      code: 'FFA_ERR_ROUTE_STATUS_INVALID',
      message: "Route GET /named/: 'response' has the key 'ok', which is not an HTTP status from 100 to 599.",
    })
  })

  it('refuses a response map with a value that is not a zod schema', async () => {
    const app = await buildApp()
    // @ts-expect-error  each status' model must be a zod schema
    const error = thrown(() => app.api.get('/items/', { response: { 200: Item, 404: { detail: 'string' } } }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_SCHEMA_INVALID',
      message: `Route GET /items/: 'response.404' must be a zod schema; got object {"detail":"string"}.`,
    })
  })

  it('refuses a status that is not an HTTP status (status: 700)', async () => {
    const app = await buildApp()
    const error = thrown(() => app.api.post('/items/', { status: 700 }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_STATUS_INVALID',
      message: "Route POST /items/: 'status' must be an integer HTTP status from 100 to 599; got number 700.",
    })
  })

  it('refuses status 204 with a response model, as FastAPI asserts', async () => {
    const app = await buildApp()
    const error = thrown(() => app.api.delete('/items/{item_id}', { params: z.object({ item_id: z.string() }), status: 204, response: Item }, () => ({ name: 'x' })))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_STATUS_INVALID',
      message: "Route DELETE /items/{item_id}: status 204 must not have a response body: remove 'response' or choose another status.",
    })
  })

  it('refuses a response model for 204 in a response map', async () => {
    const app = await buildApp()
    const error = thrown(() => app.api.delete('/items/', { response: { 200: Item, 204: Item } }, () => ({ name: 'x' })))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_STATUS_INVALID',
      message: 'Route DELETE /items/: status 204 must not have a response body: remove response.204.',
    })
  })

  it('refuses a path param that params does not declare', async () => {
    const app = await buildApp()
    const error = thrown(() => app.api.get('/users/{user_id}/items/{item_id}', { params: z.object({ user_id: z.number().int() }) }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_PATH_PARAM_MISMATCH',
      message: "Route GET /users/{user_id}/items/{item_id}: the path has the param 'item_id' but 'params' does not declare it: add item_id to the params schema.",
    })
  })

  it('refuses a param that the path does not have', async () => {
    const app = await buildApp()
    const error = thrown(() => app.api.get('/items/:item_id', { params: z.object({ item_id: z.string(), version: z.string() }) }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_PATH_PARAM_MISMATCH',
      message: "Route GET /items/:item_id: 'params' declares 'version' but the path has no {version}: add it to the path or remove it from params.",
    })
  })

  it('refuses a handler that is not a function', async () => {
    const app = await buildApp()
    // @ts-expect-error  the handler must be a function
    const missing = thrown(() => app.api.get('/items/', { summary: 'List items' }))
    expect(missing).toMatchObject({
      code: 'FFA_ERR_ROUTE_HANDLER_INVALID',
      message: 'Route GET /items/: the handler must be a function, got undefined undefined.',
    })

    // @ts-expect-error  the handler must be a function, not a value to send
    const value = thrown(() => app.api.get('/hello', {}, 'hello'))
    expect(value).toMatchObject({
      code: 'FFA_ERR_ROUTE_HANDLER_INVALID',
      message: 'Route GET /hello: the handler must be a function, got string "hello".',
    })
  })

  it('refuses the same mistakes on an APIRouter, naming the route with its prefix', () => {
    const router = new APIRouter({ prefix: '/items' })
    const error = thrown(() => router.post('/', { status: 99 }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_STATUS_INVALID',
      message: "Route POST /items/: 'status' must be an integer HTTP status from 100 to 599; got number 99.",
    })
  })

  it('registers nothing for a refused route', async () => {
    const app = await buildApp()
    expect(() => app.api.get('/items/', { status: 700 }, () => null)).toThrow()

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(404)
  })
})
