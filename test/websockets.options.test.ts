import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, fastapi } from 'fastify-fastapi'
import { fastapiWebSockets } from 'fastify-fastapi/websockets'

// Mistakes in the websockets plugin's options and in websocket routes are coded errors at
// registration, naming the option and the fix.

describe('websocket options', () => {
  it.each([
    [{ maxPayload: 0 }, "fastify-fastapi/websockets: option 'maxPayload' must be an integer of at least 1"],
    [{ maxBufferedBytes: '1MB' }, "option 'maxBufferedBytes' must be an integer of at least 1"],
    [{ pingIntervalMs: -1 }, "option 'pingIntervalMs' must be an integer of at least 1, in ms such as 30000 (or 0 for no keepalive)"],
    [{ onInvalidMessage: 'ignore' }, "option 'onInvalidMessage' must be 'error-frame'"],
    [{ redis: 'localhost:6379' }, "option 'redis' must be a Redis URL"],
    [{ asyncapiUrl: 'asyncapi.json' }, "option 'asyncapiUrl' must be a path such as '/asyncapi.json', or false"],
    [{ maxPayloads: 1 }, "option 'maxPayloads' is not an option of fastify-fastapi/websockets"],
  ])('refuses %j', async (options, message) => {
    const app = Fastify()
    await expect(app.register(fastapiWebSockets, options as object)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) })
    await app.close()
  })

  it('refuses an unknown route option, naming the known ones', async () => {
    const app = Fastify()
    await app.register(fastapi, { websockets: {} })
    expect(() => app.api.websocket('/ws', { incomming: z.string() } as never, () => undefined)).toThrow(expect.objectContaining({ code: 'FFA_ERR_ROUTE_OPTION_UNKNOWN' }))
    await app.close()
  })

  it('refuses a router\'s websocket route at its declaration: a path param without params, a schema that is not zod', () => {
    const router = new APIRouter()
    expect(() => router.websocket('/rooms/{room}', () => undefined)).toThrow(expect.objectContaining({ code: 'FFA_ERR_PATH_PARAM_MISMATCH' }))
    expect(() => router.websocket('/ws', { incoming: { type: 'object' } as never }, () => undefined)).toThrow(expect.objectContaining({ code: 'FFA_ERR_ROUTE_SCHEMA_INVALID' }))
    expect(() => router.websocket('/ws', { onInvalidMessage: 'drop' as never }, () => undefined)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID' }))
  })

  it('refuses a websocket route without the websockets plugin, saying how to add it', async () => {
    const app = Fastify()
    await app.register(fastapi)
    expect(() => app.api.websocket('/ws', () => undefined)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_PLUGIN_MISSING',
      message: "Websocket route /ws needs the websockets (fastify-fastapi/websockets, or the fastapi preset's `websockets` option) plugin: register it first, in the same scope or a parent.",
    }))
    await app.close()
  })

  it('refuses two websocket routes on one path, naming both places', async () => {
    const app = Fastify()
    await app.register(fastapi, { websockets: {} })
    app.api.websocket('/ws', () => undefined)
    expect(() => app.api.websocket('/ws', () => undefined)).toThrow(expect.objectContaining({ code: 'FFA_ERR_ROUTE_DUPLICATE' }))
    await app.close()
  })
})
