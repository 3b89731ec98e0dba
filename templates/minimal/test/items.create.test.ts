import { expect, it } from 'vitest'
import { buildTestApp } from './helpers.js'

it('creates an item from the body: 201, its id, the defaults filled in, and readable at once', async () => {
  const app = await buildTestApp()
  const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Baz', price: 3.5 } })
  expect(res.statusCode, res.body).toBe(201)
  const created = { id: 3, name: 'Baz', description: null, price: 3.5, tax: null }
  expect(res.json()).toEqual(created)
  expect((await app.inject('/items/3')).json()).toEqual(created)
})

it('leaves out of the answer a field the model does not declare', async () => {
  const app = await buildTestApp()
  const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'Baz', price: 3.5, secret: 'not for you' } })
  expect(res.statusCode, res.body).toBe(201)
  expect(res.json()).not.toHaveProperty('secret')
})

it('reports every invalid field of the body in one 422, as FastAPI does', async () => {
  const app = await buildTestApp()
  const res = await app.inject({ method: 'POST', url: '/items/', payload: { price: 0 } })
  expect(res.statusCode, res.body).toBe(422)
  expect(res.json()).toEqual({
    detail: [
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { price: 0 } },
      { type: 'greater_than', loc: ['body', 'price'], msg: 'Input should be greater than 0', input: 0, ctx: { gt: 0 } },
    ],
  })
})
