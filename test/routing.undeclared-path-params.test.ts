import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A path param is declared with its type, as in FastAPI's `def read_item(item_id: int)`:
// one that nothing declares would reach the handler unvalidated and undocumented.
describe('a path param no params schema declares', () => {
  it('is refused at registration, naming the param and the fix', async () => {
    const app = await buildApp()
    // @ts-expect-error  the path has {item_id}, and no params schema declares it
    expect(() => app.api.get('/c8b/{item_id}', () => ({}))).toThrow(expect.objectContaining({
      code: 'FFA_ERR_PATH_PARAM_MISMATCH',
      message: "Route GET /c8b/{item_id}: the path has the param 'item_id' but no 'params' option declares it: add params: z.object({ item_id: z.string() }) with the type you expect (z.number().int() for an integer).",
    }))
  })

  it('is refused on a router, with options that declare other inputs', async () => {
    const app = await buildApp()
    const files = new APIRouter({ prefix: '/files' })
    // @ts-expect-error  the path has {name} and :version, and no params schema declares them
    files.get('/{name}/v/:version', { query: z.object({ q: z.string().optional() }) }, () => ({}))

    await expect(app.register(files)).rejects.toMatchObject({
      code: 'FFA_ERR_PATH_PARAM_MISMATCH',
      message: "Route GET /files/{name}/v/:version: the path has the params 'name', 'version' but no 'params' option declares them: add params: z.object({ name: z.string(), version: z.string() }) with the types you expect (z.number().int() for an integer).",
    })
  })

  it('is refused when the route has dependencies but none of them declares it', async () => {
    const app = await buildApp()
    const token = Depends({ headers: z.object({ x_token: z.string() }) }, ({ headers }) => headers.x_token)
    expect(() => app.api.get('/items/{item_id}', { deps: { token } }, () => ({}))).toThrow(expect.objectContaining({ code: 'FFA_ERR_PATH_PARAM_MISMATCH' }))
  })

  it('is accepted when a dependency of the route or of its router declares it', async () => {
    const app = await buildApp()
    const itemId = Depends({ params: z.object({ item_id: z.number().int() }) }, ({ params }) => params.item_id)
    app.api.get('/items/{item_id}', { deps: { itemId } }, ({ deps }) => ({ item_id: deps.itemId }))
    const users = new APIRouter({ prefix: '/users', dependencies: [Depends({ params: z.object({ user_id: z.string() }) }, () => undefined)] })
    users.get('/{user_id}', { dependencies: [] }, ({ params }) => params)
    await app.register(users)

    const item = await app.inject('/items/3')
    expect(item.statusCode, item.body).toBe(200)
    expect(item.json()).toEqual({ item_id: 3 })
    const user = await app.inject('/users/ada')
    expect(user.statusCode, user.body).toBe(200)
    expect(user.json()).toEqual({ user_id: 'ada' })
  })
})
