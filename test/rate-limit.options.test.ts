import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { RateLimit } from 'fastify-fastapi'
import { fastapiRateLimit } from 'fastify-fastapi/rate-limit'
import { buildApp } from './helpers/app.js'

// Mistakes are refused when the plugin is registered or the RateLimit is declared, by code,
// naming the option and what it takes.

describe('rate-limit options', () => {
  it.each([
    [{ max: 0 }, "fastify-fastapi/rate-limit: option 'max' must be an integer of at least 1, the requests allowed per window, like 100; got number 0"],
    [{ max: 2.5 }, "option 'max' must be an integer of at least 1"],
    [{ max: '10' }, "got string '10'"],
    [{ timeWindow: 'a while' }, "option 'timeWindow' must be a time window: milliseconds (an integer of at least 1, like 60_000) or words like '1 minute', '10 seconds', '1h'; got string 'a while'"],
    [{ timeWindow: -5 }, "option 'timeWindow' must be a time window"],
    [{ redis: 'localhost:6379' }, "option 'redis' must be a Redis URL ('redis://127.0.0.1:6379', 'rediss://...' for TLS) or an ioredis client (new Redis(...)); got the string 'localhost:6379'"],
    [{ redis: 'redis://user:secret@' }, "got the string 'redis://***@'"],
    [{ redis: { host: 'localhost' } }, "option 'redis' must be a Redis URL"],
    [{ prefix: 3 }, "option 'prefix' must be a string"],
    [{ maxKeys: 0 }, "option 'maxKeys' must be an integer of at least 1"],
    [{ skipOnError: 'yes' }, "option 'skipOnError' must be true or false"],
    [{ limit: 5 }, "option 'limit' is not an option of fastify-fastapi/rate-limit; its options are: max, timeWindow, redis, prefix, maxKeys, skipOnError"],
  ])('refuses %o at registration', async (options, message) => {
    const app = Fastify()
    await expect(app.register(fastapiRateLimit, options as never).ready()).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) })
    await app.close()
  })

  it('refuses a bad preset rateLimit option', async () => {
    await expect(buildApp({ rateLimit: 5 as never })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining("option 'rateLimit' must be false (to switch it off) or an options object") })
  })

  it('refuses a RateLimit declared with a bad limit, window, scope or key', () => {
    expect(() => RateLimit({ max: -1, timeWindow: 1000 })).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: "RateLimit: option 'max' must be an integer of at least 1, the requests allowed per window, like 100; got number -1" }))
    expect(() => RateLimit({ max: 1, timeWindow: '5 fortnights', name: 'login' })).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining("RateLimit(login): option 'timeWindow' must be a time window") }))
    expect(() => RateLimit({ max: 1, timeWindow: 1000, scope: '' })).toThrow(expect.objectContaining({ message: expect.stringContaining("option 'scope' must be a name shared by the routes counted together") }))
    expect(() => RateLimit({ max: 1, timeWindow: 1000 }, 'user' as never)).toThrow(expect.objectContaining({ message: expect.stringContaining('the second argument must be a function') }))
    expect(() => RateLimit({ max: 1, timeWindow: 1000, times: 2 } as never)).toThrow(expect.objectContaining({ message: expect.stringContaining("option 'times' is not an option of RateLimit") }))
  })
})
