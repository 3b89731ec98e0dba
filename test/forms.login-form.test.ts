import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { listen } from './helpers/raw-http.js'

// FastAPI's "Form Data" tutorial (docs_src/request_forms/tutorial001.py) and its tests
// (tests/test_tutorial/test_request_forms/test_tutorial001.py):
//
//   @app.post("/login/")
//   async def login(username: str = Form(), password: str = Form()):
//       return {"username": username}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

async function loginApp () {
  const app = await buildApp()
  app.api.post('/login/', {
    form: z.object({ username: z.string(), password: z.string() }),
  }, async function login ({ form }) {
    return { username: form.username }
  })
  return app
}

const missing = (field: string) => ({ type: 'missing', loc: ['body', field], msg: 'Field required', input: null })

describe('the login form (FastAPI\'s Form Data tutorial)', () => {
  it('reads the form fields', async () => {
    const app = await loginApp()
    const res = await app.inject({ method: 'POST', url: '/login/', headers: FORM, payload: 'username=Foo&password=secret' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'Foo' })
  })

  it('reads a form a browser sends, over HTTP', async () => {
    const app = await loginApp()
    const port = await listen(app)
    // fetch sends URLSearchParams as application/x-www-form-urlencoded;charset=UTF-8, as a browser does.
    const res = await fetch(`http://127.0.0.1:${port}/login/`, { method: 'POST', body: new URLSearchParams({ username: 'Zoë O\'Brien & co', password: 'p@ss w+rd' }) })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ username: 'Zoë O\'Brien & co' })
  })

  it('answers a missing password with missing at ["body", "password"], input null', async () => {
    const app = await loginApp()
    const res = await app.inject({ method: 'POST', url: '/login/', headers: FORM, payload: 'username=Foo' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('password')] })
  })

  it('answers a missing username the same way', async () => {
    const app = await loginApp()
    const res = await app.inject({ method: 'POST', url: '/login/', headers: FORM, payload: 'password=secret' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('username')] })
  })

  it('answers an empty form with one item per required field', async () => {
    const app = await loginApp()
    for (const payload of ['', undefined]) {
      const res = await app.inject({ method: 'POST', url: '/login/', headers: payload === undefined ? {} : FORM, payload })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({ detail: [missing('username'), missing('password')] })
    }
  })

  it('reads a JSON body as an empty form, as FastAPI does (test_post_body_json)', async () => {
    const app = await loginApp()
    const res = await app.inject({ method: 'POST', url: '/login/', payload: { username: 'Foo', password: 'secret' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('username'), missing('password')] })
  })

  it('does not parse a JSON body sent to a form: malformed JSON is an empty form too', async () => {
    const app = await loginApp()
    const res = await app.inject({ method: 'POST', url: '/login/', headers: { 'content-type': 'application/json' }, payload: '{"username": "Foo", ' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('username'), missing('password')] })
  })

  it('reads a body of another type (text, none declared) as an empty form', async () => {
    const app = await loginApp()
    for (const headers of [{ 'content-type': 'text/plain' }, {}]) {
      const res = await app.inject({ method: 'POST', url: '/login/', headers, payload: 'username=Foo&password=secret' })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toEqual({ detail: [missing('username'), missing('password')] })
    }
  })

  it('reads no form from a GET request: Fastify reads no body for GET, as for a JSON body', async () => {
    const app = await buildApp()
    app.api.get('/login/', { form: z.object({ username: z.string() }) }, ({ form }) => form)
    const res = await app.inject({ method: 'GET', url: '/login/', headers: FORM, payload: 'username=Foo' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('username')] })
  })

  it('reads the content type whatever its case and parameters', async () => {
    const app = await loginApp()
    for (const type of ['Application/X-WWW-Form-URLEncoded; charset=UTF-8', 'application/x-www-form-urlencoded ; charset=UTF-8']) {
      const res = await app.inject({ method: 'POST', url: '/login/', headers: { 'content-type': type }, payload: 'username=Foo&password=secret' })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ username: 'Foo' })
    }
  })

  it('documents the form as FastAPI does: Body_login_login__post under application/x-www-form-urlencoded, required', async () => {
    const app = await loginApp()
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    expect(doc.paths['/login/']).toEqual({
      post: {
        summary: 'Login',
        operationId: 'login_login__post',
        requestBody: {
          content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Body_login_login__post' } } },
          required: true,
        },
        responses: {
          200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
          422: { description: 'Validation Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } } },
        },
      },
    })
    expect(doc.components.schemas.Body_login_login__post).toEqual({
      title: 'Body_login_login__post',
      type: 'object',
      properties: { username: { title: 'Username', type: 'string' }, password: { title: 'Password', type: 'string' } },
      required: ['username', 'password'],
    })
  })
})
