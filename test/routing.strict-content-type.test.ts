import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, type FastAPIOptions } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "Request Body" tutorial and its tests (FastAPI 0.132+, strict content type):
//   @app.post("/items/")
//   async def create_item(item: Item):
//       return item
const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().nullable().default(null),
})
const JSON_TEXT = '{"name": "Foo", "price": 50.5}'
const FOO = { name: 'Foo', description: null, price: 50.5, tax: null }

async function itemsApp (options: FastAPIOptions = {}) {
  const app = await buildApp(options)
  app.api.post('/items/', { body: Item }, function create_item ({ body }) { return body })
  return app
}

const notAnObject = (input: string) => ({
  detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input }],
})

describe('strict content type (FastAPI 0.132+)', () => {
  it('answers form data sent to a JSON body with 422 model_attributes_type, the raw text as input', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=Foo&price=50.5' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual(notAnObject('name=Foo&price=50.5'))
  })

  it('reads only a JSON content type as JSON: JSON sent as text/plain, application/geo+json-seq or application/not-really-json is 422, not 415', async () => {
    const app = await itemsApp()

    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'application/geo+json', 'application/merge-patch+json', 'application/merge-patch+json; charset=utf-8', 'Application/Vnd.API+JSON']) {
      const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': contentType }, payload: JSON_TEXT })
      expect(res.statusCode, `${contentType}: ${res.body}`).toBe(200)
      expect(res.json()).toEqual(FOO)
    }

    for (const contentType of ['text/plain', 'application/geo+json-seq', 'application/not-really-json', 'application/xml']) {
      const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': contentType }, payload: JSON_TEXT })
      expect(res.statusCode, `${contentType}: ${res.body}`).toBe(422)
      expect(res.json()).toEqual(notAnObject(JSON_TEXT))
    }
  })

  it('does not read a body sent without a Content-Type as JSON', async () => {
    const app = await itemsApp()

    const res = await app.inject({ method: 'POST', url: '/items/', payload: Buffer.from(JSON_TEXT) })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual(notAnObject(JSON_TEXT))
  })

  it('answers an empty body of any content type as a missing body; reads text/plain into a str body', async () => {
    const app = await itemsApp()
    app.api.post('/notes/', { body: z.string() }, ({ body }) => ({ note: body }))

    // pydantic reads bytes into a str.
    const note = await app.inject({ method: 'POST', url: '/notes/', headers: { 'content-type': 'text/plain' }, payload: 'buy milk' })
    expect(note.statusCode, note.body).toBe(200)
    expect(note.json()).toEqual({ note: 'buy milk' })

    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': contentType }, payload: '' })
      expect(res.statusCode, `${contentType}: ${res.body}`).toBe(422)
      expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] })
    }
  })

  it("lets a route that declares no body take any content type, as FastAPI never reads it; keeps Fastify's 415 on a plain Fastify route", async () => {
    const app = await buildApp()
    app.api.post('/ping', () => ({ ok: true }))
    app.post('/plain', async (request) => ({ body: request.body }))

    const res = await app.inject({ method: 'POST', url: '/ping', headers: { 'content-type': 'application/xml' }, payload: '<ping/>' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })

    const xml = await app.inject({ method: 'POST', url: '/plain', headers: { 'content-type': 'application/xml' }, payload: '<a/>' })
    expect(xml.statusCode, xml.body).toBe(415)
    expect(xml.json()).toEqual({ detail: 'Unsupported Media Type' })
    const text = await app.inject({ method: 'POST', url: '/plain', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
    expect(text.statusCode, text.body).toBe(200)
    expect(text.json()).toEqual({ body: 'hello' })
  })
})

describe('strictContentType: false (FastAPI\'s strict_content_type=False)', () => {
  it('reads a body without a Content-Type as JSON for the whole app, still refusing other types', async () => {
    const app = await itemsApp({ routing: { strictContentType: false } })

    const res = await app.inject({ method: 'POST', url: '/items/', payload: Buffer.from(JSON_TEXT) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(FOO)

    const text = await app.inject({ method: 'POST', url: '/items/', headers: { 'content-type': 'text/plain' }, payload: JSON_TEXT })
    expect(text.statusCode, text.body).toBe(422)
    expect(text.json()).toEqual(notAnObject(JSON_TEXT))
  })

  it('lets a router or a route choose, the innermost choice winning over the app\'s', async () => {
    // FastAPI's test: a lax, a strict and a default router on a strict app.
    const app = await buildApp()
    const lax = new APIRouter({ prefix: '/lax', strictContentType: false })
    const strict = new APIRouter({ prefix: '/strict', strictContentType: true })
    const byDefault = new APIRouter({ prefix: '/default' })
    for (const router of [lax, strict, byDefault]) router.post('/items/', { body: z.record(z.string(), z.unknown()) }, ({ body }) => body)
    strict.post('/lax-route/', { body: z.record(z.string(), z.unknown()), strictContentType: false }, ({ body }) => body)
    const outer = new APIRouter({ prefix: '/outer', strictContentType: false }).includeRouter(new APIRouter({ prefix: '/inner', strictContentType: true }).post('/items/', { body: z.record(z.string(), z.unknown()) }, ({ body }) => body))
    for (const router of [lax, strict, byDefault, outer]) await app.register(router)

    const statuses: Record<string, number> = {}
    for (const url of ['/lax/items/', '/strict/items/', '/default/items/', '/strict/lax-route/', '/outer/inner/items/']) {
      statuses[url] = (await app.inject({ method: 'POST', url, payload: Buffer.from('{"key": "value"}') })).statusCode
      const json = await app.inject({ method: 'POST', url, payload: { key: 'value' } })
      expect(json.statusCode, `${url}: ${json.body}`).toBe(200)
    }
    expect(statuses).toEqual({ '/lax/items/': 200, '/strict/items/': 422, '/default/items/': 422, '/strict/lax-route/': 200, '/outer/inner/items/': 422 })
  })

  it('refuses a strictContentType that is not a boolean, naming the option', async () => {
    await expect(buildApp({ routing: { strictContentType: 'no' as unknown as boolean } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi/routing: option 'strictContentType' must be true or false; got string 'no'",
    })
    expect(() => new APIRouter({ strictContentType: 0 as unknown as boolean })).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID' }))
    const app = await buildApp()
    expect(() => app.api.post('/x', { strictContentType: 'yes' as unknown as boolean }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Route POST /x: option 'strictContentType' must be true or false; got string 'yes'",
    }))
  })
})
