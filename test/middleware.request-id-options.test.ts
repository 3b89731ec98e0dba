import Fastify, { type FastifyServerOptions } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi, fastapiServerOptions, RequestIdMiddleware } from 'fastify-fastapi'

function fastify (options: FastifyServerOptions = {}) {
  const app = Fastify(options)
  onTestFinished(() => app.close())
  return app
}

describe('the request-id plugin\'s options', () => {
  it.each([
    [{ header: 'X Request ID' }, "fastify-fastapi/request-id: option 'header' must be a header name, like 'X-Request-ID' or 'X-Correlation-ID'; got string 'X Request ID'"],
    [{ trustHeader: 'yes' }, "fastify-fastapi/request-id: option 'trustHeader' must be true or false; got string 'yes'"],
    [{ accessLog: 1 }, "fastify-fastapi/request-id: option 'accessLog' must be true or false; got number 1"],
    [{ generate: 'uuid' }, "fastify-fastapi/request-id: option 'generate' must be a function that returns a new id, like () => crypto.randomUUID(); got string 'uuid'"],
    [{ trust: true }, "fastify-fastapi/request-id: option 'trust' is not an option of fastify-fastapi/request-id; its options are: header, trustHeader, generate, accessLog"],
  ])('refuses %o by name', async (options, message) => {
    const app = fastify()
    await expect(app.register(RequestIdMiddleware, options as object)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
  })

  it('refuses Fastify\'s requestIdHeader, which would take any id a client sends', async () => {
    const app = fastify({ requestIdHeader: 'x-request-id' })
    await expect(app.register(RequestIdMiddleware)).rejects.toMatchObject({
      code: 'FFA_ERR_REQUEST_ID_CONFLICT',
      message: "fastify-fastapi/request-id decides each request's id, and Fastify's requestIdHeader option (\"x-request-id\") would take any id a client sends, unchecked. Remove it from Fastify({...}) and give the plugin { header, trustHeader: true }.",
    })
  })

  it('refuses Fastify\'s genReqId, which it would replace, and takes it as generate', async () => {
    const app = fastify({ genReqId: function sequential () { return 'req-1' } })
    await expect(app.register(RequestIdMiddleware)).rejects.toMatchObject({
      code: 'FFA_ERR_REQUEST_ID_CONFLICT',
      message: expect.stringContaining("Fastify's genReqId option (sequential) would be replaced. Remove it from Fastify({...}) and give it to the plugin as { generate }."),
    })

    const fixed = fastify()
    await fixed.register(RequestIdMiddleware, { generate: function sequential () { return 'req-1' } })
    fixed.get('/', async (request) => request.id)
    expect((await fixed.inject('/')).body).toBe('req-1')
  })

  it('is the preset\'s requestId part: an options object, or false', async () => {
    const app = fastify()
    await expect(app.register(fastapi, { requestId: true } as object)).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi: option 'requestId' must be false (to switch it off) or an options object; got boolean true",
    })
  })

  it('refuses an accessLog that is not a switch in fastapiServerOptions', () => {
    expect(() => fastapiServerOptions({ accessLog: 'on' as unknown as boolean })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastapiServerOptions: option 'accessLog' must be true or false; got string 'on'",
    }))
  })
})
