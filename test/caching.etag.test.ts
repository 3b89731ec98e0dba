import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

// ETags and conditional GETs (RFC 9110 8.8.3, 13.1.2): a GET whose If-None-Match names the
// response's ETag is answered 304 Not Modified, with no body.

async function app (etag: boolean | { weak?: boolean } = true) {
  const instance = await buildApp({ cache: { etag } })
  instance.api.get('/items/{item_id}', { params: z.object({ item_id: z.coerce.number() }) }, ({ params }) => ({ id: params.item_id, name: 'Plumbus' }))
  instance.api.post('/items', () => ({ id: 3 }))
  instance.api.get('/own', ({ reply }) => { reply.header('etag', '"v42"'); return { version: 42 } })
  return instance
}

describe('ETags and conditional GET', () => {
  it('gives a GET an ETag, and answers 304 with no body when If-None-Match matches it', async () => {
    const server = await app()
    const first = await server.inject({ url: '/items/1' })
    expect(first.statusCode).toBe(200)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[A-Za-z0-9+/=]{27,28}"$/)
    // The same body, the same tag; another body, another.
    expect((await server.inject({ url: '/items/1' })).headers.etag).toBe(etag)
    expect((await server.inject({ url: '/items/2' })).headers.etag).not.toBe(etag)

    const cached = await server.inject({ url: '/items/1', headers: { 'if-none-match': etag } })
    expect(cached.statusCode).toBe(304)
    expect(cached.body).toBe('')
    expect(cached.headers.etag).toBe(etag)
    expect(cached.headers['content-length']).toBeUndefined()
    expect(cached.headers['content-type']).toBeUndefined()

    const changed = await server.inject({ url: '/items/2', headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toEqual({ id: 2, name: 'Plumbus' })
  })

  it('compares weakly, reads a list of tags, and matches anything with *', async () => {
    const server = await app()
    const etag = (await server.inject({ url: '/items/1' })).headers.etag as string
    for (const ifNoneMatch of [`W/${etag}`, `"other", ${etag}`, `"a",W/${etag} , "b"`, '*']) {
      const res = await server.inject({ url: '/items/1', headers: { 'if-none-match': ifNoneMatch } })
      expect(res.statusCode, ifNoneMatch).toBe(304)
    }
    expect((await server.inject({ url: '/items/1', headers: { 'if-none-match': '"other", "another"' } })).statusCode).toBe(200)
  })

  it('makes weak tags with etag: { weak: true }', async () => {
    const server = await app({ weak: true })
    const etag = (await server.inject({ url: '/items/1' })).headers.etag as string
    expect(etag).toMatch(/^W\/"/)
    expect((await server.inject({ url: '/items/1', headers: { 'if-none-match': etag } })).statusCode).toBe(304)
  })

  it('answers 304 to GET and HEAD only, and only for a 2xx', async () => {
    const server = await app()
    const etag = (await server.inject({ url: '/items/1' })).headers.etag as string
    expect((await server.inject({ method: 'HEAD', url: '/items/1', headers: { 'if-none-match': etag } })).statusCode).toBe(304)
    const post = await server.inject({ method: 'POST', url: '/items', headers: { 'if-none-match': '*' } })
    expect(post.statusCode).toBe(200)
    expect(post.json()).toEqual({ id: 3 })
    const invalid = await server.inject({ url: '/items/abc', headers: { 'if-none-match': '*' } })
    expect(invalid.statusCode).toBe(422)
    const missing = await server.inject({ url: '/nothing', headers: { 'if-none-match': '*' } })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ detail: 'Not Found' })
  })

  it('keeps a route\'s own ETag and answers it 304, with or without generated tags', async () => {
    for (const etag of [true, false]) {
      const server = await app(etag)
      const res = await server.inject({ url: '/own' })
      expect(res.headers.etag).toBe('"v42"')
      expect((await server.inject({ url: '/own', headers: { 'if-none-match': '"v42"' } })).statusCode).toBe(304)
    }
  })

  it('makes no ETag without the etag option', async () => {
    const server = await app(false)
    expect((await server.inject({ url: '/items/1' })).headers.etag).toBeUndefined()
  })
})

describe('a conditional GET over HTTP', () => {
  it('is answered 304 with no body to a client on a socket', async () => {
    const server = await app()
    await server.listen({ port: 0, host: '127.0.0.1' })
    const { port } = server.server.address() as { port: number }
    const first = await fetch(`http://127.0.0.1:${port}/items/1`)
    const etag = first.headers.get('etag') as string
    expect(await first.json()).toEqual({ id: 1, name: 'Plumbus' })

    const again = await fetch(`http://127.0.0.1:${port}/items/1`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(etag)
  })
})
