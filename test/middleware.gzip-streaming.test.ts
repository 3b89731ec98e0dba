// Starlette's GZipMiddleware on streams, over real HTTP: a StreamingResponse or a JSON Lines
// route is gzipped chunk by chunk, each chunk flushed as it comes (the client reads the first
// item while the route is still producing the next), with no Content-Length; server-sent
// events (text/event-stream) are never compressed, so each event reaches the browser at once.
import http from 'node:http'
import { createGunzip } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { EventSourceResponse, StreamingResponse } from 'fastify-fastapi'
import { GZipMiddleware } from 'fastify-fastapi/middleware'
import { deferred } from './helpers/deferred.js'
import { appWith } from './helpers/middleware.js'
import { listen } from './helpers/raw-http.js'

interface Opened { headers: http.IncomingHttpHeaders, next: () => Promise<string>, rest: () => Promise<string> }

/** A GET with `Accept-Encoding: gzip`, its body read (gunzipped when gzipped) piece by piece as it arrives. */
function open (port: number, path: string): Promise<Opened> {
  return new Promise((resolve, reject) => {
    http.get({ port, host: '127.0.0.1', path, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res
      body.setEncoding('utf8')
      const pieces: string[] = []
      let waiting: ((piece: string) => void) | undefined
      body.on('data', (piece: string) => {
        if (waiting === undefined) pieces.push(piece)
        else { waiting(piece); waiting = undefined }
      })
      const ended = new Promise<void>((done) => body.on('end', done))
      resolve({
        headers: res.headers,
        next: () => pieces.length > 0 ? Promise.resolve(pieces.shift() as string) : new Promise((got) => { waiting = got }),
        rest: async () => { await ended; return pieces.splice(0).join('') },
      })
    }).on('error', reject)
  })
}

describe('GZipMiddleware on streams', () => {
  it('gzips a StreamingResponse chunk by chunk: the first chunk arrives before the next is made', async () => {
    const app = await appWith(GZipMiddleware, {})
    const secondMayGo = deferred()
    app.api.get('/stream', { responseClass: StreamingResponse }, async function * () {
      yield 'first chunk;'
      await secondMayGo.promise
      yield 'second chunk'
    })
    const port = await listen(app)

    const res = await open(port, '/stream')
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers.vary).toBe('Accept-Encoding')
    expect(res.headers['content-length']).toBeUndefined()
    // Only flushed chunks can be read now: the route waits for this test.
    expect(await res.next()).toBe('first chunk;')
    secondMayGo.resolve()
    expect(await res.rest()).toBe('second chunk')
  })

  it('gzips a JSON Lines route item by item, even a small one (a stream has no size to compare)', async () => {
    const app = await appWith(GZipMiddleware, {})
    const lastMayGo = deferred()
    app.api.get('/items', { response: z.object({ id: z.number() }) }, async function * () {
      yield { id: 1 }
      await lastMayGo.promise
      yield { id: 2 }
    })
    const port = await listen(app)

    const res = await open(port, '/items')
    expect(res.headers['content-type']).toBe('application/jsonl')
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(await res.next()).toBe('{"id":1}\n')
    lastMayGo.resolve()
    expect(await res.rest()).toBe('{"id":2}\n')
  })

  it('never compresses server-sent events: each event arrives as it is sent (Starlette #2871)', async () => {
    const app = await appWith(GZipMiddleware, {})
    const lastMayGo = deferred()
    app.api.get('/events', { responseClass: EventSourceResponse }, async function * () {
      yield 'x'.repeat(600)
      await lastMayGo.promise
      yield 'done'
    })
    const port = await listen(app)

    const res = await open(port, '/events')
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers.vary).toBeUndefined()
    expect(await res.next()).toBe(`data: "${'x'.repeat(600)}"\n\n`)
    lastMayGo.resolve()
    expect(await res.rest()).toBe('data: "done"\n\n')
  })

  it('sends a stream as it is, with Vary, to a client that takes no gzip', async () => {
    const app = await appWith(GZipMiddleware, {})
    app.api.get('/stream', { responseClass: StreamingResponse }, async function * () { yield 'plain' })
    const res = await app.inject({ url: '/stream', headers: { 'accept-encoding': 'identity' } })
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers.vary).toBe('Accept-Encoding')
    expect(res.body).toBe('plain')
  })
})
