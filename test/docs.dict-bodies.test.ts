// FastAPI's "Bodies of arbitrary dicts" (body_nested_models, tutorial009): a dict body is
// documented inline, not as a component.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

it('documents `weights: dict[int, float]` inline as an object of numbers', async () => {
  const app = await buildApp()
  app.api.post('/index-weights/', {
    body: z.record(z.int(), z.number()).meta({ title: 'Weights' }),
  }, async function create_index_weights ({ body }) { return body })

  const res = await app.inject({ method: 'POST', url: '/index-weights/', payload: { 2: 2.2, 3: 3.3 } })
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json()).toEqual({ 2: 2.2, 3: 3.3 })
  const document = (await app.inject('/openapi.json')).json()
  expect(document.paths['/index-weights/'].post.requestBody).toEqual({
    content: { 'application/json': { schema: { type: 'object', additionalProperties: { type: 'number' }, title: 'Weights' } } },
    required: true,
  })
  expect(Object.keys(document.components.schemas).sort()).toEqual(['HTTPValidationError', 'ValidationError'])
})

it('titles an untitled dict or list body "Body", as FastAPI titles a body param by its name', async () => {
  const Image = z.object({ url: z.string(), name: z.string() }).meta({ id: 'Image' })
  const app = await buildApp()
  app.api.post('/prices/', { body: z.record(z.string(), z.number()) }, async function set_prices ({ body }) { return body })
  app.api.post('/images/multiple/', { body: z.array(Image) }, async function create_multiple_images ({ body }) { return body })

  const paths = (await app.inject('/openapi.json')).json().paths
  expect(paths['/prices/'].post.requestBody.content['application/json'].schema).toEqual({ type: 'object', additionalProperties: { type: 'number' }, title: 'Body' })
  expect(paths['/images/multiple/'].post.requestBody.content['application/json'].schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Image' }, title: 'Body' })
})
