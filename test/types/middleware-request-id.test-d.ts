// Type tests for request ids: checked by `tsc` in `npm test`. The plugin and the preset's
// requestId take the same options; fastapiServerOptions' accessLog is a switch.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { fastapi, fastapiServerOptions, RequestIdMiddleware, type RequestIdOptions } from 'fastify-fastapi'
import { RequestIdMiddleware as FromSubpath } from 'fastify-fastapi/middleware'

expectTypeOf(FromSubpath).toEqualTypeOf(RequestIdMiddleware)
expectTypeOf<RequestIdOptions>().toEqualTypeOf<{ header?: string, trustHeader?: boolean, generate?: () => string, accessLog?: boolean }>()

const app = Fastify(fastapiServerOptions({ logger: true, accessLog: true }))
await app.register(fastapi, { requestId: { trustHeader: true } })
await app.register(fastapi, { requestId: false })
await app.register(RequestIdMiddleware, { header: 'X-Correlation-ID', generate: () => 'id' })

// @ts-expect-error  requestId takes options or false, not true
await app.register(fastapi, { requestId: true })
// @ts-expect-error  trustHeader is a switch, not a list of proxies
await app.register(RequestIdMiddleware, { trustHeader: ['10.0.0.1'] })
// @ts-expect-error  generate makes a string
await app.register(RequestIdMiddleware, { generate: () => 42 })
// @ts-expect-error  accessLog is a switch
fastapiServerOptions({ accessLog: 'on' })
