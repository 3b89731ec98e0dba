// FastAPI's tutorial apps ("First Steps", "Query Parameters", "Request Body", "Response
// Model"), ported, and the fragments of /openapi.json that FastAPI's docs show for them.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { Item, ResponseItem } from './helpers/tutorial-models.js'

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
      { name: 'q', in: 'query', required: false, schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Q' } },
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
        description: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' },
        price: { type: 'number', title: 'Price' },
        tax: { anyOf: [{ type: 'number' }, { type: 'null' }], title: 'Tax' },
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
  const Item = ResponseItem

  it('documents `response_model=Item` as one Item whose fields with defaults are not required (tutorial004)', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.string() }), response: Item }, async function read_item () {
      return { name: 'Foo', price: 50.2 }
    })

    const document = await openapiOf(app)
    expect(document.paths['/items/{item_id}'].get.responses[200]).toEqual({
      description: 'Successful Response',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
    })
    expect(document.components.schemas.Item).toEqual({
      properties: {
        name: { type: 'string', title: 'Name' },
        description: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' },
        price: { type: 'number', title: 'Price' },
        tax: { type: 'number', default: 10.5, title: 'Tax' },
        tags: { type: 'array', items: { type: 'string' }, default: [], title: 'Tags' },
      },
      type: 'object',
      required: ['name', 'price'],
      title: 'Item',
    })
    const res = await app.inject('/items/foo')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'Foo', description: null, price: 50.2, tax: 10.5, tags: [] })
  })

  it('keeps one Item for a model used as a body and as a response (Separate OpenAPI Schemas, tutorial001)', async () => {
    const Described = z.object({ name: z.string(), description: z.string().nullable().default(null) }).meta({ id: 'Item' })
    const app = await buildApp()
    app.api.post('/items/', { body: Described }, async function create_item ({ body }) { return body })
    app.api.get('/items/', { response: z.array(Described) }, async function read_items () {
      return [{ name: 'Portal Gun', description: 'Device to travel through the multi-rick-verse' }, { name: 'Plumbus' }]
    })

    const document = await openapiOf(app)
    expect(document.paths['/items/'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Item' })
    expect(document.paths['/items/'].get.responses[200].content['application/json'].schema).toEqual({
      items: { $ref: '#/components/schemas/Item' },
      type: 'array',
      title: 'Response Read Items Items  Get',
    })
    expect(document.components.schemas.Item).toEqual({
      properties: {
        name: { type: 'string', title: 'Name' },
        description: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' },
      },
      type: 'object',
      required: ['name'],
      title: 'Item',
    })
    expect(Object.keys(document.components.schemas).sort()).toEqual(['HTTPValidationError', 'Item', 'ValidationError'])
    const res = await app.inject('/items/')
    expect(res.json()).toEqual([
      { name: 'Portal Gun', description: 'Device to travel through the multi-rick-verse' },
      { name: 'Plumbus', description: null },
    ])
  })

  it('documents `response_model=UserOut` as FastAPI does: EmailStr as format email, full_name not required (tutorial003)', async () => {
    const fullName = z.string().nullable().default(null)
    const UserIn = z.object({ username: z.string(), password: z.string(), email: z.email(), full_name: fullName }).meta({ id: 'UserIn' })
    const UserOut = z.object({ username: z.string(), email: z.email(), full_name: fullName }).meta({ id: 'UserOut' })
    const app = await buildApp()
    app.api.post('/user/', { body: UserIn, response: UserOut }, async function create_user ({ body }) { return body })

    const document = await openapiOf(app)
    expect(Object.keys(document.components.schemas).sort()).toEqual(['HTTPValidationError', 'UserIn', 'UserOut', 'ValidationError'])
    expect(document.components.schemas.UserOut).toEqual({
      title: 'UserOut',
      required: ['username', 'email'],
      type: 'object',
      properties: {
        username: { title: 'Username', type: 'string' },
        email: { title: 'Email', type: 'string', format: 'email' },
        full_name: { title: 'Full Name', anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    })
    expect(document.components.schemas.UserIn.required).toEqual(['username', 'password', 'email'])
    // The response strips the password (the response model), and the document says so.
    const res = await app.inject({ method: 'POST', url: '/user/', payload: { username: 'foo', password: 'secret', email: 'foo@example.com', full_name: 'Grave Dohl' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'foo', email: 'foo@example.com', full_name: 'Grave Dohl' })
  })

  it('documents `status_code=201` as the success response', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item, status: 201 }, async function create_item ({ body }) { return body })
    const responses = (await openapiOf(app)).paths['/items/'].post.responses
    expect(Object.keys(responses)).toEqual(['201', '422'])
  })
})
