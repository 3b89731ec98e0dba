import { describe, expect, it } from 'vitest'
import { createClient } from 'fastify-fastapi/client'
import { buildApp } from './helpers/app.js'
import { mountApi, type Api } from './helpers/client-api.js'

// The typed client over `app.inject`: every call goes through the app as a request would,
// with no socket, and answers with the status, the parsed body and the Response.

async function client () {
  const app = await buildApp()
  mountApi(app)
  return createClient<Api>({ app })
}

describe('the typed client over inject', () => {
  it('reads an item by its path param, and answers the 2xx model as data', async () => {
    const api = await client()
    const { status, data, error, response } = await api.GET('/items/{item_id}', { params: { path: { item_id: 1 } } })
    expect(status, JSON.stringify(error)).toBe(200)
    expect(data).toEqual({ name: 'Foo', price: 50.2, tags: [] })
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it("answers a declared HTTPException as error, with FastAPI's body", async () => {
    const api = await client()
    const { status, data, error } = await api.GET('/items/{item_id}', { params: { path: { item_id: 99 } } })
    expect(status).toBe(404)
    expect(data).toBeUndefined()
    expect(error).toEqual({ detail: 'Item not found' })
  })

  it("answers invalid input with FastAPI's 422 items as error", async () => {
    const api = await client()
    // A value the types refuse, as a caller without types could send it.
    const { status, error } = await api.GET('/items/{item_id}', { params: { path: { item_id: 'foo' as unknown as number } } })
    expect(status).toBe(422)
    expect(error).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
    })
  })

  it('sends a list in the query as the key repeated, as FastAPI reads it, and leaves out undefined', async () => {
    const api = await client()
    await api.POST('/items/', { body: { name: 'Bar', price: 62, tags: ['a', 'b'] } })
    await api.POST('/items/', { body: { name: 'Baz', price: 3, tags: ['a'] } })
    const { data } = await api.GET('/items/', { params: { query: { tag: ['a', 'b'], q: undefined } } })
    expect(data).toEqual([{ name: 'Bar', price: 62, tags: ['a', 'b'] }])
    const limited = await api.GET('/items/', { params: { query: { limit: 1 } } })
    expect(limited.data).toHaveLength(1)
  })

  it('posts a JSON body and answers the declared status, 201', async () => {
    const api = await client()
    const { status, data } = await api.POST('/items/', { body: { name: 'Bar', price: 62 } })
    expect(status).toBe(201)
    expect(data).toEqual({ id: 2, name: 'Bar', price: 62, tags: [] })
  })

  it("sends header params with hyphens (FastAPI's convert_underscores), cookies, and embedded body params", async () => {
    const api = await client()
    const { status, data, error } = await api.PUT('/items/{item_id}', {
      params: { path: { item_id: 5 }, header: { x_token: 'coneofsilence' }, cookie: { session: 'a b;c' } },
      body: { item: { name: 'Foo', price: 1 }, importance: 3 },
    })
    expect(status, JSON.stringify(error)).toBe(200)
    expect(data).toEqual({ item_id: 5, item: { name: 'Foo', price: 1, tags: [] }, importance: 3, token: 'coneofsilence', session: 'a b;c' })
  })

  it('adds the headers of the client and of the call, the call\'s winning', async () => {
    const app = await buildApp()
    mountApi(app)
    const api = createClient<Api>({ app, headers: { 'x-token': 'from-client' } })
    const put = (headers?: Record<string, string>) => api.PUT('/items/{item_id}', {
      params: { path: { item_id: 1 }, header: { x_token: 'declared' } }, body: { item: { name: 'Foo', price: 1 }, importance: 1 }, ...(headers ? { headers } : {}),
    })
    expect((await put()).data?.token).toBe('declared')
    expect((await put({ 'X-Token': 'from-call' })).data?.token).toBe('from-call')
  })

  it('answers a 204 with no data', async () => {
    const api = await client()
    const { status, data, response } = await api.DELETE('/items/{item_id}', { params: { path: { item_id: 1 } } })
    expect(status).toBe(204)
    expect(data).toBeUndefined()
    expect(response.status).toBe(204)
    expect((await api.GET('/items/{item_id}', { params: { path: { item_id: 1 } } })).status).toBe(404)
  })

  it('encodes a path param as one segment, and keeps the slashes of a {name:path} param', async () => {
    const app = await buildApp()
    const api = createClient<Api>({ app })
    mountApi(app)
    const { data } = await api.GET('/v1/files/{file_path:path}', { params: { path: { file_path: 'home/jo hn/a?b#c.txt' } } })
    expect(data).toEqual({ file_path: 'home/jo hn/a?b#c.txt' })
    const item = await api.GET('/items/{item_id}', { params: { path: { item_id: '1/../2' as unknown as number } } })
    expect(item.status).toBe(422)
  })

  it('sends a form urlencoded, and a form with a file as multipart', async () => {
    const api = await client()
    const login = await api.POST('/v1/files/login', { form: { username: 'johndoe', password: 'secret' } })
    expect(login.status, JSON.stringify(login.error)).toBe(200)
    expect(login.data).toEqual({ username: 'johndoe' })
    const upload = await api.POST('/v1/files/upload', { form: { file: new File(['hello'], 'hello.txt', { type: 'text/plain' }), note: 'n' } })
    expect(upload.status, JSON.stringify(upload.error)).toBe(200)
    expect(upload.data).toEqual({ filename: 'hello.txt', content: 'hello', note: 'n' })
  })

  it('answers a route the app does not have with its 404, at runtime', async () => {
    const api = await client()
    const { status, error } = await api.GET('/nowhere' as '/')
    expect(status).toBe(404)
    expect(error).toEqual({ detail: 'Not Found' })
  })

  it('refuses `app` together with `baseUrl`', () => {
    expect(() => createClient<Api>({ app: { inject: async () => ({ statusCode: 200, headers: {}, rawPayload: new Uint8Array() }) }, baseUrl: 'http://localhost' }))
      .toThrow('give `app` (asked through inject) or `baseUrl` and `fetch` (asked over the network), not both')
  })
})
