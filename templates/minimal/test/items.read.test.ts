import { expect, it } from 'vitest'
import { buildTestApp, FOO } from './helpers.js'

it('reads an item by its id, a path parameter coerced to an integer', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/items/1')
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json()).toEqual(FOO)
})

it('answers an unknown id with HTTPException(404) and its header', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/items/99')
  expect(res.statusCode, res.body).toBe(404)
  expect(res.json()).toEqual({ detail: 'Item not found' })
  expect(res.headers['x-error']).toBe('There goes my error')
})

it('answers an id that is not an integer with FastAPI\'s 422', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/items/foo')
  expect(res.statusCode, res.body).toBe(422)
  expect(res.json()).toEqual({
    detail: [{ type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' }],
  })
})
