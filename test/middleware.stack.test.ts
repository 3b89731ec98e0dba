// fastify-fastapi/middleware's default plugin: several middleware at once, each off unless
// given, in Starlette's order of a stack written outermost first (the preset uses it).
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapiMiddleware as fromRoot } from 'fastify-fastapi'
import fastapiMiddleware, { type MiddlewareOptions } from 'fastify-fastapi/middleware'

describe('the middleware entry\'s default plugin', () => {
  it('is the package\'s fastapiMiddleware', () => {
    expect(fromRoot).toBe(fastapiMiddleware)
  })

  it('adds the ones given, a wrong host refused before it is redirected to https', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapiMiddleware, { trustedHost: { allowedHosts: ['api.example.com'] }, httpsRedirect: {}, cors: false })
    app.get('/', async () => 'home')
    const wrongHost = await app.inject({ url: '/', headers: { host: 'evil.com', origin: 'https://example.org' } })
    expect(wrongHost.statusCode).toBe(400)
    expect(wrongHost.headers.vary).toBeUndefined()
    const plain = await app.inject({ url: '/', headers: { host: 'api.example.com' } })
    expect(plain.statusCode).toBe(307)
    expect(plain.headers['content-security-policy']).toBeUndefined()
  })

  it.each([
    [{ cors: true }, "fastify-fastapi/middleware: option 'cors' must be an options object (to switch it on; {} for its defaults) or false; got boolean true"],
    [{ rateLimit: {} }, "fastify-fastapi/middleware: option 'rateLimit' is not an option of fastify-fastapi/middleware; its options are: trustedHost, httpsRedirect, cors, securityHeaders, gzip"],
  ])('refuses %j at registration', async (options, message) => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await expect(app.register(fastapiMiddleware, options as MiddlewareOptions)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
  })
})
