import { expect, it } from 'vitest'
import { BAR, buildTestApp, FOO } from './helpers.js'

it('lists the items with the query parameters\' defaults: skip 0, limit 10, no filter', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/items/')
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json()).toEqual([FOO, BAR])
})

it('pages with skip and limit, and filters by q', async () => {
  const app = await buildTestApp()
  expect((await app.inject('/items/?skip=1&limit=1')).json()).toEqual([BAR])
  expect((await app.inject('/items/?q=fo')).json()).toEqual([FOO])
  expect((await app.inject('/items/?q=nothing')).json()).toEqual([])
})

it('refuses a limit out of its bounds with a 422 naming the query parameter', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/items/?limit=0')
  expect(res.statusCode, res.body).toBe(422)
  expect(res.json()).toEqual({
    detail: [{ type: 'greater_than_equal', loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } }],
  })
})
