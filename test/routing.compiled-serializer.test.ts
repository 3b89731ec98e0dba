import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { HTMLResponse, JSONResponse } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// The response classes sit beside the JSON path, not in it: a plain JSON route's valid value is
// checked by Ajv and written by fast-json-stringify, and zod never runs (it only judges a value
// Ajv refuses).
describe('the compiled serializer of plain JSON routes', () => {
  it('sends a valid value without running zod, on a route with no responseClass or with JSONResponse', async () => {
    const Item = z.object({ name: z.string(), price: z.number() })
    const zodRuns = vi.spyOn(Item._zod, 'run')
    const app = await buildApp()
    app.api.get('/item', { response: Item }, () => ({ name: 'Foo', price: 1.5, secret: 'x' }))
    app.api.get('/json-class', { response: Item, responseClass: JSONResponse }, () => ({ name: 'Foo', price: 1.5, secret: 'x' }))
    app.api.get('/page', { responseClass: HTMLResponse }, () => '<p>beside it</p>')

    for (const url of ['/item', '/json-class']) {
      const res = await app.inject(url)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.body).toBe('{"name":"Foo","price":1.5}')
    }
    expect((await app.inject('/page')).body).toBe('<p>beside it</p>')
    expect(zodRuns).not.toHaveBeenCalled()
  })
})
