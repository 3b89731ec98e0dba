// What Starlette's GZipMiddleware leaves as it is, Vary included (Starlette 1.7.0): a body
// with a Content-Encoding of its own, a partial (206) response, types that are compressed
// already or streamed event by event (images, audio, video, fonts, archives,
// text/event-stream), a body-less answer.
import { describe, expect, it } from 'vitest'
import { GZipMiddleware } from 'fastify-fastapi/middleware'
import { appWith } from './helpers/middleware.js'

const BODY = 'x'.repeat(4000)
const gzipped = { 'accept-encoding': 'gzip' }

describe('GZipMiddleware leaves alone', () => {
  it('a body that has a Content-Encoding already (test_gzip_ignored_for_responses_with_encoding_set)', async () => {
    const app = await appWith(GZipMiddleware, {})
    app.get('/encoded', async (_request, reply) => reply.header('content-encoding', 'text').send(BODY))
    const res = await app.inject({ url: '/encoded', headers: gzipped })
    expect(res.headers['content-encoding']).toBe('text')
    expect(res.headers.vary).toBeUndefined()
    expect(res.body).toBe(BODY)
  })

  it('a partial response, whose range is of the plain bytes (test_gzip_ignored_on_partial_responses)', async () => {
    const app = await appWith(GZipMiddleware, {})
    app.get('/range', async (_request, reply) => reply.code(206).header('content-range', 'bytes 0-3999/8000').type('text/plain').send(BODY))
    const res = await app.inject({ url: '/range', headers: gzipped })
    expect(res.statusCode).toBe(206)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body).toBe(BODY)
  })

  it.each(['image/png', 'image/jpeg', 'video/mp4', 'audio/ogg', 'font/woff2', 'application/zip', 'text/event-stream; charset=utf-8'])('a body of type %s (Starlette\'s excluded types)', async (type) => {
    const app = await appWith(GZipMiddleware, {})
    app.get('/typed', async (_request, reply) => reply.type(type).send(Buffer.from(BODY)))
    const res = await app.inject({ url: '/typed', headers: gzipped })
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers.vary).toBeUndefined()
    expect(res.rawPayload.length).toBe(4000)
  })

  it('each type the same way every time, past the 64 it remembers too', async () => {
    const app = await appWith(GZipMiddleware, {})
    app.get('/typed/:type', async (request, reply) => reply.type(decodeURIComponent((request.params as { type: string }).type)).send(Buffer.from(BODY)))
    // 70 types an app sends, then the first ones and an excluded one again.
    const types = Array.from({ length: 70 }, (_, index) => `application/x-kind-${index}`)
    for (const type of [...types, 'video/mp4', types[0], 'VIDEO/webm; q=1', types[69], 'video/mp4']) {
      const res = await app.inject({ url: `/typed/${encodeURIComponent(type as string)}`, headers: gzipped })
      expect(res.headers['content-encoding'], type).toBe((type as string).toLowerCase().startsWith('video/') ? undefined : 'gzip')
    }
  })

  it('the types of excludeContentTypes, in place of Starlette\'s list', async () => {
    const app = await appWith(GZipMiddleware, { excludeContentTypes: ['application/pdf', 'text/*'] })
    app.get('/pdf', async (_request, reply) => reply.type('application/pdf').send(Buffer.from(BODY)))
    app.get('/csv', async (_request, reply) => reply.type('text/csv').send(BODY))
    app.get('/png', async (_request, reply) => reply.type('image/png').send(Buffer.from(BODY)))
    expect((await app.inject({ url: '/pdf', headers: gzipped })).headers['content-encoding']).toBeUndefined()
    expect((await app.inject({ url: '/csv', headers: gzipped })).headers['content-encoding']).toBeUndefined()
    // The list replaces Starlette's: PNG is compressed now.
    expect((await app.inject({ url: '/png', headers: gzipped })).headers['content-encoding']).toBe('gzip')
  })

  it('an answer without a body (204)', async () => {
    const app = await appWith(GZipMiddleware, {})
    app.delete('/items/1', async (_request, reply) => reply.code(204).send())
    const res = await app.inject({ method: 'DELETE', url: '/items/1', headers: gzipped })
    expect(res.statusCode).toBe(204)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.rawPayload.length).toBe(0)
  })

  it('the small error answers: a 404 stays FastAPI\'s JSON', async () => {
    const app = await appWith(GZipMiddleware, {})
    const res = await app.inject({ url: '/nope', headers: gzipped })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })
})
