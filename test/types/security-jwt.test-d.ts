// Type tests for JWT: checked by `tsc` in `npm test`. What the claims infer to, from the
// `claims` schema or without one, down to a handler; and misuses that must not compile.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { Depends, JWT, Security, fastapi, type Dependency, type JWTPayload } from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi)

const token = Depends(() => 'raw token')
const optionalToken = Depends((): string | null => null)

// Without a schema: the registered claims, scope, and any other claim as unknown, read-only.
const plain = new JWT({ algorithms: ['HS256'], secret: 'x'.repeat(32) })
expectTypeOf(plain.verify('t')).toEqualTypeOf<Readonly<JWTPayload>>()
expectTypeOf(plain.verify('t').sub).toEqualTypeOf<string | undefined>()
expectTypeOf(plain.verify('t').role).toEqualTypeOf<unknown>()
expectTypeOf(plain.claims(token)).toEqualTypeOf<Dependency<Readonly<JWTPayload>>>()
plain.sign({ sub: 'rick', scope: 'me items', anything: [1, 2] })
// @ts-expect-error  claims are read-only: a remembered token's claims are shared between requests
plain.verify('t').sub = 'admin'
// @ts-expect-error  sub is a string (RFC 7519)
plain.sign({ sub: 7 })

// With a schema: verify returns its output; sign takes its input, without the claims sign writes itself.
const Claims = z.object({ sub: z.string(), role: z.enum(['user', 'admin']).default('user'), exp: z.number() })
const typed = new JWT({ algorithms: ['HS256'], secret: 'x'.repeat(32), claims: Claims })
expectTypeOf(typed.verify('t')).toEqualTypeOf<{ sub: string, role: 'user' | 'admin', exp: number }>()
typed.sign({ sub: 'rick' })
typed.sign({ sub: 'rick', role: 'admin', exp: 1_800_000_000 }, { expiresIn: 60 })
// @ts-expect-error  the schema requires sub
typed.sign({ role: 'admin' })
// @ts-expect-error  'root' is no role of the schema
typed.sign({ sub: 'rick', role: 'root' })

// The claims dependency: typed by the schema, nullable when the token may be missing.
const claims = typed.claims(token)
expectTypeOf(claims).toEqualTypeOf<Dependency<{ sub: string, role: 'user' | 'admin', exp: number }>>()
expectTypeOf(typed.claims(optionalToken)).toEqualTypeOf<Dependency<{ sub: string, role: 'user' | 'admin', exp: number } | null>>()

app.api.get('/me', { deps: { claims: Security(claims, ['me']) } }, ({ deps }) => {
  expectTypeOf(deps.claims.role).toEqualTypeOf<'user' | 'admin'>()
  // @ts-expect-error  'email' is not a claim of the schema
  void deps.claims.email
  return { sub: deps.claims.sub }
})

// @ts-expect-error  the token must come from a dependency that provides a string
typed.claims(Depends(() => 42))
// @ts-expect-error  'none' is not an algorithm a key may allow
void new JWT({ algorithms: ['none'], secret: 'x'.repeat(32) })
// @ts-expect-error  the claims schema must be a zod schema of an object
void new JWT({ algorithms: ['HS256'], secret: 'x'.repeat(32), claims: z.string() })
