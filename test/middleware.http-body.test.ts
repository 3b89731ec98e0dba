import { request as httpRequest } from 'node:http'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { PlainTextResponse, StreamingResponse } from 'fastify-fastapi'
import { deferred } from './helpers/deferred.js'
import { buildApp } from './helpers/app.js'

describe('the response an HTTP middleware gets from callNext', () => {
  it('reads and changes the status, the headers and the body', async () => {
    const app = await buildApp()
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      expect(response.status).toBe(201)
      expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8')
      expect(response.headers.has('x-route')).toBe(true)
      const item = await response.json() as { name: string }
      response.status = 200
      response.headers.delete('x-route')
      response.headers.set('X-Renamed', 'yes')
      response.setBody(JSON.stringify({ ...item, name: item.name.toUpperCase() }))
      return response
    })
    app.api.post('/items', { body: z.object({ name: z.string() }), status: 201 }, ({ body, reply }) => {
      reply.header('x-route', '1')
      return body
    })

    const res = await app.inject({ method: 'POST', url: '/items', payload: { name: 'hammer' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: 'HAMMER' })
    expect(res.headers['x-route']).toBeUndefined()
    expect(res.headers['x-renamed']).toBe('yes')
    // Fastify measured the new body.
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength('{"name":"HAMMER"}')))
  })

  it('reads a streamed body to its end when asked, and sends the bytes it read', async () => {
    const app = await buildApp()
    app.api.get('/numbers', () => new StreamingResponse((async function * () { yield 'one '; yield 'two '; yield 'three' })(), { mediaType: 'text/plain' }))
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      const text = await response.text()
      response.headers.set('x-words', String(text.split(' ').length))
      return response
    })

    const res = await app.inject('/numbers')
    expect(res.body).toBe('one two three')
    expect(res.headers['x-words']).toBe('3')
    expect(res.headers['content-length']).toBe('13')
  })

  it('passes a stream on as a stream when only its headers are touched: the first chunk arrives before the last is made', async () => {
    const app = await buildApp()
    const firstChunkSeen = deferred()
    app.api.get('/events', () => new StreamingResponse((async function * () {
      yield 'first\n'
      await firstChunkSeen.promise
      yield 'last\n'
    })(), { mediaType: 'text/plain' }))
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      response.headers.set('x-streamed', 'yes')
      return response
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }

    const { headers, body } = await new Promise<{ headers: Record<string, unknown>, body: string }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: '/events' }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
          // The route waits for this before it makes the last chunk: a buffered body would never come.
          if (body === 'first\n') firstChunkSeen.resolve()
        })
        res.on('end', () => resolve({ headers: res.headers, body }))
      }).on('error', reject).end()
    })
    expect(body).toBe('first\nlast\n')
    expect(headers['x-streamed']).toBe('yes')
    expect(headers['transfer-encoding']).toBe('chunked')
  })

  it('sends bytes given as a Uint8Array, set or in a response of its own', async () => {
    const app = await buildApp()
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      if (request.url === '/set') response.setBody(new TextEncoder().encode('set bytes'))
      if (request.url === '/own') return new PlainTextResponse(new TextEncoder().encode('own bytes'))
      return response
    })
    app.get('/set', async () => 'route')
    app.get('/own', async () => 'route')

    const set = await app.inject('/set')
    expect(set.body).toBe('set bytes')
    expect(set.headers['content-length']).toBe('9')
    const own = await app.inject('/own')
    expect(own.body).toBe('own bytes')
    expect(own.headers['content-type']).toBe('text/plain; charset=utf-8')
  })

  it('reads the body before the app\'s gzip middleware compresses it', async () => {
    const app = await buildApp({ gzip: { minimumSize: 10 } })
    const report = 'line of a report\n'.repeat(50)
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      response.headers.set('x-seen', `${(await response.text()) === report} ${response.headers.get('content-encoding') ?? 'plain'}`)
      return response
    })
    app.get('/report', async () => report)

    const res = await app.inject({ url: '/report', headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers['x-seen']).toBe('true plain')
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(res.rawPayload).toString()).toBe(report)
  })

  it('sends a body it sets as given, without the Content-Encoding of the body it replaced', async () => {
    const app = await buildApp()
    // An app-wide compressor that runs before the middleware's code after callNext.
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-encoding', 'gzip')
      return gzipSync(String(payload))
    })
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      response.setBody('replaced')
      return response
    })
    app.get('/', async () => 'route')

    const res = await app.inject('/')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body).toBe('replaced')
  })

  it('reads an empty body as no bytes', async () => {
    const app = await buildApp()
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      response.headers.set('x-length', String((await response.body()).length))
      return response
    })
    app.get('/empty', async (_request, reply) => reply.code(204).send())

    const res = await app.inject('/empty')
    expect(res.statusCode).toBe(204)
    expect(res.headers['x-length']).toBe('0')
  })

  it('gives each Set-Cookie on its own, and sets or appends headers as Starlette\'s MutableHeaders', async () => {
    const app = await buildApp()
    app.get('/login', async (_request, reply) => reply.header('set-cookie', 'a=1').header('set-cookie', 'b=2').header('vary', 'Accept').send('ok'))
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
      response.headers.append('Set-Cookie', 'c=3')
      response.headers.append('Vary', 'Origin')
      expect(Object.fromEntries(response.headers)).toMatchObject({ vary: 'Accept, Origin', 'set-cookie': 'a=1, b=2, c=3' })
      return response
    })

    const res = await app.inject('/login')
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2', 'c=3'])
    expect(res.headers.vary).toBe('Accept, Origin')
  })
})
