import { describe, expect, it } from 'vitest'
import { APIKeyCookie, APIKeyHeader, APIKeyQuery, Depends, Security } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { listen, rawRequest } from './helpers/raw-http.js'

// FastAPI's API key schemes (tests/test_security_api_key_{header,query,cookie}*.py): the key
// as sent; none (or an empty one) is 401 "Not authenticated" with the challenge `APIKey`
// (no standard one exists, HTTP requires one), or null with autoError: false.

type Make = typeof APIKeyHeader
const locations = [
  { name: 'APIKeyHeader', make: APIKeyHeader as Make, location: 'header', send: (key: string) => ({ headers: { key } }) },
  { name: 'APIKeyQuery', make: APIKeyQuery as Make, location: 'query', send: (key: string) => ({ query: { key } }) },
  { name: 'APIKeyCookie', make: APIKeyCookie as Make, location: 'cookie', send: (key: string) => ({ cookies: { key } }) },
] as const

async function currentUserApp (make: Make, autoError?: false) {
  const app = await buildApp()
  const apiKey = make({ name: 'key', ...(autoError === undefined ? {} : { autoError }) })
  const getCurrentUser = Depends({ deps: { oauthHeader: Security(apiKey) } }, ({ deps }) => (deps.oauthHeader === null ? null : { username: deps.oauthHeader }))
  app.api.get('/users/me', { deps: { currentUser: getCurrentUser } }, function read_current_user ({ deps }) {
    return deps.currentUser ?? { msg: 'Create an account first' }
  })
  return app
}

describe.each(locations)('$name', ({ name, make, location, send }) => {
  it(`gives the key in the ${location}`, async () => {
    const app = await currentUserApp(make)
    const res = await app.inject({ url: '/users/me', ...send('secret') })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'secret' })
  })

  it('answers no key, or an empty one, 401 with `WWW-Authenticate: APIKey`', async () => {
    const app = await currentUserApp(make)
    for (const request of [{}, send('')]) {
      const res = await app.inject({ url: '/users/me', ...request })
      expect(res.statusCode, res.body).toBe(401)
      expect(res.json()).toEqual({ detail: 'Not authenticated' })
      expect(res.headers['www-authenticate']).toBe('APIKey')
    }
  })

  it('gives null with autoError: false', async () => {
    const app = await currentUserApp(make, false)
    expect((await app.inject('/users/me')).json()).toEqual({ msg: 'Create an account first' })
    expect((await app.inject({ url: '/users/me', ...send('') })).json()).toEqual({ msg: 'Create an account first' })
    expect((await app.inject({ url: '/users/me', ...send('secret') })).json()).toEqual({ username: 'secret' })
  })

  it('is documented as an apiKey scheme, with where it is and its name', async () => {
    const app = await currentUserApp(make)
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/users/me'].get.security).toEqual([{ [name]: [] }])
    expect(document.paths['/users/me'].get.responses).toEqual({ 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } })
    expect(document.components.securitySchemes).toEqual({ [name]: { type: 'apiKey', in: location, name: 'key' } })
  })

  it('needs a name', () => {
    // @ts-expect-error  the header, query param or cookie name is required
    expect(() => make({})).toThrow(new RegExp(`${name}: option 'name' is required, like ${name}\\(\\{ name: `))
    expect(() => make({ name: '' })).toThrow(new RegExp(`${name}: option 'name' must be a non-empty string`))
  })
})

describe('API keys, read as Starlette reads them', () => {
  it('reads a header by any case of its name, documented as given', async () => {
    const app = await buildApp()
    app.api.get('/', { deps: { key: APIKeyHeader({ name: 'X-API-Key' }) } }, function root ({ deps }) { return { key: deps.key } })
    expect((await app.inject({ url: '/', headers: { 'x-api-key': 'secret' } })).json()).toEqual({ key: 'secret' })
    expect((await app.inject('/openapi.json')).json().components.securitySchemes).toEqual({ APIKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' } })
  })

  it('takes the first of a repeated header (Starlette\'s headers.get), not the two joined as Node joins them', async () => {
    const app = await buildApp()
    app.api.get('/', { deps: { key: APIKeyHeader({ name: 'X-API-Key' }) } }, function root ({ deps }) { return { key: deps.key } })
    const port = await listen(app)
    const res = await rawRequest(port, ['GET / HTTP/1.1\r\nHost: localhost\r\nX-API-Key: first\r\nX-API-Key: second\r\nConnection: close\r\n\r\n'])
    expect(res.status, res.body).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ key: 'first' })
    const single = await rawRequest(port, ['GET / HTTP/1.1\r\nHost: localhost\r\nX-API-Key: a,b\r\nConnection: close\r\n\r\n'])
    expect(JSON.parse(single.body)).toEqual({ key: 'a,b' })
  })

  it('takes the last of a repeated query param (Starlette\'s query_params.get)', async () => {
    const app = await buildApp()
    app.api.get('/', { deps: { key: APIKeyQuery({ name: 'api_key' }) } }, function root ({ deps }) { return { key: deps.key } })
    expect((await app.inject('/?api_key=first&api_key=second')).json()).toEqual({ key: 'second' })
  })

  it('takes the last of a repeated cookie, unquotes a quoted one, and decodes no percent escapes (Starlette\'s cookie_parser)', async () => {
    const app = await buildApp()
    app.api.get('/', { deps: { key: APIKeyCookie({ name: 'session' }) } }, function root ({ deps }) { return { key: deps.key } })
    const keyOf = async (cookie: string) => (await app.inject({ url: '/', headers: { cookie } })).json()
    expect(await keyOf('session=first; other=x; session=second')).toEqual({ key: 'second' })
    expect(await keyOf(' session = spaced ')).toEqual({ key: 'spaced' })
    expect(await keyOf('session="a\\"b\\012c"')).toEqual({ key: 'a"b\nc' })
    expect(await keyOf('session=a%20b')).toEqual({ key: 'a%20b' })
    expect(await keyOf('sessions=x; xsession=y')).toEqual({ detail: 'Not authenticated' })
  })
})
