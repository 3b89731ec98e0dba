// The README's APIRouter example: FastAPI's "Bigger Applications", ported.
import Fastify from 'fastify'
import { expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends, HTTPException, fastapi } from 'fastify-fastapi'

const getTokenHeader = Depends({ headers: z.object({ x_token: z.string() }) }, function getTokenHeader ({ headers }) {
  if (headers.x_token !== 'fake-super-secret-token') throw new HTTPException(400, 'X-Token header invalid')
})
const getQueryToken = Depends({ query: z.object({ token: z.string() }) }, function getQueryToken ({ query }) {
  if (query.token !== 'jessica') throw new HTTPException(400, 'No Jessica token provided')
})

const fakeItemsDb: Record<string, { name: string }> = { plumbus: { name: 'Plumbus' }, gun: { name: 'Portal Gun' } }

async function biggerApplication () {
  const items = new APIRouter({
    prefix: '/items',
    tags: ['items'],
    dependencies: [getTokenHeader],
    responses: { 404: { description: 'Not found' } },
  })
  items.get('/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => {
    const item = fakeItemsDb[params.item_id]
    if (!item) throw new HTTPException(404, 'Item not found')
    return { name: item.name, item_id: params.item_id }
  })
  const admin = new APIRouter()
  admin.post('/', () => ({ message: 'Admin getting schwifty' }))

  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapi, { depends: { dependencies: [getQueryToken] } })
  await app.register(items)
  await app.register(admin, {
    prefix: '/admin',
    tags: ['admin'],
    dependencies: [getTokenHeader],
    responses: { 418: { description: "I'm a teapot" } },
  })
  return app
}

const headers = { 'x-token': 'fake-super-secret-token' }

it('serves the items router with its dependencies, the app-level one first', async () => {
  const app = await biggerApplication()
  expect((await app.inject({ url: '/items/plumbus?token=jessica', headers })).json()).toEqual({ name: 'Plumbus', item_id: 'plumbus' })
  const noQueryToken = await app.inject({ url: '/items/plumbus?token=rick', headers: { 'x-token': 'wrong' } })
  expect(noQueryToken.json()).toEqual({ detail: 'No Jessica token provided' })
  const badHeader = await app.inject({ url: '/items/plumbus?token=jessica', headers: { 'x-token': 'wrong' } })
  expect(badHeader.json()).toEqual({ detail: 'X-Token header invalid' })
  const missing = await app.inject({ url: '/items/bar?token=jessica', headers })
  expect(missing.statusCode, missing.body).toBe(404)
})

it('mounts the admin router under its include prefix, with the include dependencies', async () => {
  const app = await biggerApplication()
  const res = await app.inject({ method: 'POST', url: '/admin/?token=jessica', headers })
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json()).toEqual({ message: 'Admin getting schwifty' })
  expect((await app.inject({ method: 'POST', url: '/admin/?token=jessica' })).statusCode).toBe(422)
})
