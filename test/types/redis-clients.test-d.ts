// Type tests for the plugins' `redis` options: checked by `tsc` in `npm test`. Each takes a
// Redis URL or an ioredis client of the app's own; anything else does not compile. The
// library's own declarations never load ioredis' (an app without Redis reads none of it);
// an app that passes a client has it, and it fits.
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { expectTypeOf } from 'vitest'
import { RedisRefreshTokenStore, type FastAPIOptions, type RedisClient } from 'fastify-fastapi'
import { fastapiCaching } from 'fastify-fastapi/caching'
import { fastapiIdempotency } from 'fastify-fastapi/idempotency'
import { fastapiJobs } from 'fastify-fastapi/jobs'
import { fastapiRateLimit } from 'fastify-fastapi/rate-limit'
import { fastapiWebhooks } from 'fastify-fastapi/webhooks'
import { fastapiWebSockets } from 'fastify-fastapi/websockets'

declare const app: FastifyInstance
const client = new Redis({ lazyConnect: true })
expectTypeOf(client).toExtend<RedisClient>()

await app.register(fastapiCaching, { redis: client })
await app.register(fastapiIdempotency, { redis: client })
await app.register(fastapiJobs, { jobs: [], bullmq: { redis: client } })
await app.register(fastapiRateLimit, { redis: client })
await app.register(fastapiWebhooks, { redis: client })
await app.register(fastapiWebSockets, { redis: client })
await app.register(fastapiCaching, { redis: 'redis://127.0.0.1:6379' })
const preset: FastAPIOptions = { rateLimit: { redis: client }, cache: { redis: 'rediss://cache.internal:6380' } }
expectTypeOf(preset).toExtend<FastAPIOptions>()
expectTypeOf(new RedisRefreshTokenStore({ client })).toEqualTypeOf<RedisRefreshTokenStore>()

// @ts-expect-error  a port is no Redis: a URL or an ioredis client
await app.register(fastapiRateLimit, { redis: 6379 })
// @ts-expect-error  connection options are not a client: pass new Redis(options), or a URL
await app.register(fastapiCaching, { redis: { host: '127.0.0.1', port: 6379 } })
// @ts-expect-error  nor here
new RedisRefreshTokenStore({ client: { host: '127.0.0.1' } })
