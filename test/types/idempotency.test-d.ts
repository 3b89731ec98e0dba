// Type tests for Idempotency: checked by `tsc` in `npm test`. The handler gets the key, a
// string (never null when the key is required); the scope function reads the dependency's
// own deps, typed; misuses do not compile.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { Depends, fastapi, Idempotency, type Dependency, type FastAPIOptions, type IdempotencyOptions } from 'fastify-fastapi'
import { fastapiIdempotency, Idempotency as IdempotencyFromEntry } from 'fastify-fastapi/idempotency'

const app = Fastify()
await app.register(fastapi, { idempotency: { redis: 'redis://127.0.0.1:6379', prefix: 'shop:', maxEntries: 100, maxBodySize: 65_536 } })
await app.register(fastapiIdempotency, {})
expectTypeOf(IdempotencyFromEntry).toEqualTypeOf(Idempotency)
expectTypeOf<FastAPIOptions['idempotency']>().toEqualTypeOf<IdempotencyOptions | false | undefined>()

const currentUser = Depends({ headers: z.object({ authorization: z.string() }) }, ({ headers }) => ({ id: 7, name: headers.authorization }))

const optional = Idempotency()
const required = Idempotency({ required: true, ttl: 3600, lockTimeout: 30, maxKeyLength: 64, name: 'orders' })
const perUser = Idempotency({ deps: { user: currentUser } }, ({ deps }) => {
  expectTypeOf(deps.user).toEqualTypeOf<{ id: number, name: string }>()
  return deps.user.id
})
const byDependency = Idempotency({}, Depends(() => 'alice'))
expectTypeOf(optional).toEqualTypeOf<Dependency<string | null>>()
expectTypeOf(required).toEqualTypeOf<Dependency<string>>()
expectTypeOf(perUser).toEqualTypeOf<Dependency<string | null>>()
expectTypeOf(byDependency).toEqualTypeOf<Dependency<string | null>>()

app.api.post('/orders/', { status: 201, deps: { key: required, other: optional } }, ({ deps }) => {
  expectTypeOf(deps.key).toEqualTypeOf<string>()
  expectTypeOf(deps.other).toEqualTypeOf<string | null>()
  return { key: deps.key }
})

// @ts-expect-error  ttl is seconds, a number
Idempotency({ ttl: '24 hours' })
// @ts-expect-error  required is true or false
Idempotency({ required: 'yes' })
// @ts-expect-error  the scope is a function or a dependency, not a name
Idempotency({}, 'user')
// @ts-expect-error  the scope returns an identity: a string or a number
Idempotency({}, () => ({ id: 1 }))
// @ts-expect-error  'redis' is the plugin's option, not the dependency's
Idempotency({ redis: 'redis://127.0.0.1:6379' })
// @ts-expect-error  the plugin takes no ttl: it is each dependency's
await app.register(fastapiIdempotency, { ttl: 60 })
