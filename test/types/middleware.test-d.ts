// Type tests for the middleware: checked by `tsc` in `npm test`. Each plugin takes Starlette's
// options in camelCase, alone or through the preset; misuses do not compile.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { fastapi, CORSMiddleware as CORSFromRoot, type FastAPIOptions } from 'fastify-fastapi'
import {
  CORSMiddleware, GZipMiddleware, HTTPSRedirectMiddleware, SecurityHeadersMiddleware, TrustedHostMiddleware,
  type CORSOptions, type GZipOptions, type HTTPSRedirectOptions, type SecurityHeadersOptions, type TrustedHostOptions,
} from 'fastify-fastapi/middleware'

const app = Fastify()
await app.register(CORSMiddleware, { allowOrigins: ['http://localhost:5173'], allowOriginRegex: /https:\/\/.*\.example\.org/, allowMethods: ['*'], allowHeaders: ['*'], allowCredentials: true, exposeHeaders: ['X-Total-Count'], maxAge: 3600 })
await app.register(GZipMiddleware, { minimumSize: 1000, compressLevel: 5 })
await app.register(TrustedHostMiddleware, { allowedHosts: ['example.com', '*.example.com'], wwwRedirect: false })
// No options, as Starlette's (an unknown one is refused at registration).
await app.register(HTTPSRedirectMiddleware)
await app.register(HTTPSRedirectMiddleware, {})
await app.register(SecurityHeadersMiddleware, { contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'https:'] } }, strictTransportSecurity: { maxAge: 63_072_000 } })
await app.register(fastapi, { cors: { allowOrigins: ['*'] }, gzip: {}, trustedHost: { allowedHosts: ['*'] }, httpsRedirect: {}, securityHeaders: {} })
expectTypeOf(CORSFromRoot).toEqualTypeOf(CORSMiddleware)

expectTypeOf<CORSOptions['allowOrigins']>().toEqualTypeOf<readonly string[] | undefined>()
expectTypeOf<CORSOptions['allowOriginRegex']>().toEqualTypeOf<string | RegExp | undefined>()
expectTypeOf<CORSOptions['maxAge']>().toEqualTypeOf<number | undefined>()
expectTypeOf<GZipOptions['minimumSize']>().toEqualTypeOf<number | undefined>()
expectTypeOf<TrustedHostOptions['wwwRedirect']>().toEqualTypeOf<boolean | undefined>()
expectTypeOf<FastAPIOptions['cors']>().toEqualTypeOf<CORSOptions | false | undefined>()
expectTypeOf<FastAPIOptions['securityHeaders']>().toEqualTypeOf<SecurityHeadersOptions | false | undefined>()
expectTypeOf<FastAPIOptions['httpsRedirect']>().toEqualTypeOf<HTTPSRedirectOptions | false | undefined>()
// A route takes helmet's per-route option.
app.get('/bare', { helmet: false }, async () => 'bare')

// @ts-expect-error  Starlette's snake_case names are camelCase here: allowOrigins
const snake: CORSOptions = { allow_origins: ['*'] }
// @ts-expect-error  allowOrigins is a list, even of one origin
const single: CORSOptions = { allowOrigins: 'https://example.org' }
// @ts-expect-error  allowCredentials is a boolean
const yes: CORSOptions = { allowCredentials: 'true' }
// @ts-expect-error  compressLevel is a number, not a name
const level: GZipOptions = { compressLevel: 'best' }
// @ts-expect-error  brotli is not offered: GZipMiddleware is gzip only, as Starlette's
const brotli: GZipOptions = { encodings: ['br'] }
// @ts-expect-error  allowedHosts is a list of names
const host: TrustedHostOptions = { allowedHosts: 'example.com' }
// @ts-expect-error  the headers go on every route: no `global`
const global: SecurityHeadersOptions = { global: false }
// @ts-expect-error  the preset switches a middleware on with an options object, not `true`
const on: FastAPIOptions = { cors: true }
void [snake, single, yes, level, brotli, host, global, on]
