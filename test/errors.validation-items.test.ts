import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fastapiErrors } from 'fastify-fastapi'
import { typeMismatch } from '../src/errors/validation-item.js'
import { buildApp, captureLogs } from './helpers/app.js'

// pydantic's wording for each kind of failure, as FastAPI sends it in a 422.
describe('validation items in pydantic\'s words', () => {
  it('says "0 characters" and "0 items" for limits of zero', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: z.object({ code: z.string().max(0), tags: z.array(z.string()).max(0) }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { code: 'a', tags: ['x'] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_too_long', loc: ['body', 'code'], msg: 'String should have at most 0 characters', input: 'a', ctx: { max_length: 0 } },
        {
          type: 'too_long', loc: ['body', 'tags'], msg: 'List should have at most 0 items after validation, not 1', input: ['x'],
          ctx: { field_type: 'List', max_length: 0, actual_length: 1 },
        },
      ],
    })
  })

  it('reports uuid, url, datetime and ip formats as pydantic does, and other formats as a value_error with zod\'s reason', async () => {
    const app = await buildApp()
    app.api.post('/items/', {
      body: z.object({ id: z.uuid(), site: z.url(), at: z.iso.datetime(), host: z.ipv4(), host6: z.ipv6(), ref: z.cuid() }),
    }, ({ body }) => body)

    const res = await app.inject({
      method: 'POST', url: '/items/', payload: { id: 'nope', site: 'nope', at: 'nope', host: '1.2.3', host6: 'nope', ref: '!' },
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'uuid_parsing', loc: ['body', 'id'], msg: 'Input should be a valid UUID, invalid format', input: 'nope' },
        { type: 'url_parsing', loc: ['body', 'site'], msg: 'Input should be a valid URL, relative URL without a base', input: 'nope', ctx: { error: 'relative URL without a base' } },
        { type: 'datetime_from_date_parsing', loc: ['body', 'at'], msg: 'Input should be a valid datetime or date, invalid character in year', input: 'nope', ctx: { error: 'invalid character in year' } },
        { type: 'ip_v4_address', loc: ['body', 'host'], msg: 'Input is not a valid IPv4 address', input: '1.2.3' },
        { type: 'ip_v6_address', loc: ['body', 'host6'], msg: 'Input is not a valid IPv6 address', input: 'nope' },
        { type: 'value_error', loc: ['body', 'ref'], msg: 'Value error, Invalid cuid', input: '!', ctx: { error: {} } },
      ],
    })
  })

  it('names a type pydantic has no word for after the type itself', () => {
    expect(typeMismatch('symbol', ['body', 'key'], 'x')).toEqual({ type: 'symbol_type', loc: ['body', 'key'], msg: 'Input should be a valid symbol', input: 'x' })
  })

  it('reports every member of a union that fails, none lost, each under the union\'s loc', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: z.object({ value: z.union([z.string(), z.object({ a: z.number() })]) }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { value: 5 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'value'], msg: 'Input should be a valid string', input: 5 },
        { type: 'model_attributes_type', loc: ['body', 'value'], msg: 'Input should be a valid dictionary or object to extract fields from', input: 5 },
      ],
    })
  })

  it('reports a field missing under a null the model turned into an object as missing, with the null as input', async () => {
    const app = await buildApp()
    const Options = z.preprocess((value) => value ?? {}, z.object({ color: z.string() }))
    app.api.post('/items/', { body: z.object({ options: Options }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { options: null } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'options', 'color'], msg: 'Field required', input: null }],
    })
  })
})

describe('int_from_float beyond the library\'s own routes', () => {
  it('reports a float for an integer on a plain Fastify route validated by JSON Schema', async () => {
    const app = Fastify()
    await app.register(fastapiErrors)
    app.post('/items/', {
      schema: { body: { type: 'object', properties: { quantity: { type: 'integer' } }, required: ['quantity'] } },
    }, async (request) => request.body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { quantity: 1.5 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_from_float', loc: ['body', 'quantity'], msg: 'Input should be a valid integer, got a number with a fractional part', input: 1.5 }],
    })
    await app.close()
  })

  it('logs a float for an int in a response model as int_from_float, and answers 500', async () => {
    const logs = captureLogs()
    const app = await buildApp({}, { logger: { stream: logs.stream } })
    app.api.get('/items/1', { response: z.object({ quantity: z.int() }) }, () => ({ quantity: 1.5 }))

    const res = await app.inject('/items/1')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    const logged = logs.lines.find((line) => line.level === 50)
    expect(logged?.msg).toBe('The response of GET /items/1 does not match its response model: response.quantity: Input should be a valid integer, got a number with a fractional part')
  })
})
