// CORSMiddleware's options, checked at registration: a mistake is FFA_ERR_OPTION_INVALID
// naming the option and the fix, never a policy that silently allows nothing (an origin with
// a trailing slash) or fails on the first request (a pattern that does not compile).
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { CORSMiddleware } from 'fastify-fastapi/middleware'
import { registerAlone } from './helpers/middleware.js'

const register = (options: unknown): Promise<void> => registerAlone(CORSMiddleware, options)

describe('CORSMiddleware options', () => {
  it.each([
    [{ allowOriginRegex: 'https://(' }, "fastify-fastapi/cors: option 'allowOriginRegex' must compile as a regular expression"],
    [{ allowOriginRegex: 42 }, "option 'allowOriginRegex' must be a regular expression (a RegExp or a string)"],
    [{ allowOrigins: 'https://example.org' }, "option 'allowOrigins' must be an array of origins, like ['https://example.org']; got string 'https://example.org'"],
    [{ allowOrigins: ['https://example.org/'] }, "option 'allowOrigins[0]' must be an origin (scheme://host[:port], no path, no trailing slash), or '*' for any; write it as a browser sends it: 'https://example.org'"],
    [{ allowOrigins: ['https://Example.org:443'] }, "write it as a browser sends it: 'https://example.org'"],
    [{ allowOrigins: ['example.org'] }, "option 'allowOrigins[0]' must be an origin"],
    [{ allowMethods: 'GET' }, "option 'allowMethods' must be an array of names"],
    [{ allowHeaders: ['X Token'] }, "option 'allowHeaders[0]' must be a name of letters, digits"],
    [{ exposeHeaders: [1] }, "option 'exposeHeaders[0]' must be a name"],
    [{ allowCredentials: 'yes' }, "option 'allowCredentials' must be true or false; got string 'yes'"],
    [{ allowPrivateNetwork: 1 }, "option 'allowPrivateNetwork' must be true or false"],
    [{ maxAge: -1 }, "option 'maxAge' must be a whole number of seconds, 0 or more, like 600; got number -1"],
    [{ maxAge: 1.5 }, "option 'maxAge' must be a whole number of seconds"],
    [{ allow_origins: ['*'] }, "option 'allow_origins' is not an option of fastify-fastapi/cors; its options are: allowOrigins, allowOriginRegex"],
  ])('refuses %j at registration', async (options, message) => {
    await expect(register(options)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) as string })
  })

  it('accepts "*" with credentials, as Starlette does (each request\'s origin is named back)', async () => {
    await expect(register({ allowOrigins: ['*'], allowCredentials: true })).resolves.toBeUndefined()
  })

  it('accepts a port, localhost and the literal "null"', async () => {
    await expect(register({ allowOrigins: ['http://localhost:5173', 'http://127.0.0.1:8000', 'null'] })).resolves.toBeUndefined()
  })

  it('refuses to be registered twice in one scope with other options', async () => {
    const app = Fastify()
    await app.register(CORSMiddleware, { allowOrigins: ['https://a.example'] })
    await expect(app.register(CORSMiddleware, { allowOrigins: ['https://b.example'] })).rejects.toMatchObject({ code: 'FFA_ERR_PLUGIN_OPTIONS_CONFLICT' })
    await app.close()
  })
})
