// Type tests for fastapiServerOptions(): checked by `tsc` in `npm test`. What it returns spreads
// into Fastify({...}) beside the user's own options; it takes only its limits, as numbers.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { fastapiServerOptions, type FastAPIServerOptions, type ServerLimits } from 'fastify-fastapi'

const server = fastapiServerOptions({ requestTimeout: 120_000 })
expectTypeOf(server).toEqualTypeOf<FastAPIServerOptions>()
Fastify({ ...server, logger: true })
Fastify({ ...server, http: { ...server.http, maxHeaderSize: 32_768 }, bodyLimit: 10 * 1024 * 1024 })

expectTypeOf<ServerLimits>().toEqualTypeOf<{ requestTimeout?: number, headersTimeout?: number, keepAliveTimeout?: number, maxRequestsPerSocket?: number, handlerTimeout?: number }>()
// @ts-expect-error  a timeout is a number of milliseconds, not a string
fastapiServerOptions({ requestTimeout: '30s' })
// @ts-expect-error  bodyLimit is Fastify's own option, set beside the spread
fastapiServerOptions({ bodyLimit: 1024 })
// @ts-expect-error  handlerTimeout is a number of milliseconds, not a string
fastapiServerOptions({ handlerTimeout: '10s' })
