import { expect, it } from 'vitest'
import { buildTestApp, buildTestClient } from './helpers.js'

it('answers the root with Hello World', async () => {
  const client = await buildTestClient()
  const { status, data } = await client.GET('/')
  expect(status).toBe(200)
  expect(data).toEqual({ message: 'Hello World' })
})

it('answers a path it does not know with 404 {"detail": "Not Found"}', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/nowhere')
  expect(res.statusCode, res.body).toBe(404)
  expect(res.json()).toEqual({ detail: 'Not Found' })
})

it('serves its OpenAPI document, with every route and the Item model', async () => {
  const app = await buildTestApp()
  const res = await app.inject('/openapi.json')
  expect(res.statusCode, res.body).toBe(200)
  const openapi = res.json()
  expect(openapi.info).toMatchObject({ title: 'My API', version: '0.1.0' })
  expect(Object.keys(openapi.paths).sort()).toEqual(['/', '/items/', '/items/{item_id}'])
  expect((await app.inject('/docs')).statusCode).toBe(200)
})
