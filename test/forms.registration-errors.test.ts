import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// Mistakes with forms are refused when the route or the dependency is declared, each with
// a code and the fix. One request has one body: JSON or a form.

const Login = z.object({ username: z.string(), password: z.string() })
const Item = z.object({ name: z.string() })

function thrown (declare: () => unknown): { code?: string, message?: string } {
  try {
    declare()
  } catch (error) {
    return error as { code?: string, message?: string }
  }
  throw new Error('nothing was thrown')
}

describe('form registration errors', () => {
  it('refuses a route with both body and form (FFA_ERR_BODY_AND_FORM)', async () => {
    const app = await buildApp()
    // @ts-expect-error  a request has one body: body or form
    const error = thrown(() => app.api.post('/login/', { body: Item, form: Login }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_BODY_AND_FORM',
      message: 'Route POST /login/: it declares both `body` (JSON) and `form`, but a request has one body: keep one (FastAPI reads a route with Form() params as a form only).',
    })
  })

  it('refuses a form that is not a zod object', async () => {
    const app = await buildApp()
    // @ts-expect-error  a form is an object of fields
    const error = thrown(() => app.api.post('/login/', { form: z.string() }, () => null))
    expect(error).toMatchObject({
      code: 'FFA_ERR_ROUTE_SCHEMA_INVALID',
      message: "Route POST /login/: 'form' must be a zod object schema, z.object({ ... }), whose keys are the form field names; got a zod string schema.",
    })
  })

  it('refuses a dependency with both body and form, or a form that is not a zod object', () => {
    // @ts-expect-error  a request has one body: body or form
    expect(thrown(() => Depends({ body: Item, form: Login }, function login () { return null }))).toMatchObject({
      code: 'FFA_ERR_BODY_AND_FORM',
      message: 'Depends(login): it declares both `body` (JSON) and `form`, but a request has one body: keep one, or move the other to a dependency of another route.',
    })
    // @ts-expect-error  a form is an object of fields
    expect(thrown(() => Depends({ form: z.array(z.string()) }, function login () { return null }))).toMatchObject({
      code: 'FFA_ERR_DEP_INVALID',
      message: expect.stringMatching(/^Depends\(login\): 'form' must be a zod object schema, z.object\(\{ ... \}\); got ZodArray /),
    })
  })

  it('refuses a route whose JSON body and a dependency\'s form would share one request', async () => {
    const app = await buildApp()
    const loginForm = Depends({ form: Login }, function loginForm ({ form }) { return form })
    expect(thrown(() => app.api.post('/items/', { body: Item, deps: { login: loginForm } }, () => null))).toMatchObject({
      code: 'FFA_ERR_BODY_AND_FORM',
      message: 'route POST /items/: the route POST /items/ itself reads a JSON body and the dependency loginForm a form, but a request has one body: read the same one in both (all form fields, or all JSON).',
    })
  })

  it('refuses two dependencies declaring one form field with different schemas', async () => {
    const app = await buildApp()
    const byName = Depends({ form: z.object({ user: z.string() }) }, function byName ({ form }) { return form.user })
    const byId = Depends({ form: z.object({ user: z.int() }) }, function byId ({ form }) { return form.user })
    expect(thrown(() => app.api.post('/items/', { deps: { byName, byId } }, () => null))).toMatchObject({
      code: 'FFA_ERR_DEP_PARAM_CONFLICT',
      message: expect.stringContaining("route POST /items/: the form field 'user' is declared by the dependency byName and by the dependency byId with different schemas"),
    })
  })

  it('accepts a form field declared by the route and a dependency with one schema', async () => {
    const app = await buildApp()
    const username = Depends({ form: z.object({ username: z.string() }) }, ({ form }) => form.username)
    app.api.post('/login/', { form: Login, deps: { username } }, ({ form, deps }) => ({ same: form.username === deps.username }))
    const res = await app.inject({ method: 'POST', url: '/login/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=Foo&password=secret' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ same: true })
  })
})
