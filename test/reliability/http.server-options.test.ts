import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { fastapiServerOptions } from 'fastify-fastapi'

describe('fastapiServerOptions()', () => {
  it('sets safe timeouts and limits by default, and the error answers before routing', () => {
    const options = fastapiServerOptions()
    expect(options).toEqual({
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      maxRequestsPerSocket: 1000,
      http: { requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1000 },
      frameworkErrors: expect.any(Function),
      clientErrorHandler: expect.any(Function),
    })
  })

  it("gives Node's server those timeouts", async () => {
    const app = Fastify(fastapiServerOptions({ requestTimeout: 60_000, headersTimeout: 20_000, keepAliveTimeout: 65_000, maxRequestsPerSocket: 0 }))
    await app.ready()
    expect([app.server.requestTimeout, app.server.headersTimeout, app.server.keepAliveTimeout, app.server.maxRequestsPerSocket])
      .toEqual([60_000, 20_000, 65_000, 0])
    await app.close()
  })

  it.each([
    [{ requestTimeout: -1 }, "fastapiServerOptions: option 'requestTimeout' must be a whole number of milliseconds (0 for no limit); got number -1"],
    [{ keepAliveTimeout: '5s' }, "fastapiServerOptions: option 'keepAliveTimeout' must be a whole number of milliseconds (0 for no limit); got string '5s'"],
    [{ maxRequestsPerSocket: 1.5 }, "fastapiServerOptions: option 'maxRequestsPerSocket' must be a whole number of requests (0 for no limit); got number 1.5"],
    [{ requestTimeout: 5000, headersTimeout: 6000 }, "fastapiServerOptions: option 'headersTimeout' must be at most requestTimeout (5000 ms): a request's head is part of it; got 6000"],
    [{ bodyLimit: 10 }, "fastapiServerOptions: option 'bodyLimit' is not an option of fastapiServerOptions; its options are: requestTimeout, headersTimeout, keepAliveTimeout, maxRequestsPerSocket, handlerTimeout, logger, accessLog"],
  ])('refuses %o with FFA_ERR_OPTION_INVALID', (limits, message) => {
    expect(() => fastapiServerOptions(limits as never)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message }))
  })
})
