// Starlette's CORSMiddleware refusing a preflight (test_cors_disallowed_preflight and others):
// 400, text/plain, `Disallowed CORS ` and what failed, in Starlette's order (origin, method,
// headers, private-network); the answer keeps the policy's headers and no allowed origin.
import { describe, expect, it } from 'vitest'
import { CORSMiddleware } from 'fastify-fastapi/middleware'
import { appWith } from './helpers/middleware.js'

const preflight = (origin: string, method: string, extra: Record<string, string> = {}) =>
  ({ method: 'OPTIONS' as const, url: '/', headers: { origin, 'access-control-request-method': method, ...extra } })

describe('CORSMiddleware refusing a preflight', () => {
  it('names every failure at once: origin, method, headers (test_cors_disallowed_preflight)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'], allowHeaders: ['X-Example'] })
    const res = await app.inject(preflight('https://another.org', 'POST', { 'access-control-request-headers': 'X-Nope' }))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Disallowed CORS origin, method, headers')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(res.headers['access-control-allow-methods']).toBe('GET')
    expect(res.headers.vary).toBe('Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network')
  })

  it('refuses a method not allowed, keeping the allowed origin in the answer', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'] })
    const res = await app.inject(preflight('https://example.org', 'POST'))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Disallowed CORS method')
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org')
  })

  it('compares methods case-sensitively, as HTTP does (test_cors_method_case_sensitive)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'], allowMethods: ['POST'] })
    expect((await app.inject(preflight('https://example.org', 'POST'))).statusCode).toBe(200)
    const lower = await app.inject(preflight('https://example.org', 'post'))
    expect(lower.statusCode, lower.body).toBe(400)
    expect(lower.body).toBe('Disallowed CORS method')
  })

  it('says "headers" once for several headers not allowed (Starlette #1199)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'], allowHeaders: ['X-Example'] })
    const res = await app.inject(preflight('https://example.org', 'GET', { 'access-control-request-headers': 'X-Nope-1, X-Nope-2' }))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Disallowed CORS headers')
  })

  it('compares header names case-insensitively (test_cors_header_name_case_insensitive)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'], allowHeaders: ['X-Custom-Header'] })
    const res = await app.inject(preflight('https://example.org', 'GET', { 'access-control-request-headers': 'x-custom-header' }))
    expect(res.statusCode, res.body).toBe(200)
  })

  it('refuses an origin the pattern does not cover from start to end', async () => {
    const app = await appWith(CORSMiddleware, { allowOriginRegex: 'https://.*' })
    const res = await app.inject(preflight('http://another.com', 'GET'))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Disallowed CORS origin')
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('refuses every origin when none is listed (test_cors_empty_origins_list)', async () => {
    const app = await appWith(CORSMiddleware, {})
    const res = await app.inject(preflight('https://example.org', 'GET'))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Disallowed CORS origin')
  })

  it('refuses private network access unless allowed (test_cors_private_network_access_disallowed)', async () => {
    const app = await appWith(CORSMiddleware, { allowOrigins: ['*'], allowMethods: ['*'] })
    const res = await app.inject(preflight('https://example.org', 'GET', { 'access-control-request-private-network': 'true' }))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toBe('Disallowed CORS private-network')
    expect(res.headers['access-control-allow-private-network']).toBeUndefined()
  })

  it('refuses the literal "null" origin unless it is listed (a sandboxed page or a file: URL sends it)', async () => {
    const listed = await appWith(CORSMiddleware, { allowOrigins: ['null', 'https://example.org'] })
    const allowed = await listed.inject(preflight('null', 'GET'))
    expect(allowed.statusCode, allowed.body).toBe(200)
    expect(allowed.headers['access-control-allow-origin']).toBe('null')
    const unlisted = await appWith(CORSMiddleware, { allowOrigins: ['https://example.org'] })
    expect((await unlisted.inject(preflight('null', 'GET'))).body).toBe('Disallowed CORS origin')
  })
})
