import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { HTTPException, fastapi, fastapiErrors, type ErrorResponse, type ErrorsOptions } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const PROBLEM_JSON = 'application/problem+json; charset=utf-8'

async function problemApp () {
  const app = await buildApp({ errors: { format: 'problem' } })
  app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => {
    if (params.item_id === 0) throw new HTTPException(404, 'Item not found', { 'X-Error': 'none' })
    if (params.item_id === 1) throw new HTTPException(409, { conflict_with: 2 })
    if (params.item_id === 2) throw new Error('database is down')
    return { item_id: params.item_id }
  })
  return app
}

describe('error formats', () => {
  it("writes an HTTPException as RFC 9457 problem details with format: 'problem'", async () => {
    const app = await problemApp()

    const res = await app.inject('/items/0')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers['content-type']).toBe(PROBLEM_JSON)
    expect(res.headers['x-error']).toBe('none')
    expect(res.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Item not found', instance: '/items/0' })

    const object = await app.inject('/items/1')
    expect(object.statusCode, object.body).toBe(409)
    expect(object.json()).toEqual({ type: 'about:blank', title: 'Conflict', status: 409, details: { conflict_with: 2 }, instance: '/items/1' })
  })

  it('writes 404, 405 and 500 as problem details', async () => {
    const app = await problemApp()

    const notFound = await app.inject('/nope')
    expect(notFound.statusCode, notFound.body).toBe(404)
    expect(notFound.headers['content-type']).toBe(PROBLEM_JSON)
    expect(notFound.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Not Found', instance: '/nope' })

    const notAllowed = await app.inject({ method: 'DELETE', url: '/items/3' })
    expect(notAllowed.statusCode, notAllowed.body).toBe(405)
    expect(notAllowed.headers['content-type']).toBe(PROBLEM_JSON)
    expect(notAllowed.headers.allow).toBe('GET, HEAD')
    expect(notAllowed.json()).toEqual({ type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: 'Method Not Allowed', instance: '/items/3' })

    const serverError = await app.inject('/items/2')
    expect(serverError.statusCode, serverError.body).toBe(500)
    expect(serverError.headers['content-type']).toBe(PROBLEM_JSON)
    expect(serverError.json()).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'Internal Server Error', instance: '/items/2' })
  })

  it('writes validation errors as problem details with the items under errors', async () => {
    const app = await problemApp()

    const res = await app.inject('/items/foo?q=1')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.headers['content-type']).toBe(PROBLEM_JSON)
    expect(res.json()).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'Request validation failed',
      errors: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
      instance: '/items/foo?q=1',
    })
  })

  it('gives every error of the app to a formatter function', async () => {
    const seen: ErrorResponse[] = []
    const app = await buildApp({
      errors: {
        format: (error, request) => {
          seen.push(error)
          return {
            body: { error: { status: error.status, message: typeof error.detail === 'string' ? error.detail : 'Invalid request', path: request.url } },
            contentType: 'application/vnd.shop.error+json',
          }
        },
      },
    }, { bodyLimit: 32 })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => {
      if (params.item_id === 0) throw new HTTPException(404, 'Item not found')
      throw new Error('database is down')
    })
    app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ body }) => body)

    const responses = await Promise.all([
      app.inject('/items/0'),
      app.inject('/items/foo'),
      app.inject('/items/1'),
      app.inject('/nope'),
      app.inject({ method: 'PUT', url: '/items/' }),
      app.inject({ method: 'POST', url: '/items/', payload: { name: 'a name far too long for the limit' } }),
    ])
    expect(responses.map((res) => [res.statusCode, res.headers['content-type'], res.json()])).toEqual([
      [404, 'application/vnd.shop.error+json; charset=utf-8', { error: { status: 404, message: 'Item not found', path: '/items/0' } }],
      [422, 'application/vnd.shop.error+json; charset=utf-8', { error: { status: 422, message: 'Invalid request', path: '/items/foo' } }],
      [500, 'application/vnd.shop.error+json; charset=utf-8', { error: { status: 500, message: 'Internal Server Error', path: '/items/1' } }],
      [404, 'application/vnd.shop.error+json; charset=utf-8', { error: { status: 404, message: 'Not Found', path: '/nope' } }],
      [405, 'application/vnd.shop.error+json; charset=utf-8', { error: { status: 405, message: 'Method Not Allowed', path: '/items/' } }],
      [413, 'application/vnd.shop.error+json; charset=utf-8', { error: { status: 413, message: 'Request body is too large', path: '/items/' } }],
    ])
    expect(responses[4]?.headers.allow).toBe('GET, HEAD, POST')
    expect(seen[1]).toEqual({
      status: 422,
      detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
      errors: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
    })
    expect(seen[4]).toEqual({ status: 405, detail: 'Method Not Allowed', headers: { allow: 'GET, HEAD, POST' } })
  })

  it('defaults a formatter\'s content type to JSON', async () => {
    const app = await buildApp({ errors: { format: (error) => ({ body: { code: error.status } }) } })

    const res = await app.inject('/nope')
    expect(res.statusCode, res.body).toBe(404)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toEqual({ code: 404 })
  })

  it('changes the status of validation errors, and only of them, with validationStatus', async () => {
    const app = await buildApp({ errors: { validationStatus: 400 } })
    app.api.post('/items/{item_id}', {
      params: z.object({ item_id: z.number().int() }),
      body: z.object({ name: z.string() }),
    }, ({ params }) => {
      throw new HTTPException(422, `Item ${params.item_id} cannot be processed`)
    })
    app.post('/plain', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => 'ok')

    const invalid = await app.inject({ method: 'POST', url: '/items/foo', payload: { name: 'Foo' } })
    expect(invalid.statusCode, invalid.body).toBe(400)
    expect(invalid.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
    })

    const malformed = await app.inject({ method: 'POST', url: '/items/1', headers: { 'content-type': 'application/json' }, payload: '{' })
    expect(malformed.statusCode, malformed.body).toBe(400)
    expect(malformed.json().detail[0].type).toBe('json_invalid')

    const ajv = await app.inject({ method: 'POST', url: '/plain', payload: {} })
    expect(ajv.statusCode, ajv.body).toBe(400)
    expect(ajv.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} }] })

    const exception = await app.inject({ method: 'POST', url: '/items/1', payload: { name: 'Foo' } })
    expect(exception.statusCode, exception.body).toBe(422)
    expect(exception.json()).toEqual({ detail: 'Item 1 cannot be processed' })

    const notFound = await app.inject('/nope')
    expect(notFound.statusCode, notFound.body).toBe(404)
  })

  it('refuses invalid options at registration with FFA_ERR_OPTION_INVALID naming the option', async () => {
    const cases: Array<[unknown, string]> = [
      [{ format: 'xml' }, "fastify-fastapi/errors: option 'format' must be 'fastapi', 'problem' or a function (error, request) => ({ body, contentType }); got string 'xml'"],
      [{ validationStatus: 200 }, "fastify-fastapi/errors: option 'validationStatus' must be a 4xx status such as 422 (FastAPI's) or 400; got number 200"],
      [{ validationStatus: '400' }, "fastify-fastapi/errors: option 'validationStatus' must be a 4xx status such as 422 (FastAPI's) or 400; got string '400'"],
      [{ formats: 'problem' }, "fastify-fastapi/errors: option 'formats' is not an option of fastify-fastapi/errors; its options are: format, validationStatus, notFound, errorHandler, jsonNestingLimit, validationErrorLimit, serverError, rootPath"],
    ]
    for (const [options, message] of cases) {
      const app = Fastify()
      onTestFinished(() => app.close())
      app.register(fastapiErrors, options as ErrorsOptions)
      await expect(app.ready(), JSON.stringify(options)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
    }
  })

  it('refuses invalid options given through the preset', async () => {
    await expect(buildApp({ errors: { format: 'xml' as never } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: expect.stringContaining("option 'format'"),
    })

    const app = Fastify()
    onTestFinished(() => app.close())
    await expect(app.register(fastapi, { errors: 'problem' as never })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi: option 'errors' must be false (to switch it off) or an options object; got string 'problem'",
    })
  })
})
