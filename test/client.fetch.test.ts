import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createClient } from 'fastify-fastapi/client'
import { buildApp } from './helpers/app.js'
import { mountApi, type Api } from './helpers/client-api.js'

// The typed client over fetch, against the app listening on loopback: what a front end or
// another service does.

async function listening () {
  const app = await buildApp()
  mountApi(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

describe('the typed client over fetch', () => {
  it('calls a live server: path, query, headers, cookies and body, and reads each answer', async () => {
    const api = createClient<Api>({ baseUrl: `${await listening()}/` })

    const root = await api.GET('/')
    expect(root.status).toBe(200)
    expect(root.data).toEqual({ message: 'Hello World' })

    const created = await api.POST('/items/', { body: { name: 'Bar', price: 62, tags: ['a', 'b'] } })
    expect(created.status, JSON.stringify(created.error)).toBe(201)
    expect(created.data).toEqual({ id: 2, name: 'Bar', price: 62, tags: ['a', 'b'] })

    const listed = await api.GET('/items/', { params: { query: { tag: ['a', 'b'] } } })
    expect(listed.data).toEqual([{ name: 'Bar', price: 62, tags: ['a', 'b'] }])

    const put = await api.PUT('/items/{item_id}', {
      params: { path: { item_id: 2 }, header: { x_token: 'coneofsilence' }, cookie: { session: 's1' } },
      body: { item: { name: 'Bar', price: 1 }, importance: 2 },
    })
    expect(put.status, JSON.stringify(put.error)).toBe(200)
    expect(put.data).toMatchObject({ token: 'coneofsilence', session: 's1' })

    const missing = await api.GET('/items/{item_id}', { params: { path: { item_id: 99 } } })
    expect(missing.status).toBe(404)
    expect(missing.error).toEqual({ detail: 'Item not found' })

    const deleted = await api.DELETE('/items/{item_id}', { params: { path: { item_id: 2 } } })
    expect(deleted.status).toBe(204)
    expect(deleted.data).toBeUndefined()

    const upload = await api.POST('/v1/files/upload', { form: { file: new Blob(['over the wire']), note: 'n' } })
    expect(upload.status, JSON.stringify(upload.error)).toBe(200)
    expect(upload.data).toMatchObject({ content: 'over the wire', note: 'n' })
  }, 30_000) // eight requests over a socket: past vitest's 5 s on a busy two-core machine

  it('sends every request through the fetch it is given, and passes a signal on', async () => {
    const baseUrl = await listening()
    const seen: string[] = []
    const api = createClient<Api>({
      baseUrl,
      fetch: (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`)
        return fetch(request)
      },
    })
    await api.GET('/items/', { params: { query: { q: 'Fo o', limit: 5 } } })
    expect(seen).toEqual(['GET /items/?q=Fo+o&limit=5'])

    const controller = new AbortController()
    controller.abort()
    await expect(api.GET('/', { signal: controller.signal })).rejects.toThrow(/abort/i)
  })
})
