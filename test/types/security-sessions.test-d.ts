// Type tests for sessions and passwords: checked by `tsc` in `npm test`. sessionAuth() carries
// the user's type to every handler that uses it; the plugin needs a secret.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import {
  Dependency, fastapi, fastapiSessions, hashPassword, needsRehash, passwordHasher, sessionAuth, verifyPassword,
  type PasswordHasher, type SessionsOptions,
} from 'fastify-fastapi'

interface User { id: number, username: string }

const currentUser = sessionAuth<User>()
expectTypeOf(currentUser).toEqualTypeOf<Dependency<User>>()
const maybeUser = sessionAuth<User>({ autoError: false })
expectTypeOf(maybeUser).toEqualTypeOf<Dependency<User | undefined>>()
expectTypeOf(sessionAuth()).toEqualTypeOf<Dependency<unknown>>()

const app = Fastify()
await app.register(fastapi, { sessions: { secret: 'x'.repeat(32), store: { url: 'redis://127.0.0.1:6379' }, cookie: { sameSite: 'strict' } } })
app.api.get('/users/me', { deps: { user: currentUser, maybe: maybeUser } }, async ({ deps, request }) => {
  expectTypeOf(deps.user).toEqualTypeOf<User>()
  expectTypeOf(deps.maybe).toEqualTypeOf<User | undefined>()
  expectTypeOf(request.sessionLogin).parameter(0).toBeUnknown()
  expectTypeOf(request.csrfToken()).toEqualTypeOf<Promise<string>>()
  expectTypeOf(request.sessionLogout()).toEqualTypeOf<Promise<void>>()
  return deps.user
})
app.post('/plain', { preHandler: app.csrfProtection }, async (request) => (await request.loadSession()).sessionId)

// @ts-expect-error  a secret is required
await app.register(fastapiSessions, {})
// @ts-expect-error  the store is 'memory', a Redis URL or a store object
await app.register(fastapiSessions, { secret: 'x'.repeat(32), store: 'redis' })
// @ts-expect-error  sameSite is lax, strict or none
const wrongSameSite: SessionsOptions = { secret: 'x'.repeat(32), cookie: { sameSite: 'loose' } }
// @ts-expect-error  HttpOnly is not an option: a session cookie is always HttpOnly
const readable: SessionsOptions = { secret: 'x'.repeat(32), cookie: { httpOnly: false } }
void wrongSameSite
void readable

expectTypeOf(hashPassword).returns.toEqualTypeOf<Promise<string>>()
expectTypeOf(verifyPassword).returns.toEqualTypeOf<Promise<boolean>>()
expectTypeOf(needsRehash).returns.toEqualTypeOf<boolean>()
expectTypeOf(passwordHasher({ cost: 18 })).toEqualTypeOf<PasswordHasher>()
// @ts-expect-error  the cost is a number (a power of two's exponent)
passwordHasher({ cost: '17' })
