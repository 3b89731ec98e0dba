// How FastAPI documents its response classes, streams and "Additional Responses" with other media types.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  APIRouter, EventSourceResponse, FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, ServerSentEvent, StreamingResponse,
} from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const Item = z.object({ name: z.string(), description: z.string().nullable() }).meta({ id: 'Item' })
// FastAPI's _SSE_EVENT_SCHEMA's fields, besides `data`.
const EVENT_FIELDS = { event: { type: 'string' }, id: { type: 'string' }, retry: { type: 'integer', minimum: 0 } }

async function operation (app: Awaited<ReturnType<typeof buildApp>>, path: string, method = 'get'): Promise<Record<string, unknown>> {
  const res = await app.inject('/openapi.json')
  expect(res.statusCode, res.body).toBe(200)
  return res.json().paths[path][method]
}

describe('the docs of a response class', () => {
  it('documents HTMLResponse as text/html with {"type":"string"} (custom_response tutorial002)', async () => {
    const app = await buildApp()
    app.api.get('/items/', { responseClass: HTMLResponse }, function read_items () { return '<h1>Look ma! HTML!</h1>' })
    expect(await operation(app, '/items/')).toEqual({
      responses: { 200: { description: 'Successful Response', content: { 'text/html': { schema: { type: 'string' } } } } },
      summary: 'Read Items',
      operationId: 'read_items_items__get',
    })
  })

  it('documents a route that returns an HTMLResponse itself as JSON, as FastAPI does (tutorial003)', async () => {
    const app = await buildApp()
    app.api.get('/items/', function read_items () { return new HTMLResponse('<h1>Look ma! HTML!</h1>') })
    expect((await operation(app, '/items/')).responses).toEqual({ 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } })
  })

  it('documents PlainTextResponse as text/plain (tutorial005)', async () => {
    const app = await buildApp()
    app.api.get('/', { responseClass: PlainTextResponse }, function main () { return 'Hello World' })
    expect((await operation(app, '/')).responses).toEqual({ 200: { description: 'Successful Response', content: { 'text/plain': { schema: { type: 'string' } } } } })
  })

  it("documents RedirectResponse's 307 with no content, or the route's 302 (tutorial006b, tutorial006c)", async () => {
    const app = await buildApp()
    app.api.get('/fastapi', { responseClass: RedirectResponse }, function redirect_fastapi () { return 'https://fastapi.tiangolo.com' })
    app.api.get('/pydantic', { responseClass: RedirectResponse, status: 302 }, function redirect_pydantic () { return 'https://docs.pydantic.dev/' })
    expect(await operation(app, '/fastapi')).toEqual({
      summary: 'Redirect Fastapi', operationId: 'redirect_fastapi_fastapi_get', responses: { 307: { description: 'Successful Response' } },
    })
    expect((await operation(app, '/pydantic')).responses).toEqual({ 302: { description: 'Successful Response' } })
  })

  it('documents StreamingResponse and FileResponse with no content, and a subclass with its media type', async () => {
    class PNGStreamingResponse extends StreamingResponse {
      static override mediaType: string | undefined = 'image/png'
    }
    const app = await buildApp()
    app.api.get('/video', { responseClass: StreamingResponse }, async function * () { yield 'bytes' })
    app.api.get('/file', { responseClass: FileResponse }, () => '/tmp/x')
    app.api.get('/image', { responseClass: PNGStreamingResponse }, async function * () { yield 'bytes' })
    expect((await operation(app, '/video')).responses).toEqual({ 200: { description: 'Successful Response' } })
    expect((await operation(app, '/file')).responses).toEqual({ 200: { description: 'Successful Response' } })
    expect((await operation(app, '/image')).responses).toEqual({ 200: { description: 'Successful Response', content: { 'image/png': { schema: { type: 'string' } } } } })
  })

  it('documents JSONResponse as the JSON route it is, with its model', async () => {
    const app = await buildApp()
    app.api.get('/items/me', { responseClass: JSONResponse, response: Item }, () => ({ name: 'Plumbus', description: null }))
    expect((await operation(app, '/items/me')).responses).toEqual({ 200: { description: 'Successful Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } } })
  })
})

describe('the docs of a stream', () => {
  it('documents JSON Lines with the model as itemSchema, {} without one (stream_json_lines tutorial001)', async () => {
    const app = await buildApp()
    app.api.get('/items/stream', { response: Item }, async function * stream_items () { yield { name: 'Plumbus', description: null } })
    app.api.get('/items/stream-no-annotation', async function * stream_items_no_annotation () { yield 1 })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/items/stream'].get).toEqual({
      responses: { 200: { description: 'Successful Response', content: { 'application/jsonl': { itemSchema: { $ref: '#/components/schemas/Item' } } } } },
      summary: 'Stream Items',
      operationId: 'stream_items_items_stream_get',
    })
    expect(document.paths['/items/stream-no-annotation'].get.responses[200].content).toEqual({ 'application/jsonl': { itemSchema: {} } })
    expect(document.components.schemas.Item).toEqual({
      type: 'object',
      properties: { name: { type: 'string', title: 'Name' }, description: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' } },
      required: ['name', 'description'],
      title: 'Item',
    })
  })

  it("documents server-sent events with FastAPI's itemSchema, the model as data's contentSchema (server_sent_events tutorial001)", async () => {
    const app = await buildApp()
    app.api.get('/items/stream', { responseClass: EventSourceResponse, response: Item }, async function * sse_items () { yield { name: 'Plumbus', description: null } })
    expect(await operation(app, '/items/stream')).toEqual({
      summary: 'Sse Items',
      operationId: 'sse_items_items_stream_get',
      responses: {
        200: {
          description: 'Successful Response',
          content: {
            'text/event-stream': {
              itemSchema: {
                type: 'object',
                properties: {
                  data: { type: 'string', contentMediaType: 'application/json', contentSchema: { $ref: '#/components/schemas/Item' } },
                  ...EVENT_FIELDS,
                },
                required: ['data'],
              },
            },
          },
        },
      },
    })
  })

  it('documents server-sent events without a model with the bare event schema (tutorial002)', async () => {
    const app = await buildApp()
    app.api.get('/items/stream', { responseClass: EventSourceResponse }, async function * stream_items () { yield new ServerSentEvent({ data: 1 }) })
    expect((await operation(app, '/items/stream')).responses).toEqual({
      200: {
        description: 'Successful Response',
        content: {
          'text/event-stream': {
            itemSchema: {
              type: 'object',
              properties: { data: { type: 'string' }, ...EVENT_FIELDS },
            },
          },
        },
      },
    })
  })
})

// FastAPI's "Additional Responses in OpenAPI" (docs_src/additional_responses).
describe('additional responses with other media types', () => {
  async function image (): Promise<string> {
    const path = join(await mkdtemp(join(tmpdir(), 'ffa-png-')), 'image.png')
    await writeFile(path, Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    return path
  }

  it('documents an image/png alternative beside the JSON model, and sends either (tutorial002)', async () => {
    const path = await image()
    const app = await buildApp()
    app.api.get('/items/{item_id}', {
      params: z.object({ item_id: z.string() }),
      query: z.object({ img: z.boolean().nullable().default(null) }),
      response: Item,
      responses: { 200: { content: { 'image/png': {} }, description: 'Return the JSON item or an image.' } },
    }, function read_item ({ params, query }) {
      if (query.img === true) return new FileResponse(path, { mediaType: 'image/png' })
      return { name: params.item_id, description: 'there goes my hero' }
    })

    expect((await operation(app, '/items/{item_id}')).responses).toMatchObject({
      200: {
        description: 'Return the JSON item or an image.',
        content: { 'image/png': {}, 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
      },
    })
    const json = await app.inject('/items/foo')
    expect(json.json()).toEqual({ name: 'foo', description: 'there goes my hero' })
    const png = await app.inject('/items/foo?img=1')
    expect(png.statusCode, png.body).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    expect([...png.rawPayload]).toEqual([0x89, 0x50, 0x4e, 0x47])
  })

  it('combines a model per status with an example for the JSON of another (tutorial003)', async () => {
    const Message = z.object({ message: z.string() }).meta({ id: 'Message' })
    const app = await buildApp()
    app.api.get('/items/{item_id}', {
      params: z.object({ item_id: z.string() }),
      response: Item,
      responses: {
        404: { model: Message, description: 'The item was not found' },
        200: { description: 'Item requested by ID', content: { 'application/json': { example: { id: 'bar', value: 'The bar tenders' } } } },
      },
    }, function read_item ({ params }) {
      if (params.item_id !== 'foo') return new JSONResponse({ message: 'Item not found' }, { status: 404 })
      return { name: 'foo', description: 'there goes my hero' }
    })

    const responses = (await operation(app, '/items/{item_id}')).responses as Record<string, unknown>
    expect(responses[404]).toEqual({ description: 'The item was not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } } })
    expect(responses[200]).toEqual({
      description: 'Item requested by ID',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' }, example: { id: 'bar', value: 'The bar tenders' } } },
    })
    const missing = await app.inject('/items/bar')
    expect(missing.statusCode, missing.body).toBe(404)
    expect(missing.json()).toEqual({ message: 'Item not found' })
  })

  it("merges a router's responses with the route's, the route's media types added (tutorial004)", async () => {
    const router = new APIRouter({ responses: { 404: { description: 'Item not found' }, 302: { description: 'The item was moved' }, 403: { description: 'Not enough privileges' } } })
    router.get('/items/{item_id}', {
      params: z.object({ item_id: z.string() }),
      response: Item,
      responses: { 200: { content: { 'image/png': {} } } },
    }, function read_item ({ params }) { return { name: params.item_id, description: null } })
    const app = await buildApp()
    await app.register(router)

    expect((await operation(app, '/items/{item_id}')).responses).toMatchObject({
      404: { description: 'Item not found' },
      302: { description: 'The item was moved' },
      403: { description: 'Not enough privileges' },
      200: { description: 'Successful Response', content: { 'image/png': {}, 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
    })
  })

  it('documents a model of `responses` under an HTML route\'s media type, as FastAPI', async () => {
    const Message = z.object({ message: z.string() }).meta({ id: 'Message' })
    const app = await buildApp()
    app.api.get('/page', { responseClass: HTMLResponse, responses: { 404: { model: Message } } }, () => '<p>hi</p>')
    expect((await operation(app, '/page')).responses).toEqual({
      200: { description: 'Successful Response', content: { 'text/html': { schema: { type: 'string' } } } },
      404: { description: 'Not Found', content: { 'text/html': { schema: { $ref: '#/components/schemas/Message' } } } },
    })
  })

  it('refuses a documented content that is not an object by media type', async () => {
    const app = await buildApp()
    expect(() => app.api.get('/x', { responses: { 200: { content: 'image/png' as never } } }, () => 1)).toThrow(
      expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining('responses.200.content') }))
  })
})
