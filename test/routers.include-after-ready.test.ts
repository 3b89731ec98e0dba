import { describe, expect, it } from 'vitest'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

describe('including a router after the app started', () => {
  it('is refused with a coded error that names the router and says to include it before ready()', async () => {
    const app = await buildApp()
    await app.ready()
    const items = new APIRouter({ prefix: '/items' })
    items.get('/', () => [])

    expect(() => app.api.includeRouter(items)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_APP_STARTED',
      message: 'includeRouter(APIRouter(/items)): the app has already started (ready() or listen() was called), and a started Fastify app takes no more routes. Include routers and declare routes before `await app.ready()` or `app.listen()`.',
    }))
  })
})
