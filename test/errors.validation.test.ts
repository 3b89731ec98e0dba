import net from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { RequestValidationError } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const Item = z.object({
  name: z.string(),
  description: z.string().optional(),
  price: z.number(),
  tax: z.number().optional(),
})

describe('request validation errors', () => {
  it('reports every error of a request at once: path, query, header, cookie, then body', async () => {
    const app = await buildApp()
    app.api.put('/items/{item_id}', {
      params: z.object({ item_id: z.number().int() }),
      query: z.object({ q: z.string(), limit: z.number().int().max(100).default(10) }),
      headers: z.object({ x_token: z.string() }),
      cookies: z.object({ session: z.string() }),
      body: Item,
    }, () => ({ ok: true }))

    const res = await app.inject({
      method: 'PUT',
      url: '/items/foo?limit=1000',
      payload: { name: 'Foo', price: 'cheap' },
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' },
        { type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null },
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', input: '1000', ctx: { le: 100 } },
        { type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['cookie', 'session'], msg: 'Field required', input: null },
        { type: 'float_parsing', loc: ['body', 'price'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'cheap' },
      ],
    })
  })

  it('lists the errors of one location in the order its fields are declared', async () => {
    const app = await buildApp()
    app.api.post('/items/', {
      query: z.object({ q: z.string(), skip: z.number().int().default(0) }),
      body: z.object({ name: z.string(), age: z.number().int(), tags: z.array(z.string()).min(1) }),
    }, () => ({ ok: true }))

    const res = await app.inject({ method: 'POST', url: '/items/?skip=ten', payload: { age: 3.5, tags: [] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null },
        { type: 'int_parsing', loc: ['query', 'skip'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'ten' },
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { age: 3.5, tags: [] } },
        { type: 'int_from_float', loc: ['body', 'age'], msg: 'Input should be a valid integer, got a number with a fractional part', input: 3.5 },
        {
          type: 'too_short',
          loc: ['body', 'tags'],
          msg: 'List should have at least 1 item after validation, not 0',
          input: [],
          ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
        },
      ],
    })
  })

  it('answers a missing query param with input null, as in "Query Parameters"', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', {
      params: z.object({ item_id: z.string() }),
      query: z.object({ needy: z.string() }),
    }, ({ params, query }) => ({ item_id: params.item_id, needy: query.needy }))

    const res = await app.inject('/items/foo-item')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['query', 'needy'], msg: 'Field required', input: null }],
    })

    const ok = await app.inject('/items/foo-item?needy=sooooneedy')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ item_id: 'foo-item', needy: 'sooooneedy' })
  })

  it('answers a missing body field with the body as its input', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Foo', description: 'A very nice Item' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'missing',
        loc: ['body', 'price'],
        msg: 'Field required',
        input: { name: 'Foo', description: 'A very nice Item' },
      }],
    })
  })

  it('locates an error in a nested model and in a list item', async () => {
    const app = await buildApp()
    app.api.post('/items/', {
      body: z.object({
        title: z.string(),
        owner: z.object({ name: z.string(), age: z.number().int().gt(0) }),
        tags: z.array(z.string()),
      }),
    }, ({ body }) => body)

    const res = await app.inject({
      method: 'POST',
      url: '/items/',
      payload: { title: 'Foo', owner: { age: -1 }, tags: ['a', 2, 'c'] },
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'owner', 'name'], msg: 'Field required', input: { age: -1 } },
        { type: 'greater_than', loc: ['body', 'owner', 'age'], msg: 'Input should be greater than 0', input: -1, ctx: { gt: 0 } },
        { type: 'string_type', loc: ['body', 'tags', 1], msg: 'Input should be a valid string', input: 2 },
      ],
    })
  })

  it('reports constraints with their ctx, in pydantic\'s words', async () => {
    const app = await buildApp()
    app.api.post('/offers/', {
      body: z.strictObject({
        price: z.number().gt(0),
        name: z.string().min(3),
        tags: z.array(z.string()).min(1),
        model: z.enum(['alexnet', 'resnet', 'lenet']),
        role: z.literal('admin'),
        code: z.string().regex(/^fixedquery$/),
      }),
    }, ({ body }) => body)

    const res = await app.inject({
      method: 'POST',
      url: '/offers/',
      payload: { price: -1, name: 'ab', tags: [], model: 'foo', role: 'root', code: 'nope', extra: 'plumbus' },
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'greater_than', loc: ['body', 'price'], msg: 'Input should be greater than 0', input: -1, ctx: { gt: 0 } },
        { type: 'string_too_short', loc: ['body', 'name'], msg: 'String should have at least 3 characters', input: 'ab', ctx: { min_length: 3 } },
        {
          type: 'too_short',
          loc: ['body', 'tags'],
          msg: 'List should have at least 1 item after validation, not 0',
          input: [],
          ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
        },
        {
          type: 'enum',
          loc: ['body', 'model'],
          msg: "Input should be 'alexnet', 'resnet' or 'lenet'",
          input: 'foo',
          ctx: { expected: "'alexnet', 'resnet' or 'lenet'" },
        },
        { type: 'literal_error', loc: ['body', 'role'], msg: "Input should be 'admin'", input: 'root', ctx: { expected: "'admin'" } },
        {
          type: 'string_pattern_mismatch',
          loc: ['body', 'code'],
          msg: "String should match pattern '^fixedquery$'",
          input: 'nope',
          ctx: { pattern: '^fixedquery$' },
        },
        { type: 'extra_forbidden', loc: ['body', 'extra'], msg: 'Extra inputs are not permitted', input: 'plumbus' },
      ],
    })
  })

  it('answers a failed .refine() as value_error with its message', async () => {
    const app = await buildApp()
    const Signup = z.object({ password: z.string(), repeat: z.string() })
      .refine((value) => value.password === value.repeat, { message: 'passwords do not match' })
    app.api.post('/signup', { body: Signup }, () => ({ ok: true }))

    const payload = { password: 'a', repeat: 'b' }
    const res = await app.inject({ method: 'POST', url: '/signup', payload })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'value_error', loc: ['body'], msg: 'Value error, passwords do not match', input: payload, ctx: { error: {} } }],
    })
  })

  it('answers malformed JSON with json_invalid at its position, as FastAPI\'s own test', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject({
      method: 'POST',
      url: '/items/',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Test", "price": None}',
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'json_invalid', loc: ['body', 26], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }],
    })
  })

  it('keeps the connection open after malformed JSON: the whole body was read', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }

    // Two requests on one socket: the second is answered only if the first left it open.
    const socket = net.connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
    const post = (body: string) => socket.write(`POST /items/ HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
    post('{"name": ')
    await vi.waitFor(() => expect(received).toContain('"loc":["body",9]'))
    post('{"name": "Plumbus", "price": 3}')
    await vi.waitFor(() => expect(received).toContain('HTTP/1.1 200 OK'))
    socket.destroy()

    expect(received).toMatch(/^HTTP\/1\.1 422 Unprocessable Entity/)
    expect(received.toLowerCase()).not.toContain('connection: close')
  })

  it("words each malformed JSON as Python's json module does, at the same position", async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)
    const cases: Array<[string, number, string]> = [
      ['{bad', 1, 'Expecting property name enclosed in double quotes'],
      ["{'name': 'Foo'}", 1, 'Expecting property name enclosed in double quotes'],
      ['{"name" "Foo"}', 8, "Expecting ':' delimiter"],
      ['{"name": "Foo" "price": 1}', 15, "Expecting ',' delimiter"],
      ['{"name": "Foo"', 14, "Expecting ',' delimiter"],
      ['[1, 2', 5, "Expecting ',' delimiter"],
      ['nope', 0, 'Expecting value'],
      ['{"name": tru}', 9, 'Expecting value'],
      ['{"name": "Foo"} x', 16, 'Extra data'],
      ['{"name": "Fo', 9, 'Unterminated string starting at'],
      ['{"name": "F\to"}', 11, 'Invalid control character at'],
      ['{"name": "F\\qo"}', 11, 'Invalid \\escape'],
      ['{"name": "Foo",}', 14, 'Illegal trailing comma before end of object'],
      ['[1, 2, ]', 5, 'Illegal trailing comma before end of array'],
      ['  ', 2, 'Expecting value'],
    ]
    const answers = []
    for (const [payload] of cases) {
      const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload })
      expect(res.statusCode, res.body).toBe(422)
      answers.push(res.json())
    }
    expect(answers).toEqual(cases.map(([, position, error]) => ({
      detail: [{ type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error', input: {}, ctx: { error } }],
    })))
  })

  it('answers an empty body on a route whose body is required with missing ["body"]', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const json = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: '' })
    expect(json.statusCode, json.body).toBe(422)
    expect(json.json()).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] })

    const none = await app.inject({ method: 'POST', url: '/items/' })
    expect(none.statusCode, none.body).toBe(422)
    expect(none.json()).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] })
  })

  it('accepts an empty body on a route whose body is optional', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item.optional() }, ({ body }) => ({ received: body ?? null }))

    const json = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: '' })
    expect(json.statusCode, json.body).toBe(200)
    expect(json.json()).toEqual({ received: null })

    const none = await app.inject({ method: 'POST', url: '/items/' })
    expect(none.statusCode, none.body).toBe(200)
    expect(none.json()).toEqual({ received: null })
  })

  it('answers a text/plain body sent to an object model with model_attributes_type and the text as input', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'text/plain' }, payload: 'name=Foo' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: 'name=Foo' }],
    })
  })

  it('carries the items in .errors and the received body in .body, as FastAPI\'s exc.errors() and exc.body', async () => {
    const app = await buildApp()
    const seen: RequestValidationError[] = []
    app.exceptionHandler(RequestValidationError, (error) => {
      seen.push(error)
      return { detail: error.errors, body: error.body }
    })
    app.api.post('/items/', { body: z.object({ title: z.string(), size: z.number().int() }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { title: 'towel', size: 'XL' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'size'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'XL' }],
      body: { title: 'towel', size: 'XL' },
    })
    expect(seen[0]).toBeInstanceOf(RequestValidationError)
    expect(seen[0]?.errors).toEqual(res.json().detail)

    const malformed = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/json' }, payload: '{"title": ' })
    expect(malformed.statusCode, malformed.body).toBe(422)
    expect(seen[1]?.body).toBe('{"title": ')
  })
})
