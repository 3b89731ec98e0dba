import { expect, it } from 'vitest'
import { BAR, buildTestApp, buildTestClient, FOO } from './helpers.js'

it('lists the items with the query parameters\' defaults: skip 0, limit 10, no filter', async () => {
  const client = await buildTestClient()
  const { status, data, error } = await client.GET('/items/')
  expect(status, JSON.stringify(error)).toBe(200)
  expect(data).toEqual([FOO, BAR])
})

it('pages with skip and limit, and filters by q', async () => {
  const client = await buildTestClient()
  const list = async (query: { skip?: number, limit?: number, q?: string }) => (await client.GET('/items/', { params: { query } })).data
  expect(await list({ skip: 1, limit: 1 })).toEqual([BAR])
  expect(await list({ q: 'fo' })).toEqual([FOO])
  expect(await list({ q: 'nothing' })).toEqual([])
})

it('refuses a limit out of its bounds with a 422 naming the query parameter', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/items/?limit=0')
  expect(res.statusCode, res.body).toBe(422)
  expect(res.json()).toEqual({
    detail: [{ type: 'greater_than_equal', loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } }],
  })
})
