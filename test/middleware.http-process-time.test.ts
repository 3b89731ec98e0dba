import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { HTTPMiddleware } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's middleware tutorial:
//
//   @app.middleware("http")
//   async def add_process_time_header(request: Request, call_next):
//       start_time = time.perf_counter()
//       response = await call_next(request)
//       process_time = time.perf_counter() - start_time
//       response.headers["X-Process-Time"] = str(process_time)
//       return response
const addProcessTimeHeader: HTTPMiddleware = async (request, callNext) => {
  const startTime = performance.now()
  const response = await callNext(request)
  const processTime = (performance.now() - startTime) / 1000
  response.headers.set('X-Process-Time', String(processTime))
  return response
}

const SECONDS = /^\d+(\.\d+)?(e-\d+)?$/

async function tutorialApp () {
  const app = await buildApp()
  app.middleware('http', addProcessTimeHeader)
  app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, async ({ params }) => {
    await new Promise((resolve) => setTimeout(resolve, 20))
    return { item_id: params.item_id }
  })
  app.get('/plain', async () => ({ plain: true }))
  return app
}

describe('an HTTP middleware that adds X-Process-Time (FastAPI tutorial)', () => {
  it('adds the seconds the route took to its response, over real HTTP', async () => {
    const app = await tutorialApp()
    const url = await app.listen({ port: 0, host: '127.0.0.1' })

    const res = await fetch(`${url}/items/5`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ item_id: 5 })
    const header = res.headers.get('x-process-time') ?? ''
    expect(header).toMatch(SECONDS)
    // The route waited 20 ms: the time covers it.
    expect(Number(header)).toBeGreaterThanOrEqual(0.015)
    expect(Number(header)).toBeLessThan(5)
  })

  it('adds it to the 404, 405 and 422 answers, which keep their bodies and headers', async () => {
    const app = await tutorialApp()

    const notFound = await app.inject('/nowhere')
    expect(notFound.statusCode, notFound.body).toBe(404)
    expect(notFound.json()).toEqual({ detail: 'Not Found' })
    expect(notFound.headers['x-process-time']).toMatch(SECONDS)

    const notAllowed = await app.inject({ method: 'DELETE', url: '/items/5' })
    expect(notAllowed.statusCode, notAllowed.body).toBe(405)
    expect(notAllowed.json()).toEqual({ detail: 'Method Not Allowed' })
    expect(notAllowed.headers.allow).toBe('GET, HEAD')
    expect(notAllowed.headers['x-process-time']).toMatch(SECONDS)

    const invalid = await app.inject('/items/abc')
    expect(invalid.statusCode, invalid.body).toBe(422)
    expect(invalid.json()).toMatchObject({ detail: [{ type: 'int_parsing', loc: ['path', 'item_id'] }] })
    expect(invalid.headers['x-process-time']).toMatch(SECONDS)
  })

  it('wraps a plain Fastify route beside the FastAPI-style ones', async () => {
    const app = await tutorialApp()

    const res = await app.inject('/plain')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ plain: true })
    expect(res.headers['x-process-time']).toMatch(SECONDS)
  })

  it('leaves the body as the route made it, length included', async () => {
    const app = await tutorialApp()

    const res = await app.inject('/items/7')
    expect(res.body).toBe('{"item_id":7}')
    expect(res.headers['content-length']).toBe(String(res.rawPayload.length))
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
  })
})
