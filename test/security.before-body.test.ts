import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { RouteOptions as FastifyRouteOptions } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends, File, HTTPBasic, OAuth2PasswordBearer, depsOf } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { listen, rawRequest } from './helpers/raw-http.js'

// Schemes run before the body is read: a route whose dependencies hold a scheme with
// autoError checks the credentials in a preParsing hook, so a request without them is
// answered 401 before its body is parsed or stored. A deliberate difference: FastAPI reads
// the body first, and would answer a malformed JSON body's 422 json_invalid instead.

const Item = z.object({ name: z.string(), price: z.number() })
const JSON_HEADERS = { 'content-type': 'application/json' }

// Uploads go to a temp folder made on the first file, under $TMPDIR: one of the test's own.
async function privateTmpdir (): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'security-before-body-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = dir
  onTestFinished(async () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    await rm(dir, { recursive: true, force: true })
  })
  return dir
}

describe('security schemes before the body', () => {
  it('answers a malformed JSON body without a token 401, not the 422 FastAPI would give; with a token, the 422', async () => {
    const app = await buildApp()
    let handled = 0
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
    app.api.post('/items/', { deps: { token: oauth2Scheme }, body: Item }, function create_item ({ body }) {
      handled++
      return body
    })
    const anonymous = await app.inject({ method: 'POST', url: '/items/', headers: JSON_HEADERS, payload: '{"name": "Foo", "price": ' })
    expect(anonymous.statusCode, anonymous.body).toBe(401)
    expect(anonymous.json()).toEqual({ detail: 'Not authenticated' })
    expect(anonymous.headers['www-authenticate']).toBe('Bearer')
    const authenticated = await app.inject({ method: 'POST', url: '/items/', headers: { ...JSON_HEADERS, authorization: 'Bearer abc' }, payload: '{"name": "Foo", "price": ' })
    expect(authenticated.statusCode, authenticated.body).toBe(422)
    expect(authenticated.json().detail[0].type).toBe('json_invalid')
    const valid = await app.inject({ method: 'POST', url: '/items/', headers: { ...JSON_HEADERS, authorization: 'Bearer abc' }, payload: { name: 'Foo', price: 1 } })
    expect(valid.json()).toEqual({ name: 'Foo', price: 1 })
    expect(handled).toBe(1)
  })

  it('answers an upload without a token 401 and writes no temp file; with one, the file is stored', async () => {
    const tmp = await privateTmpdir()
    const app = await buildApp()
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
    app.api.post('/files/', { deps: { token: oauth2Scheme }, form: z.object({ file: File() }) }, function create_file ({ form }) {
      return { size: form.file.size }
    })
    const boundary = 'before-body'
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'x'.repeat(100_000)}\r\n--${boundary}--\r\n`
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` }
    const anonymous = await app.inject({ method: 'POST', url: '/files/', headers, payload })
    expect(anonymous.statusCode, anonymous.body).toBe(401)
    expect(anonymous.json()).toEqual({ detail: 'Not authenticated' })
    expect(await readdir(tmp)).toEqual([])
    // The same upload with a token stores the file under $TMPDIR: the check above could fail.
    const authenticated = await app.inject({ method: 'POST', url: '/files/', headers: { ...headers, authorization: 'Bearer abc' }, payload })
    expect(authenticated.json()).toEqual({ size: 100_000 })
    expect((await readdir(tmp)).filter((name) => name.startsWith('fastify-fastapi-uploads-'))).toHaveLength(1)
  })

  it('answers a 1 GiB upload without credentials as soon as its head arrives, the body unread (over a socket)', async () => {
    await privateTmpdir()
    const app = await buildApp()
    let handled = false
    app.api.post('/files/', { deps: { credentials: HTTPBasic() }, form: z.object({ file: File({ maxSize: 2 * 1024 ** 3 }) }) }, function create_file () {
      handled = true
      return {}
    })
    const port = await listen(app)
    const boundary = 'one-gib'
    // Only the head and the first 16 KiB are ever sent: the answer cannot wait for the rest.
    const res = await rawRequest(port, [
      `POST /files/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${1024 ** 3}\r\n\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n${'x'.repeat(16_384)}`,
    ], { timeoutMs: 10_000 })
    expect(res.status, res.body).toBe(401)
    expect(JSON.parse(res.body)).toEqual({ detail: 'Not authenticated' })
    expect(res.headers['www-authenticate']).toBe('Basic')
    expect(handled).toBe(false)
  })

  it('adds no hook to a GET route (nothing to save by checking early), and one to a POST route', async () => {
    const app = await buildApp()
    const hooks: Record<string, unknown> = {}
    app.addHook('onRoute', (route: FastifyRouteOptions) => { hooks[`${String(route.method)} ${route.url}`] = route.preParsing })
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
    app.api.get('/items/', { deps: { token: oauth2Scheme } }, function read_items () { return [] })
    app.api.post('/items/', { deps: { token: oauth2Scheme } }, function create_item () { return {} })
    app.api.post('/open/', { deps: { token: OAuth2PasswordBearer({ tokenUrl: 'token', autoError: false }) } }, function create_open () { return {} })
    await app.ready()
    expect(hooks['GET /items/']).toBeUndefined()
    expect(hooks['POST /items/']).toBeTypeOf('function')
    // autoError: false refuses nothing, so it checks nothing early.
    expect(hooks['POST /open/']).toBeUndefined()
  })

  it('checks a scheme anywhere in the plan: under a dependency, in `dependencies`, before the route\'s own preParsing hooks', async () => {
    const app = await buildApp()
    const calls: string[] = []
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
    const currentUser = Depends({ deps: { token: oauth2Scheme } }, ({ deps }) => ({ username: deps.token }))
    app.api.post('/deep/', { deps: { user: currentUser }, body: Item }, function deep () { return {} })
    app.api.post('/side/', {
      dependencies: [currentUser],
      body: Item,
      fastify: { preParsing: [async (_request, _reply, payload) => { calls.push('own preParsing'); return payload }] },
    }, function side () { return {} })
    for (const url of ['/deep/', '/side/']) {
      const res = await app.inject({ method: 'POST', url, headers: JSON_HEADERS, payload: 'not json' })
      expect(res.statusCode, `${url}: ${res.body}`).toBe(401)
    }
    expect(calls).toEqual([])
    const res = await app.inject({ method: 'POST', url: '/side/', headers: { ...JSON_HEADERS, authorization: 'Bearer x' }, payload: { name: 'Foo', price: 1 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(calls).toEqual(['own preParsing'])
  })

  it('does not check a scheme that dependencyOverrides replaced, and checks it again once the override is gone', async () => {
    const app = await buildApp()
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
    app.api.post('/items/', { deps: { token: oauth2Scheme }, body: Item }, function create_item ({ deps }) { return { token: deps.token } })
    await app.ready()
    app.dependencyOverrides.set(oauth2Scheme, () => 'test-token')
    const overridden = await app.inject({ method: 'POST', url: '/items/', headers: JSON_HEADERS, payload: { name: 'Foo', price: 1 } })
    expect(overridden.statusCode, overridden.body).toBe(200)
    expect(overridden.json()).toEqual({ token: 'test-token' })
    const malformed = await app.inject({ method: 'POST', url: '/items/', headers: JSON_HEADERS, payload: 'not json' })
    expect(malformed.statusCode, malformed.body).toBe(422)
    app.dependencyOverrides.clear()
    expect((await app.inject({ method: 'POST', url: '/items/', headers: JSON_HEADERS, payload: 'not json' })).statusCode).toBe(401)
  })

  it('checks early on a plain Fastify route with deps too', async () => {
    const app = await buildApp()
    const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
    const deps = { token: oauth2Scheme }
    app.post('/plain', { deps, schema: { body: { type: 'object', properties: { name: { type: 'string' } } } } }, async (request) => ({ token: depsOf(request, deps).token, body: request.body }))
    const anonymous = await app.inject({ method: 'POST', url: '/plain', headers: JSON_HEADERS, payload: 'not json' })
    expect(anonymous.statusCode, anonymous.body).toBe(401)
    expect(anonymous.headers['www-authenticate']).toBe('Bearer')
    const ok = await app.inject({ method: 'POST', url: '/plain', headers: { ...JSON_HEADERS, authorization: 'Bearer abc' }, payload: { name: 'Foo' } })
    expect(ok.json()).toEqual({ token: 'abc', body: { name: 'Foo' } })
  })
})
