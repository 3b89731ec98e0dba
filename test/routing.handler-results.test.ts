import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

const JSON_TYPE = 'application/json; charset=utf-8'

describe('handler results', () => {
  it.each([
    ['an object', { name: 'Foo', price: 1.5 }, '{"name":"Foo","price":1.5}'],
    ['an array', [1, 'two', { three: 3 }], '[1,"two",{"three":3}]'],
    ['a string, as a JSON string', 'hello', '"hello"'],
    ['a number', 42, '42'],
    ['a boolean', false, 'false'],
    ['null', null, 'null'],
    ['undefined, as null', undefined, 'null'],
  ])('sends %s as JSON', async (_name, value, body) => {
    const app = await buildApp()
    app.api.get('/value', () => value)

    const res = await app.inject('/value')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe(JSON_TYPE)
    expect(res.body).toBe(body)
  })

  it('awaits an async handler and calls a sync one as it is', async () => {
    const app = await buildApp()
    app.api.get('/async', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      return { mode: 'async' }
    })
    app.api.get('/sync', () => ({ mode: 'sync' }))

    expect((await app.inject('/async')).json()).toEqual({ mode: 'async' })
    expect((await app.inject('/sync')).json()).toEqual({ mode: 'sync' })
  })

  it("answers with the route's status (status: 201)", async () => {
    const app = await buildApp()
    app.api.post('/items/', { status: 201 }, () => ({ name: 'Foo' }))

    const res = await app.inject({ method: 'POST', url: '/items/' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ name: 'Foo' })
  })

  it('sends no body with status 204, whatever the handler returns', async () => {
    const app = await buildApp()
    app.api.delete('/items/{item_id}', { params: z.object({ item_id: z.string() }), status: 204 }, () => ({ deleted: true }))

    const res = await app.inject({ method: 'DELETE', url: '/items/1' })
    expect(res.statusCode, res.body).toBe(204)
    expect(res.body).toBe('')
    expect(res.headers['content-type']).toBeUndefined()
  })

  it('sends no body when the handler sets 304 on the reply', async () => {
    const app = await buildApp()
    app.api.get('/items/', ({ reply }) => {
      reply.code(304)
      return { stale: true }
    })

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(304)
    expect(res.body).toBe('')
  })

  it('lets the handler send with the reply and return it', async () => {
    const app = await buildApp()
    app.api.post('/jobs/', ({ reply }) => reply.code(202).header('location', '/jobs/1').send({ id: 1 }))

    const res = await app.inject({ method: 'POST', url: '/jobs/' })
    expect(res.statusCode, res.body).toBe(202)
    expect(res.headers.location).toBe('/jobs/1')
    expect(res.json()).toEqual({ id: 1 })
  })

  it('lets the handler send with the reply without returning it', async () => {
    const app = await buildApp()
    app.api.get('/text', ({ reply }) => {
      reply.type('text/plain').send('plain words')
    })

    const res = await app.inject('/text')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/plain')
    expect(res.body).toBe('plain words')
  })

  it('keeps headers the handler set on the reply and returns a value', async () => {
    const app = await buildApp()
    app.api.get('/items/', ({ reply }) => {
      reply.header('x-total-count', '2').code(206)
      return ['a', 'b']
    })

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(206)
    expect(res.headers['x-total-count']).toBe('2')
    expect(res.headers['content-type']).toBe(JSON_TYPE)
    expect(res.json()).toEqual(['a', 'b'])
  })

  it('sends a returned Buffer as raw bytes', async () => {
    const app = await buildApp()
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff])
    app.api.get('/image', () => bytes)

    const res = await app.inject('/image')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('application/octet-stream')
    expect(res.rawPayload.equals(bytes)).toBe(true)
  })

  it('sends a returned Buffer with the content type the handler set', async () => {
    const app = await buildApp()
    app.api.get('/report.csv', ({ reply }) => {
      reply.type('text/csv')
      return Buffer.from('a,b\n1,2\n')
    })

    const res = await app.inject('/report.csv')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv')
    expect(res.body).toBe('a,b\n1,2\n')
  })

  it('streams a returned stream', async () => {
    const app = await buildApp()
    app.api.get('/stream', ({ reply }) => {
      reply.type('text/plain')
      return Readable.from(['one ', 'two'])
    })

    const res = await app.inject('/stream')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('one two')
  })

  it('answers HEAD on a GET route with the headers and no body', async () => {
    const app = await buildApp()
    app.api.get('/items/', () => ({ name: 'Foo' }))

    const res = await app.inject({ method: 'HEAD', url: '/items/' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe(JSON_TYPE)
    expect(res.body).toBe('')
  })

  it('answers an error thrown by a sync handler like one from an async handler', async () => {
    const app = await buildApp()
    app.api.get('/sync', () => { throw new Error('database password is hunter2') })
    app.api.get('/async', async () => { throw new Error('database password is hunter2') })

    for (const url of ['/sync', '/async']) {
      const res = await app.inject(url)
      expect(res.statusCode, res.body).toBe(500)
      expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    }
  })
})
