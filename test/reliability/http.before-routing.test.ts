import Fastify, { type FastifyServerOptions } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi, fastapiServerOptions, type FastAPIOptions } from 'fastify-fastapi'
import { listen, rawRequest } from '../helpers/raw-http.js'

async function shop (options: FastAPIOptions = {}, server: FastifyServerOptions = {}) {
  const app = Fastify({ ...fastapiServerOptions(), ...server })
  onTestFinished(() => app.close())
  await app.register(fastapi, options)
  app.api.get('/items/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => params)
  app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ body }) => body)
  return listen(app)
}

const request = (head: string) => `${head}\r\nHost: shop.example\r\nConnection: close\r\n\r\n`

describe('Errors raised before a route runs, with fastapiServerOptions()', () => {
  it('answers a malformed URL (/items/%zz) with 400 in the error format', async () => {
    const port = await shop()

    const res = await rawRequest(port, [request('GET /items/%zz HTTP/1.1')])
    expect(res.status, res.body).toBe(400)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(res.body)).toEqual({ detail: "'/items/%zz' is not a valid url component" })
  })

  it('answers a path param longer than maxParamLength with 414 in the error format', async () => {
    const port = await shop({}, { routerOptions: { maxParamLength: 10 } })

    const res = await rawRequest(port, [request(`GET /items/${'a'.repeat(11)} HTTP/1.1`)])
    expect(res.status, res.body).toBe(414)
    expect(JSON.parse(res.body)).toEqual({ detail: `'/items/${'a'.repeat(11)}' is exceeding the max param length` })
  })

  it('answers a 100 KB URL with 431 in the error format', async () => {
    const port = await shop()

    const res = await rawRequest(port, [request(`GET /items/${'a'.repeat(100_000)} HTTP/1.1`)])
    expect(res.status, res.body).toBe(431)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(res.body)).toEqual({ detail: 'Request Header Fields Too Large' })
    expect(res.headers.connection).toBe('close')
  })

  it('answers a 64 KB header with 431 in the error format', async () => {
    const port = await shop()

    const res = await rawRequest(port, [request(`GET /items/1 HTTP/1.1\r\nX-Padding: ${'a'.repeat(64_000)}`)])
    expect(res.status, res.body).toBe(431)
    expect(JSON.parse(res.body)).toEqual({ detail: 'Request Header Fields Too Large' })
  })

  it('answers an unknown method with 400 in the error format, in the words of uvicorn', async () => {
    const port = await shop()

    const res = await rawRequest(port, [request('BREW /items/1 HTTP/1.1')])
    expect(res.status, res.body).toBe(400)
    expect(JSON.parse(res.body)).toEqual({ detail: 'Invalid HTTP request received.' })
  })

  it.each([
    ['Content-Length with Transfer-Encoding', 'POST /items/ HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG'],
    ['two different Content-Lengths', 'POST /items/ HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 6\r\nContent-Length: 5\r\n\r\n{"a":1}'],
    ['a space before the colon of Transfer-Encoding', 'POST /items/ HTTP/1.1\r\nHost: shop.example\r\nTransfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n'],
  ])('answers a request smuggling attempt (%s) with 400 in the error format and closes the connection', async (_, raw) => {
    const port = await shop()

    const res = await rawRequest(port, [raw])
    expect(res.status, res.body).toBe(400)
    expect(JSON.parse(res.body)).toEqual({ detail: 'Invalid HTTP request received.' })
    expect(res.headers.connection).toBe('close')
  })

  it("answers in the app's error format: RFC 9457 with format 'problem'", async () => {
    const port = await shop({ errors: { format: 'problem' } })

    const badUrl = await rawRequest(port, [request('GET /items/%zz HTTP/1.1')])
    expect(badUrl.status, badUrl.body).toBe(400)
    expect(badUrl.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(JSON.parse(badUrl.body)).toEqual({
      type: 'about:blank', title: 'Bad Request', status: 400, detail: "'/items/%zz' is not a valid url component", instance: '/items/%zz',
    })

    const badMethod = await rawRequest(port, [request('BREW /items/1 HTTP/1.1')])
    expect(badMethod.status, badMethod.body).toBe(400)
    expect(badMethod.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(JSON.parse(badMethod.body)).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid HTTP request received.' })
  })
})
