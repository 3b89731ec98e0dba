// TrustedHostMiddleware's options, checked at registration: Starlette asserts the wildcard
// form ("Domain wildcard patterns must be like '*.example.com'"); a pattern with a port would
// never match, since the port is not compared.
import { describe, expect, it } from 'vitest'
import { TrustedHostMiddleware } from 'fastify-fastapi/middleware'
import { registerAlone } from './helpers/middleware.js'

const register = (options: unknown): Promise<void> => registerAlone(TrustedHostMiddleware, options)

describe('TrustedHostMiddleware options', () => {
  it.each([
    [{ allowedHosts: ['example.*'] }, "fastify-fastapi/trusted-host: option 'allowedHosts[0]' domain wildcard patterns must be like '*.example.com': a '*' only as the whole first label; got string 'example.*'"],
    [{ allowedHosts: ['*example.com'] }, "domain wildcard patterns must be like '*.example.com'"],
    [{ allowedHosts: ['a.*.com'] }, "domain wildcard patterns must be like '*.example.com'"],
    [{ allowedHosts: ['example.com:8000'] }, "option 'allowedHosts[0]' must be a host name without a port or scheme, like 'example.com' or '*.example.com'; got string 'example.com:8000'"],
    [{ allowedHosts: ['https://example.com'] }, 'must be a host name without a port or scheme'],
    [{ allowedHosts: [''] }, "option 'allowedHosts[0]' must be a host name"],
    [{ allowedHosts: 'example.com' }, "option 'allowedHosts' must be an array of host names"],
    [{ wwwRedirect: 'no' }, "option 'wwwRedirect' must be true or false"],
  ])('refuses %j at registration', async (options, message) => {
    await expect(register(options)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) as string })
  })

  it('accepts "*", a *. pattern of a top-level domain, and IP addresses', async () => {
    await expect(register({ allowedHosts: ['*'] })).resolves.toBeUndefined()
    await expect(register({ allowedHosts: ['*.com', '127.0.0.1', '[::1]', 'localhost'] })).resolves.toBeUndefined()
  })
})
