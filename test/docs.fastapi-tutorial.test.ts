// FastAPI's tutorial apps ("First Steps", "Query Parameters", "Request Body", "Response
// Model"), ported, and the fragments of /openapi.json that FastAPI's docs show for them.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

async function openapiOf (app: Awaited<ReturnType<typeof buildApp>>) {
  const res = await app.inject('/openapi.json')
  expect(res.statusCode).toBe(200)
  return res.json()
}

const VALIDATION_ERROR_RESPONSE = {
  description: 'Validation Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
}

describe('First Steps', () => {
  it('documents `async def root()` exactly as FastAPI does', async () => {
    const app = await buildApp()
    app.api.get('/', async function root () { return { message: 'Hello World' } })

    expect(await openapiOf(app)).toEqual({
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/': {
          get: {
            summary: 'Root',
            operationId: 'root__get',
            responses: { 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } },
          },
        },
      },
    })
  })
})

describe('Path Parameters', () => {
  it('documents `read_item(item_id: int)` with its integer path param and the 422', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.int() }) }, async function read_item ({ params }) {
      return { item_id: params.item_id }
    })

    const document = await openapiOf(app)
    expect(document.paths['/items/{item_id}'].get).toEqual({
      summary: 'Read Item',
      operationId: 'read_item_items__item_id__get',
      parameters: [{ name: 'item_id', in: 'path', required: true, schema: { type: 'integer', title: 'Item Id' } }],
      responses: {
        200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
        422: VALIDATION_ERROR_RESPONSE,
      },
    })
    expect(document.components.schemas.HTTPValidationError).toEqual({
      properties: { detail: { items: { $ref: '#/components/schemas/ValidationError' }, type: 'array', title: 'Detail' } },
      type: 'object',
      title: 'HTTPValidationError',
    })
    expect(document.components.schemas.ValidationError).toMatchObject({
      properties: {
        loc: { items: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, type: 'array', title: 'Location' },
        msg: { type: 'string', title: 'Message' },
        type: { type: 'string', title: 'Error Type' },
      },
      type: 'object',
      required: ['loc', 'msg', 'type'],
      title: 'ValidationError',
    })
  })
})

describe('Query Parameters', () => {
  it('documents `read_item(item_id: str, q: str | None = None, short: bool = False)`', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', {
      params: z.object({ item_id: z.string() }),
      query: z.object({ q: z.string().nullable().default(null), short: z.boolean().default(false) }),
    }, async function read_item ({ params, query }) {
      return { item_id: params.item_id, ...query }
    })

    const { parameters } = (await openapiOf(app)).paths['/items/{item_id}'].get
    expect(parameters).toEqual([
      { name: 'item_id', in: 'path', required: true, schema: { type: 'string', title: 'Item Id' } },
      { name: 'q', in: 'query', required: false, schema: { type: ['string', 'null'], default: null, title: 'Q' } },
      { name: 'short', in: 'query', required: false, schema: { type: 'boolean', default: false, title: 'Short' } },
    ])
  })

  it('documents a required query param (`needy: str`) as required', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.string() }), query: z.object({ needy: z.string() }) }, async function read_user_item ({ query }) {
      return query
    })

    const { parameters } = (await openapiOf(app)).paths['/items/{item_id}'].get
    expect(parameters[1]).toEqual({ name: 'needy', in: 'query', required: true, schema: { type: 'string', title: 'Needy' } })
  })
})

