import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

describe('an HTTP middleware answering with a response of its own', () => {
  it('answers before the route, which never runs', async () => {
    const app = await buildApp()
    let routeRan = false
    app.middleware('http', async (request, callNext) => {
      if (request.headers['x-maintenance'] === 'on') return new JSONResponse({ detail: 'Down for maintenance' }, { status: 503, headers: { 'Retry-After': '120' } })
      return callNext(request)
    })
    app.api.post('/orders', () => { routeRan = true; return { ok: true } })

    const res = await app.inject({ method: 'POST', url: '/orders', headers: { 'x-maintenance': 'on' }, payload: { big: 'body' } })
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toEqual({ detail: 'Down for maintenance' })
    expect(res.headers['retry-after']).toBe('120')
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(routeRan).toBe(false)

    const open = await app.inject({ method: 'POST', url: '/orders', payload: {} })
    expect(open.json()).toEqual({ ok: true })
    expect(routeRan).toBe(true)
  })

  it('replaces the route\'s response after callNext (Starlette\'s test_fully_evaluated_response)', async () => {
    const app = await buildApp()
    app.middleware('http', async (request, callNext) => {
      await callNext(request)
      return new PlainTextResponse('Custom')
    })

    const res = await app.inject('/does_not_exist')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('Custom')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.headers['content-length']).toBe('6')
  })

  it('replaces the body, the status and what described the body; other headers stay under its own', async () => {
    const app = await buildApp()
    // Another plugin's header, set before any middleware runs (as CORS or a request id are).
    app.addHook('onRequest', async (_request, reply) => { reply.header('x-request-id', 'abc') })
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      if (request.headers['x-legacy'] === undefined) return response
      response.headers.delete('x-version')
      return new JSONResponse({ detail: 'Use the CSV' }, { status: 410, headers: { 'x-handled-by': 'middleware' } })
    })
    app.get('/report', async (_request, reply) => reply.header('etag', '"v1"').header('cache-control', 'no-store').header('x-version', '2').type('text/csv').send('a,b\n'))

    const res = await app.inject({ url: '/report', headers: { 'x-legacy': '1' } })
    expect(res.statusCode, res.body).toBe(410)
    expect(res.json()).toEqual({ detail: 'Use the CSV' })
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['content-length']).toBe(String(res.rawPayload.length))
    expect(res.headers.etag).toBeUndefined()
    expect(res.headers['x-handled-by']).toBe('middleware')
    expect(res.headers['x-request-id']).toBe('abc')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['x-version']).toBeUndefined()

    const csv = await app.inject('/report')
    expect(csv.body).toBe('a,b\n')
    expect(csv.headers.etag).toBe('"v1"')
    expect(csv.headers['content-type']).toBe('text/csv')
  })

  it('answers with any response class: a redirect, a file, a stream, a bare Response', async () => {
    const app = await buildApp()
    const folder = mkdtempSync(join(tmpdir(), 'mw-file-'))
    writeFileSync(join(folder, 'report.csv'), 'id,total\n1,42\n')
    app.middleware('http', async (request, callNext) => {
      switch (request.url) {
        case '/old': return new RedirectResponse('/new')
        case '/report': return new FileResponse(join(folder, 'report.csv'), { filename: 'report.csv' })
        case '/stream': return new StreamingResponse((async function * () { yield 'one,'; yield 'two' })(), { mediaType: 'text/plain' })
        case '/xml': return new Response('<shampoo/>', { mediaType: 'application/xml', status: 202 })
        default: return callNext(request)
      }
    })

    const redirect = await app.inject('/old')
    expect(redirect.statusCode).toBe(307)
    expect(redirect.headers.location).toBe('/new')
    expect(redirect.body).toBe('')

    const file = await app.inject('/report')
    expect(file.statusCode, file.body).toBe(200)
    expect(file.body).toBe('id,total\n1,42\n')
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(file.headers['content-disposition']).toBe('attachment; filename="report.csv"')
    expect(file.headers.etag).toEqual(expect.any(String))

    const stream = await app.inject('/stream')
    expect(stream.body).toBe('one,two')
    expect(stream.headers['content-type']).toBe('text/plain; charset=utf-8')

    const xml = await app.inject('/xml')
    expect(xml.statusCode).toBe(202)
    expect(xml.body).toBe('<shampoo/>')
    expect(xml.headers['content-type']).toBe('application/xml')
  })

  it('answered by an inner middleware, reaches the outer ones as a response they can change', async () => {
    const app = await buildApp()
    app.middleware('http', async () => new PlainTextResponse('from inner', { status: 401, headers: { 'www-authenticate': 'Bearer' } }))
    app.middleware('http', async (request, callNext) => {
      const response = await callNext(request)
      response.headers.set('x-outer', String(response.status))
      expect(await response.text()).toBe('from inner')
      return response
    })
    app.get('/', async () => 'route')

    const res = await app.inject('/')
    expect(res.statusCode).toBe(401)
    expect(res.body).toBe('from inner')
    expect(res.headers['www-authenticate']).toBe('Bearer')
    expect(res.headers['x-outer']).toBe('401')
  })

  it('closes the route\'s stream it replaces, so that a file or a cursor is let go', async () => {
    const app = await buildApp()
    const rows = new Readable({ read () { this.push('row\n') } })
    app.api.get('/export', () => new StreamingResponse(rows))
    app.middleware('http', async (request, callNext) => {
      await callNext(request)
      return new JSONResponse({ detail: 'Exports are paused' }, { status: 503 })
    })

    const res = await app.inject('/export')
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toEqual({ detail: 'Exports are paused' })
    expect(rows.destroyed).toBe(true)
  })
})
