// Starlette's GZipMiddleware on whole bodies (tests/middleware/test_gzip.py), as Starlette
// 1.7.0 answers: a body of minimumSize bytes or more is gzipped when the client takes gzip,
// with Content-Encoding, the compressed Content-Length and `Vary: Accept-Encoding`; a smaller
// one is sent as it is, without Vary; a client that takes no gzip gets the body as it is,
// still with Vary (the answer depended on its Accept-Encoding).
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { GZipMiddleware } from 'fastify-fastapi/middleware'
import { appWith } from './helpers/middleware.js'

const text = (size: number, first = 'x') => first + 'x'.repeat(size - first.length)

async function gzipApp (options: Parameters<typeof GZipMiddleware>[1] = {}) {
  const app = await appWith(GZipMiddleware, options)
  app.get('/text/:size', async (request, reply) => reply.type('text/plain; charset=utf-8').send(text(Number((request.params as { size: string }).size))))
  app.get('/starts-like-zlib', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(text(4000, 'HK')))
  app.get('/json', async () => ({ items: Array.from({ length: 200 }, (_, index) => ({ id: index, name: `Item ${index}` })) }))
  return app
}

describe('GZipMiddleware on whole bodies', () => {
  it('gzips a body of 500 bytes or more, with its compressed length and Vary (test_gzip_responses)', async () => {
    const app = await gzipApp()
    const res = await app.inject({ url: '/text/4000', headers: { 'accept-encoding': 'gzip' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers.vary).toBe('Accept-Encoding')
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length)
    expect(res.rawPayload.length).toBeLessThan(100)
    expect(gunzipSync(res.rawPayload).toString()).toBe(text(4000))

    const exact = await app.inject({ url: '/text/500', headers: { 'accept-encoding': 'gzip' } })
    expect(exact.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(exact.rawPayload).toString()).toBe(text(500))
  })

  it('gzips a route\'s JSON, which the client reads back whole', async () => {
    const app = await gzipApp()
    const res = await app.inject({ url: '/json', headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(gunzipSync(res.rawPayload).toString()).items).toHaveLength(200)
  })

  it('sends a body under minimumSize as it is, without Vary (test_gzip_not_in_accept_encoding, minimum_size)', async () => {
    const app = await gzipApp()
    const res = await app.inject({ url: '/text/499', headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers.vary).toBeUndefined()
    expect(res.headers['content-length']).toBe('499')
    expect(res.body).toBe(text(499))
  })

  it('measures minimumSize in bytes, not characters', async () => {
    const app = await appWith(GZipMiddleware, {})
    app.get('/accents/:count', async (request, reply) => reply.type('text/plain; charset=utf-8').send('é'.repeat(Number((request.params as { count: string }).count))))
    // 250 characters of 2 bytes each: 500 bytes, compressed; 249 of them, 498 bytes, not.
    const at = await app.inject({ url: '/accents/250', headers: { 'accept-encoding': 'gzip' } })
    expect(at.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(at.rawPayload).toString()).toBe('é'.repeat(250))
    const under = await app.inject({ url: '/accents/249', headers: { 'accept-encoding': 'gzip' } })
    expect(under.headers['content-encoding']).toBeUndefined()
    expect(under.body).toBe('é'.repeat(249))
  })

  it('takes minimumSize: 1000 and compressLevel from the options', async () => {
    const app = await gzipApp({ minimumSize: 1000, compressLevel: 1 })
    expect((await app.inject({ url: '/text/999', headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding']).toBeUndefined()
    const fast = await app.inject({ url: '/json', headers: { 'accept-encoding': 'gzip' } })
    const best = await (await gzipApp()).inject({ url: '/json', headers: { 'accept-encoding': 'gzip' } })
    expect(fast.headers['content-encoding']).toBe('gzip')
    const plain = gunzipSync(fast.rawPayload)
    expect(plain.toString()).toBe(gunzipSync(best.rawPayload).toString())
    // zlib's own output at each level: 1 asked, Starlette's 9 by default.
    expect(fast.rawPayload.equals(gzipSync(plain, { level: 1 }))).toBe(true)
    expect(best.rawPayload.equals(gzipSync(plain, { level: 9 }))).toBe(true)
  })

  it('sends the body as it is, with Vary, to a client that takes no gzip (identity, br only, none)', async () => {
    const app = await gzipApp()
    for (const headers of [{ 'accept-encoding': 'identity' }, { 'accept-encoding': 'br' }, {}]) {
      const res = await app.inject({ url: '/text/4000', headers })
      expect(res.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined()
      expect(res.headers.vary).toBe('Accept-Encoding')
      expect(res.body).toBe(text(4000))
    }
  })

  it('honours a refusal of gzip (q=0), and takes x-gzip and * for gzip', async () => {
    const app = await gzipApp()
    const refused = await app.inject({ url: '/text/4000', headers: { 'accept-encoding': 'gzip;q=0, identity' } })
    expect(refused.headers['content-encoding']).toBeUndefined()
    expect(refused.headers.vary).toBe('Accept-Encoding')
    for (const accept of ['x-gzip', '*', 'br;q=1.0, *;q=0.5', 'GZIP']) {
      const res = await app.inject({ url: '/text/4000', headers: { 'accept-encoding': accept } })
      expect(res.headers['content-encoding'], accept).toBe('gzip')
    }
    expect((await app.inject({ url: '/text/4000', headers: { 'accept-encoding': '*;q=0' } })).headers['content-encoding']).toBeUndefined()
  })

  it('really gzips a body whose first bytes look like a zlib header (@fastify/compress sends those as they are, labelled gzip)', async () => {
    const app = await gzipApp()
    const res = await app.inject({ url: '/starts-like-zlib', headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(res.rawPayload).toString()).toBe(text(4000, 'HK'))
  })

  it('compresses a body of threadMinimumSize or more on the thread pool, to the same bytes', async () => {
    const app = await gzipApp({ threadMinimumSize: 1024 })
    const res = await app.inject({ url: '/text/200000', headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length)
    expect(gunzipSync(res.rawPayload).toString()).toBe(text(200000))
  })

  it('adds Accept-Encoding to the route\'s own Vary', async () => {
    const app = await appWith(GZipMiddleware, {})
    app.get('/varied', async (_request, reply) => reply.type('text/plain').header('vary', 'Origin').send(text(4000)))
    const res = await app.inject({ url: '/varied', headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers.vary).toBe('Origin, Accept-Encoding')
  })
})
