import { describe, expect, it } from 'vitest'
import { HTTPException, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's OAuth2PasswordRequestForm and its strict variant (tests/test_security_oauth2.py,
// test_security_oauth2_optional.py, docs_src/security/tutorial005): the token request of the
// password flow, read from the form, in camelCase.

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const missing = (field: string) => ({ type: 'missing', loc: ['body', field], msg: 'Field required', input: null })

async function loginApp (form: typeof OAuth2PasswordRequestForm | typeof OAuth2PasswordRequestFormStrict) {
  const app = await buildApp()
  app.api.post('/login', { deps: { formData: form } }, function login ({ deps }) {
    return deps.formData
  })
  return app
}

describe('OAuth2PasswordRequestForm', () => {
  it('gives the token request in camelCase, the scope split on whitespace', async () => {
    const app = await loginApp(OAuth2PasswordRequestForm)
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=johndoe&password=secret&scope=me+items%09%20admin&client_id=shop&client_secret=s3' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ grantType: null, username: 'johndoe', password: 'secret', scopes: ['me', 'items', 'admin'], clientId: 'shop', clientSecret: 's3' })
  })

  it('takes grant_type=password or none; scopes are [] without a scope', async () => {
    const app = await loginApp(OAuth2PasswordRequestForm)
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'grant_type=password&username=johndoe&password=secret' })
    expect(res.json()).toEqual({ grantType: 'password', username: 'johndoe', password: 'secret', scopes: [], clientId: null, clientSecret: null })
  })

  it('answers a missing username and password 422, as FastAPI', async () => {
    const app = await loginApp(OAuth2PasswordRequestForm)
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'scope=me' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('username'), missing('password')] })
  })

  it('reads a multipart form too', async () => {
    const app = await loginApp(OAuth2PasswordRequestForm)
    const boundary = 'token-boundary'
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `${field('username', 'johndoe')}${field('password', 'secret')}--${boundary}--\r\n`,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ username: 'johndoe', password: 'secret' })
  })

  it('documents the form as FastAPI does: Body_<operation id>, the password and client secret as format: password', async () => {
    // docs_src/security/tutorial005's token route.
    const app = await buildApp()
    app.api.post('/token', { deps: { formData: OAuth2PasswordRequestForm } }, async function login_for_access_token ({ deps }) {
      if (deps.formData.password !== 'secret') throw new HTTPException(400, 'Incorrect username or password')
      return { access_token: deps.formData.username, token_type: 'bearer' }
    })
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/token'].post.requestBody).toEqual({
      content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Body_login_for_access_token_token_post' } } },
      required: true,
    })
    expect(Object.keys(document.paths['/token'].post.responses)).toEqual(['200', '422'])
    expect(document.components.schemas.Body_login_for_access_token_token_post).toEqual({
      title: 'Body_login_for_access_token_token_post',
      required: ['username', 'password'],
      type: 'object',
      properties: {
        grant_type: { title: 'Grant Type', anyOf: [{ pattern: '^password$', type: 'string' }, { type: 'null' }] },
        username: { title: 'Username', type: 'string' },
        password: { title: 'Password', type: 'string', format: 'password' },
        scope: { title: 'Scope', type: 'string', default: '' },
        client_id: { title: 'Client Id', anyOf: [{ type: 'string' }, { type: 'null' }] },
        client_secret: { title: 'Client Secret', anyOf: [{ type: 'string' }, { type: 'null' }], format: 'password' },
      },
    })
  })
})

describe('OAuth2PasswordRequestFormStrict', () => {
  it('answers an empty request 422 with grant_type, username and password missing', async () => {
    const app = await loginApp(OAuth2PasswordRequestFormStrict)
    const res = await app.inject({ method: 'POST', url: '/login' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('grant_type'), missing('username'), missing('password')] })
  })

  it('answers a request without grant_type 422', async () => {
    const app = await loginApp(OAuth2PasswordRequestFormStrict)
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=johndoe&password=secret' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [missing('grant_type')] })
  })

  it.each(['incorrect', 'passwordblah'])('answers grant_type=%s 422 string_pattern_mismatch', async (grantType) => {
    const app = await loginApp(OAuth2PasswordRequestFormStrict)
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: `username=johndoe&password=secret&grant_type=${grantType}` })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'string_pattern_mismatch', loc: ['body', 'grant_type'], msg: "String should match pattern '^password$'", input: grantType, ctx: { pattern: '^password$' } }],
    })
  })

  it('gives the request with grant_type=password', async () => {
    const app = await loginApp(OAuth2PasswordRequestFormStrict)
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=johndoe&password=secret&grant_type=password' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ grantType: 'password', username: 'johndoe', password: 'secret', scopes: [], clientId: null, clientSecret: null })
  })

  it('documents grant_type as required, with its pattern', async () => {
    const app = await loginApp(OAuth2PasswordRequestFormStrict)
    const body = (await app.inject('/openapi.json')).json().components.schemas.Body_login_login_post
    expect(body.required).toEqual(['grant_type', 'username', 'password'])
    expect(body.properties.grant_type).toEqual({ title: 'Grant Type', pattern: '^password$', type: 'string' })
    expect(body.properties.password).toEqual({ title: 'Password', type: 'string', format: 'password' })
  })
})
