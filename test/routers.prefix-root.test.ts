// FastAPI's "Bigger Applications": the admin router's `@router.post("/")`, included with
// `prefix="/admin"`, is the path `/admin/`; `/admin` is Starlette's 307 to it.
import { describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

function adminRouter (options: { prefix?: string } = {}): APIRouter {
  const router = new APIRouter(options)
  router.post('/', function update_admin () { return { message: 'Admin getting schwifty' } })
  router.get('/', function read_admin () { return { message: 'Admin' } })
  return router
}

const mountings: Array<[string, (app: FastifyInstance) => PromiseLike<unknown>]> = [
  ['new APIRouter({ prefix })', (app) => app.register(adminRouter({ prefix: '/admin' }))],
  ['router.includeRouter(admin, { prefix })', (app) => app.register(new APIRouter().includeRouter(adminRouter(), { prefix: '/admin' }))],
  ['app.register(admin, { prefix })', (app) => app.register(adminRouter(), { prefix: '/admin' })],
  ['app.api.includeRouter(admin, { prefix })', async (app) => app.api.includeRouter(adminRouter(), { prefix: '/admin' })],
]

describe.each(mountings)("a router's '/' mounted with %s", (_how, mount) => {
  it('is served at /admin/', async () => {
    const app = await buildApp()
    await mount(app)

    const res = await app.inject({ method: 'POST', url: '/admin/' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ message: 'Admin getting schwifty' })
    const head = await app.inject({ method: 'HEAD', url: '/admin/' })
    expect(head.statusCode, head.body).toBe(200)
  })

  it('redirects /admin to /admin/ with a 307 that keeps the method and the query', async () => {
    const app = await buildApp()
    await mount(app)

    const res = await app.inject({ method: 'POST', url: '/admin?token=jessica' })
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('/admin/?token=jessica')
    const get = await app.inject('/admin')
    expect(get.statusCode, get.body).toBe(307)
    expect(get.headers.location).toBe('/admin/')
  })

  it('is documented as /admin/ with the operationId update_admin_admin__post', async () => {
    const app = await buildApp()
    await mount(app)

    const { paths } = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { operationId: string }>> }
    expect(Object.keys(paths)).toEqual(['/admin/'])
    expect(paths['/admin/']?.post?.operationId).toBe('update_admin_admin__post')
    expect(paths['/admin/']?.get?.operationId).toBe('read_admin_admin__get')
  })
})

describe("a router's '/' without any prefix", () => {
  it('is served at / only', async () => {
    const app = await buildApp()
    await app.register(adminRouter())

    const res = await app.inject({ method: 'POST', url: '/' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ message: 'Admin getting schwifty' })
  })
})