describe('Request Body', () => {
  const Item = z.object({
    name: z.string(),
    description: z.string().nullable().default(null),
    price: z.number(),
    tax: z.number().nullable().default(null),
  }).meta({ id: 'Item' })

  it('documents `create_item(item: Item)`: the body refers to one Item component', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, async function create_item ({ body }) { return body })

    const document = await openapiOf(app)
    expect(document.paths['/items/'].post).toEqual({
      summary: 'Create Item',
      operationId: 'create_item_items__post',
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } }, required: true },
      responses: {
        200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
        422: VALIDATION_ERROR_RESPONSE,
      },
    })
    expect(document.components.schemas.Item).toEqual({
      properties: {
        name: { type: 'string', title: 'Name' },
        description: { type: ['string', 'null'], default: null, title: 'Description' },
        price: { type: 'number', title: 'Price' },
        tax: { type: ['number', 'null'], default: null, title: 'Tax' },
      },
      type: 'object',
      required: ['name', 'price'],
      title: 'Item',
    })
  })

  it('documents body + path + query params together (`update_item(item_id: int, item: Item, q: str | None = None)`)', async () => {
    const app = await buildApp()
    app.api.put('/items/{item_id}', {
      params: z.object({ item_id: z.int() }),
      query: z.object({ q: z.string().nullable().default(null) }),
      body: Item,
    }, async function update_item ({ params, body }) { return { item_id: params.item_id, ...body } })

    const operation = (await openapiOf(app)).paths['/items/{item_id}'].put
    expect(operation.operationId).toBe('update_item_items__item_id__put')
    expect(operation.parameters.map((parameter: { name: string, in: string, required: boolean }) => [parameter.name, parameter.in, parameter.required]))
      .toEqual([['item_id', 'path', true], ['q', 'query', false]])
    expect(operation.requestBody).toEqual({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } }, required: true })
  })
})

describe('Response Model', () => {
  const Item = z.object({
    name: z.string(),
    description: z.string().nullable().default(null),
    price: z.number(),
    tax: z.number().nullable().default(null),
    tags: z.array(z.string()).default([]),
  }).meta({ id: 'Item' })

  it('splits a model whose request and response forms differ into Item-Input and Item-Output, as FastAPI on pydantic 2', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item, response: Item }, async function create_item ({ body }) { return body })
    app.api.get('/items/', { response: z.array(Item) }, async function read_items () { return [] })

    const document = await openapiOf(app)
    expect(document.paths['/items/'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Item-Input' })
    expect(document.paths['/items/'].post.responses[200]).toEqual({
      description: 'Successful Response',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Item-Output' } } },
    })
    expect(document.paths['/items/'].get.responses[200].content['application/json'].schema).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/Item-Output' },
      title: 'Response Read Items Items  Get',
    })
    // Defaults make fields optional in a request and always present in a response.
    expect(document.components.schemas['Item-Input'].required).toEqual(['name', 'price'])
    expect(document.components.schemas['Item-Output'].required).toEqual(['name', 'description', 'price', 'tax', 'tags'])
    expect(document.components.schemas['Item-Output'].title).toBe('Item')
    expect(document.components.schemas).not.toHaveProperty('Item')
  })

  it('keeps one component when both forms are the same (`response_model=UserOut`)', async () => {
    const UserIn = z.object({ username: z.string(), password: z.string(), email: z.email() }).meta({ id: 'UserIn' })
    const UserOut = z.object({ username: z.string(), email: z.email() }).meta({ id: 'UserOut' })
    const app = await buildApp()
    app.api.post('/user/', { body: UserIn, response: UserOut }, async function create_user ({ body }) { return body })

    const document = await openapiOf(app)
    expect(Object.keys(document.components.schemas).sort()).toEqual(['HTTPValidationError', 'UserIn', 'UserOut', 'ValidationError'])
    expect(document.components.schemas.UserOut).toEqual({
      properties: { username: { type: 'string', title: 'Username' }, email: expect.objectContaining({ type: 'string', format: 'email', title: 'Email' }) },
      type: 'object',
      required: ['username', 'email'],
      title: 'UserOut',
    })
    // The response strips the password (the response model), and the document says so.
    const res = await app.inject({ method: 'POST', url: '/user/', payload: { username: 'ann', password: 'secret', email: 'ann@example.com' } })
    expect(res.json()).toEqual({ username: 'ann', email: 'ann@example.com' })
  })

  it('documents `status_code=201` as the success response', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item, status: 201 }, async function create_item ({ body }) { return body })
    const responses = (await openapiOf(app)).paths['/items/'].post.responses
    expect(Object.keys(responses)).toEqual(['201', '422'])
  })
})
