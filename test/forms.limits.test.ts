import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, fastapi, type FastAPIOptions } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// Starlette limits a multipart form (1,000 fields, 1 MiB per part, each a 400) and reads a
// urlencoded one whole, with no limit. Here a urlencoded form has the same limits, answered
// 413 as the uploads' are; Fastify's bodyLimit (1 MiB) bounds the whole body first.

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const Profile = z.object({ name: z.string().default(''), bio: z.string().default('') })

function fields (count: number): string {
  return Array.from({ length: count }, (_, index) => `f${index}=x`).join('&')
}

async function profileApp (route: Record<string, unknown> = {}, options: FastAPIOptions = {}) {
  const app = await buildApp(options)
  app.api.post('/profile', { form: Profile, ...route }, ({ form }) => form)
  return app
}

const post = (app: Awaited<ReturnType<typeof profileApp>>, payload: string) => app.inject({ method: 'POST', url: '/profile', headers: FORM, payload })

describe('form limits', () => {
  it('reads 1,000 fields and refuses the 1,001st with 413, by default', async () => {
    const app = await profileApp()
    const ok = await post(app, fields(1000))
    expect(ok.statusCode, ok.body).toBe(200)
    const res = await post(app, fields(1001))
    expect(res.statusCode, res.body).toBe(413)
    expect(res.json()).toEqual({ detail: "Too many fields. Maximum number of fields is 1000. (limit 'fields', field 'f1000')" })
  })

  it('counts a repeated field each time, and no empty one', async () => {
    const app = await profileApp({ formLimits: { fields: 3 } })
    expect((await post(app, 'bio=a&&bio=b&&&bio=c&')).statusCode).toBe(200)
    const res = await post(app, 'bio=a&bio=b&bio=c&bio=d')
    expect(res.statusCode, res.body).toBe(413)
    expect(res.json()).toEqual({ detail: "Too many fields. Maximum number of fields is 3. (limit 'fields', field 'bio')" })
  })

  it('refuses a field over 1 MiB (its name and value as sent) with 413 naming it, by default', async () => {
    // Fastify's bodyLimit (1 MiB) would refuse the whole body first: this route allows 2 MiB.
    const app = await profileApp({ fastify: { bodyLimit: 2 * 1024 * 1024 } })
    const value = 'x'.repeat(1024 * 1024 - 'bio='.length)
    const ok = await post(app, `bio=${value}`)
    expect(ok.statusCode).toBe(200)
    const res = await post(app, `name=Rick&bio=${value}x`)
    expect(res.statusCode, res.body).toBe(413)
    expect(res.json()).toEqual({ detail: "Field too large. Maximum size of a field is 1 MiB. (limit 'fieldSize', field 'bio')" })
  })

  it('takes a route\'s own limits', async () => {
    const app = await profileApp({ formLimits: { fieldSize: 10 } })
    expect((await post(app, 'bio=123456')).statusCode).toBe(200)
    const res = await post(app, 'bio=1234567')
    expect(res.statusCode, res.body).toBe(413)
    expect(res.json()).toEqual({ detail: "Field too large. Maximum size of a field is 10 bytes. (limit 'fieldSize', field 'bio')" })
  })

  it('takes the app\'s limits from the routing options, a route\'s own winning', async () => {
    const app = await buildApp({ routing: { formLimits: { fields: 2 } } })
    app.api.post('/app', { form: Profile }, ({ form }) => form)
    app.api.post('/route', { form: Profile, formLimits: { fields: 5 } }, ({ form }) => form)
    const atApp = await app.inject({ method: 'POST', url: '/app', headers: FORM, payload: fields(3) })
    expect(atApp.statusCode, atApp.body).toBe(413)
    expect(atApp.json()).toEqual({ detail: "Too many fields. Maximum number of fields is 2. (limit 'fields', field 'f2')" })
    const atRoute = await app.inject({ method: 'POST', url: '/route', headers: FORM, payload: fields(3) })
    expect(atRoute.statusCode, atRoute.body).toBe(200)
  })

  it('cuts a long field name in the answer', async () => {
    const app = await profileApp({ formLimits: { fieldSize: 100 } })
    const res = await post(app, `${'n'.repeat(200)}=1`)
    expect(res.statusCode, res.body).toBe(413)
    expect(res.json()).toEqual({ detail: `Field too large. Maximum size of a field is 100 bytes. (limit 'fieldSize', field '${'n'.repeat(64)}...')` })
  })

  it('answers a body over Fastify\'s bodyLimit with 413 before the form is read', async () => {
    const app = await profileApp({ fastify: { bodyLimit: 100 } })
    const res = await post(app, `bio=${'x'.repeat(200)}`)
    expect(res.statusCode, res.body).toBe(413)
    expect(res.json()).toEqual({ detail: 'Request body is too large' })
  })

  it('reads the form, and answers its limits, before any dependency runs (FastAPI reads it first)', async () => {
    let ran = false
    const verifyToken = Depends({ headers: z.object({ x_token: z.string().optional() }) }, ({ headers }) => {
      ran = true
      if (headers.x_token !== 'secret') throw new HTTPException(401, 'Not authenticated')
    })
    const app = await profileApp({ dependencies: [verifyToken], formLimits: { fields: 1 } })
    const res = await post(app, 'name=a&bio=b')
    expect(res.statusCode, res.body).toBe(413)
    expect(ran).toBe(false)
  })

  it('limits a dependency\'s form with the route\'s limits', async () => {
    const LoginForm = Depends({ form: z.object({ username: z.string() }) }, ({ form }) => form.username)
    const app = await buildApp()
    app.api.post('/login', { deps: { username: LoginForm }, formLimits: { fields: 1 } }, ({ deps }) => deps.username)
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=a&x=1' })
    expect(res.statusCode, res.body).toBe(413)
  })
})

describe('form limit options', () => {
  const route = 'Route POST /profile'

  it('refuses a limit that is not a whole number of at least 1, or not a limit', async () => {
    const app = await buildApp()
    expect(() => app.api.post('/profile', { form: Profile, formLimits: { fields: 0 } }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: `${route}: option 'formLimits.fields' must be a whole number of at least 1 (default 1000); got number 0`,
    }))
    // @ts-expect-error  'maxFiles' is no limit (Starlette's max_files is 'files' here)
    expect(() => app.api.post('/profile', { form: Profile, formLimits: { maxFiles: 3 } }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: `${route}: option 'formLimits.maxFiles' is not a form limit; the limits are: fileSize, files, fields, fieldSize, parts, headerSize`,
    }))
  })

  it('refuses formLimits on a route that reads no form', async () => {
    const app = await buildApp()
    expect(() => app.api.post('/profile', { body: Profile, formLimits: { fields: 10 } }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: `${route}: option 'formLimits' limits a form body, but neither the route nor its dependencies declare a 'form': declare one, or remove formLimits.`,
    }))
  })

  it('refuses a bad app-wide limit when the routing plugin is registered', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await expect(app.register(fastapi, { routing: { formLimits: { fieldSize: 1.5 } } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi/routing: option 'formLimits.fieldSize' must be a whole number of at least 1 (default 1048576); got number 1.5",
    })
  })
})
