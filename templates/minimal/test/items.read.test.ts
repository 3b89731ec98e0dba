import { expect, it } from 'vitest'
import { buildTestApp, buildTestClient, FOO } from './helpers.js'

it('reads an item by its id, a path parameter coerced to an integer', async () => {
  const client = await buildTestClient()
  const { status, data, error } = await client.GET('/items/{item_id}', { params: { path: { item_id: 1 } } })
  expect(status, JSON.stringify(error)).toBe(200)
  expect(data).toEqual(FOO)
})

it('answers an unknown id with HTTPException(404) and its header', async () => {
  const client = await buildTestClient()
  const { status, error, response } = await client.GET('/items/{item_id}', { params: { path: { item_id: 99 } } })
  expect(status).toBe(404)
  expect(error).toEqual({ detail: 'Item not found' })
  expect(response.headers.get('x-error')).toBe('There goes my error')
})

it('answers an id that is not an integer with FastAPI\'s 422', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/items/foo')
  expect(res.statusCode, res.body).toBe(422)
  expect(res.json()).toEqual({
    detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
  })
})
