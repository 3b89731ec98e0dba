import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, depsOf, fastapiDepends, fastapiErrors } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's OAuth2PasswordRequestForm is a dependency whose params are form fields; the
// "Simple OAuth2 with Password and Bearer" tutorial (docs_src/security/tutorial003.py) logs in
// with it. Here it is as a user writes it, and the tutorial's tests
// (tests/test_tutorial/test_security/test_tutorial003.py).

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

const OAuth2PasswordRequestForm = Depends({
  form: z.object({
    grant_type: z.string().regex(/^password$/).nullable().default(null),
    username: z.string(),
    password: z.string().meta({ format: 'password' }),
    scope: z.string().default(''),
    client_id: z.string().nullable().default(null),
    client_secret: z.string().meta({ format: 'password' }).nullable().default(null),
  }),
}, function OAuth2PasswordRequestForm ({ form }) {
  return { ...form, scopes: form.scope.split(' ').filter((scope) => scope !== '') }
})

const users: Record<string, { username: string, hashed_password: string }> = {
  johndoe: { username: 'johndoe', hashed_password: 'fakehashedsecret' },
}

async function tokenApp () {
  const app = await buildApp()
  app.api.post('/token', { deps: { formData: OAuth2PasswordRequestForm } }, async function login ({ deps }) {
    const user = users[deps.formData.username]
    if (user === undefined || user.hashed_password !== `fakehashed${deps.formData.password}`) {
      throw new HTTPException(400, 'Incorrect username or password')
    }
    return { access_token: user.username, token_type: 'bearer' }
  })
  return app
}

describe('a dependency with form fields (OAuth2PasswordRequestForm)', () => {
  it('logs in with the form', async () => {
    const app = await tokenApp()
    const res = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'username=johndoe&password=secret' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ access_token: 'johndoe', token_type: 'bearer' })
  })

  it('answers a wrong password with the handler\'s 400', async () => {
    const app = await tokenApp()
    const res = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'username=johndoe&password=incorrect' })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'Incorrect username or password' })
  })

  it('reads the optional fields and checks grant_type against its pattern', async () => {
    const app = await buildApp()
    app.api.post('/token', { deps: { formData: OAuth2PasswordRequestForm } }, ({ deps }) => deps.formData)
    let res = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'grant_type=password&username=johndoe&password=secret&scope=me+items&client_id=app' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      grant_type: 'password', username: 'johndoe', password: 'secret', scope: 'me items', client_id: 'app', client_secret: null, scopes: ['me', 'items'],
    })
    res = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'grant_type=implicit&username=johndoe&password=secret' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'string_pattern_mismatch', loc: ['body', 'grant_type'], msg: "String should match pattern '^password$'", input: 'implicit', ctx: { pattern: '^password$' } }],
    })
  })

  it('answers the missing fields before the handler runs', async () => {
    const app = await tokenApp()
    const res = await app.inject({ method: 'POST', url: '/token', headers: FORM, payload: 'username=johndoe' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null }] })
  })

  it('documents the dependency\'s fields as the route\'s form, Body_login_token_post', async () => {
    const app = await tokenApp()
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    expect(doc.paths['/token'].post.requestBody).toEqual({
      content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Body_login_token_post' } } },
      required: true,
    })
    expect(doc.components.schemas.Body_login_token_post).toEqual({
      title: 'Body_login_token_post',
      type: 'object',
      properties: {
        grant_type: { anyOf: [{ type: 'string', pattern: '^password$' }, { type: 'null' }], title: 'Grant Type' },
        username: { type: 'string', title: 'Username' },
        password: { type: 'string', format: 'password', title: 'Password' },
        scope: { type: 'string', default: '', title: 'Scope' },
        client_id: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Client Id' },
        client_secret: { anyOf: [{ type: 'string', format: 'password' }, { type: 'null' }], title: 'Client Secret' },
      },
      required: ['username', 'password'],
    })
  })
})

describe('the form fields of a route and its dependencies', () => {
  const LoginForm = Depends({ form: z.object({ username: z.string(), password: z.string() }) }, ({ form }) => form)

  it('read one form: each declaration gets its own fields', async () => {
    const app = await buildApp()
    app.api.post('/items/', { form: z.object({ title: z.string(), count: z.int() }), deps: { login: LoginForm } }, function create_item ({ form, deps }) {
      return { form, user: deps.login.username }
    })
    const res = await app.inject({ method: 'POST', url: '/items/', headers: FORM, payload: 'username=rick&password=secret&title=Portal+gun&count=2' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ form: { title: 'Portal gun', count: 2 }, user: 'rick' })
  })

  it('report the missing fields of both, the dependency\'s first, as FastAPI solves it first', async () => {
    const app = await buildApp()
    app.api.post('/items/', { form: z.object({ title: z.string() }), deps: { login: LoginForm } }, () => 'never')
    const res = await app.inject({ method: 'POST', url: '/items/', headers: FORM, payload: '' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json().detail.map((item: { loc: string[] }) => item.loc)).toEqual([['body', 'username'], ['body', 'password'], ['body', 'title']])
  })

  it('are documented as one Body_<operation id> of every field', async () => {
    const app = await buildApp()
    app.api.post('/items/', { form: z.object({ title: z.string() }), deps: { login: LoginForm } }, function create_item () { return null })
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    expect(doc.paths['/items/'].post.requestBody.content['application/x-www-form-urlencoded'].schema).toEqual({ $ref: '#/components/schemas/Body_create_item_items__post' })
    expect(doc.components.schemas.Body_create_item_items__post.required).toEqual(['title', 'username', 'password'])
  })

  it('read a dependency\'s form on a plain Fastify route, from the fields @fastify/formbody parsed', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiErrors)
    await app.register(fastapiDepends)
    await app.register(formbody)
    const deps = { login: LoginForm }
    app.post('/login', { deps }, async (request) => ({ username: depsOf(request, deps).login.username }))
    let res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=rick&password=secret' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'rick' })
    res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=rick' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null }] })
  })

  it('read a dependency\'s form on a plain Fastify route whose parser keeps the body as bytes', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiErrors)
    await app.register(fastapiDepends)
    // An app that keeps raw bodies (to check a webhook's signature, say) parses them as a Buffer.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })
    const deps = { login: LoginForm }
    app.post('/login', { deps }, async (request) => ({ username: depsOf(request, deps).login.username }))
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: Buffer.from('username=Zo%C3%AB+&password=secret') })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'Zoë ' })
  })

  it('read a JSON body as an empty form on a plain Fastify route, with no multipart parser registered', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiErrors)
    await app.register(fastapiDepends)
    const deps = { login: LoginForm }
    app.post('/login', { deps }, async (request) => ({ username: depsOf(request, deps).login.username }))
    const res = await app.inject({ method: 'POST', url: '/login', payload: { username: 'rick', password: 'secret' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json().detail.map((item: { loc: string[] }) => item.loc)).toEqual([['body', 'username'], ['body', 'password']])
  })
})
