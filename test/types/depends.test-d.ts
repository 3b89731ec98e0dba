// Type tests for Depends: checked by `tsc` in `npm test`. Each shows what a dependency's value
// infers to where it is used, and a misuse that must not compile, with the reason after each
// expected error.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import {
  APIRouter, Depends, DependencyOverrides, Security, SecurityScopes, depsOf, fastapi, resolve, withDependency,
  type Dependency, type DependencyValue,
} from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi)

interface Db { query: (sql: string) => Promise<unknown[]> }
interface User { name: string, admin: boolean }

// Level 2: an async generator (the value is its yield type) and a class (the value is an instance).
const getDb = Depends(async function * getDb () {
  const db: Db = { query: async () => [] }
  yield db
})
class Settings {
  readonly dsn = 'postgres://'
}
const getSettings = Depends(Settings)
// Level 1: an async function (the value is what its promise resolves to) reading both.
const getUser = Depends({ deps: { db: getDb, settings: getSettings } }, async ({ deps }): Promise<User> => {
  expectTypeOf(deps.db).toEqualTypeOf<Db>()
  expectTypeOf(deps.settings).toEqualTypeOf<Settings>()
  // @ts-expect-error  'database' is not a declared sub-dependency (it is 'db')
  void deps.database
  return { name: 'rick', admin: true }
})
// A sync generator yields the value; a sync function returns it.
const getTx = Depends({ deps: { db: getDb } }, function * getTx ({ deps }) { yield { db: deps.db, id: 1 } })
const getFlag = Depends(() => true)

expectTypeOf(getDb).toEqualTypeOf<Dependency<Db>>()
expectTypeOf(getSettings).toEqualTypeOf<Dependency<Settings>>()
expectTypeOf<DependencyValue<typeof getUser>>().toEqualTypeOf<User>()
expectTypeOf<DependencyValue<typeof getTx>>().toEqualTypeOf<{ db: Db, id: number }>()
expectTypeOf(getFlag).toEqualTypeOf<Dependency<boolean>>()

// The handler's `deps` is typed through both levels, with no annotation.
app.api.get('/me', { deps: { user: getUser, db: getDb, settings: getSettings, tx: getTx, flag: getFlag } }, ({ deps }) => {
  expectTypeOf(deps.user).toEqualTypeOf<User>()
  expectTypeOf(deps.db).toEqualTypeOf<Db>()
  expectTypeOf(deps.settings).toEqualTypeOf<Settings>()
  expectTypeOf(deps.tx).toEqualTypeOf<{ db: Db, id: number }>()
  expectTypeOf(deps.flag).toEqualTypeOf<boolean>()
  // @ts-expect-error  'usr' is not a declared dep (the dep is 'user')
  void deps.usr
  return deps.user
})

// A route without deps has none to read.
app.api.get('/none', ({ deps }) => {
  // @ts-expect-error  no deps were declared
  void deps.user
  return 'none'
})

// On an APIRouter too, with Security and a per-use option: the value's type is the same.
const router = new APIRouter({ prefix: '/items', dependencies: [getFlag] })
router.get('/', { deps: { user: Security(getUser, ['items:read']), fresh: Depends(getFlag, { useCache: false }) } }, ({ deps }) => {
  expectTypeOf(deps.user).toEqualTypeOf<User>()
  expectTypeOf(deps.fresh).toEqualTypeOf<boolean>()
  return []
})

// A dependency's own params are the schemas' outputs; undeclared locations are empty.
const pagination = Depends({
  query: z.object({ skip: z.number().int().default(0), limit: z.number().int().optional() }),
  headers: z.object({ x_tenant: z.string() }),
  params: z.object({ item_id: z.number().int() }),
}, ({ query, headers, params, cookies, body, securityScopes, request, reply }) => {
  expectTypeOf(query.skip).toEqualTypeOf<number>()
  expectTypeOf(query.limit).toEqualTypeOf<number | undefined>()
  expectTypeOf(headers.x_tenant).toEqualTypeOf<string>()
  expectTypeOf(params.item_id).toEqualTypeOf<number>()
  expectTypeOf(body).toEqualTypeOf<undefined>()
  expectTypeOf(securityScopes).toEqualTypeOf<SecurityScopes>()
  expectTypeOf(securityScopes.scopes).toEqualTypeOf<readonly string[]>()
  expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
  expectTypeOf(reply).toEqualTypeOf<FastifyReply>()
  // @ts-expect-error  'offset' is not a declared query param
  void query.offset
  // @ts-expect-error  no cookies were declared
  void cookies.session
  return { skip: query.skip, limit: query.limit ?? 10 }
})
expectTypeOf<DependencyValue<typeof pagination>>().toEqualTypeOf<{ skip: number, limit: number }>()
expectTypeOf(pagination).toExtend<Dependency<{ skip: number, limit: number }>>()

// Body params a dependency declares are read by name, each its output type.
Depends({ body: { owner: z.string(), importance: z.int().default(1) } }, ({ body }) => {
  expectTypeOf(body).toEqualTypeOf<{ owner: string, importance: number }>()
})

// A body a dependency declares is its output type.
Depends({ body: z.object({ owner: z.string() }) }, ({ body }) => {
  expectTypeOf(body).toEqualTypeOf<{ owner: string }>()
  return body.owner
})

// An app-scoped dependency has no request.
Depends({ scope: 'app' }, ({ request, reply }) => {
  expectTypeOf(request).toEqualTypeOf<undefined>()
  expectTypeOf(reply).toEqualTypeOf<undefined>()
  return 'pool'
})

// @ts-expect-error  a dependency must be a function, a generator or a class, not a number
Depends(42)

// @ts-expect-error  'qurey' is not a Depends option
Depends({ qurey: z.object({ q: z.string() }) }, () => 'q')

// @ts-expect-error  'session' is not a scope
Depends({ scope: 'session' }, () => 'q')

// Overrides must provide the original's type: a value, a promise, a generator, or a Depends of it.
app.dependencyOverrides.set(getUser, () => ({ name: 'test', admin: false }))
app.dependencyOverrides.set(getUser, async () => ({ name: 'test', admin: false }))
app.dependencyOverrides.set(getDb, async function * fakeDb () { yield { query: async () => [] } })
app.dependencyOverrides.set(getUser, Depends({ query: z.object({ as: z.string() }) }, ({ query }) => ({ name: query.as, admin: false })))
// @ts-expect-error  the override returns { wrong: true }, which is not a User
app.dependencyOverrides.set(getUser, () => ({ wrong: true }))
// @ts-expect-error  the override dependency provides a string, not a User
app.dependencyOverrides.set(getUser, Depends(() => 'rick'))
// @ts-expect-error  only a dependency made with Depends can be overridden
app.dependencyOverrides.set(() => 1, () => 1)

// Plain Fastify routes: `depsOf` types `request.deps`.
const plainDeps = { user: getUser, page: pagination }
app.get('/plain', { deps: plainDeps }, async (request) => {
  const deps = depsOf(request, plainDeps)
  expectTypeOf(deps.user).toEqualTypeOf<User>()
  expectTypeOf(deps.page).toEqualTypeOf<{ skip: number, limit: number }>()
  expectTypeOf(request.deps).toEqualTypeOf<Record<string, unknown>>()
  // @ts-expect-error  'usr' is not in the deps given to depsOf
  void deps.usr
  return deps.user
})

// Outside requests, the value has the dependency's type too.
const overrides = new DependencyOverrides().set(getDb, () => ({ query: async () => [] }))
const resolved = await resolve(getUser, { overrides })
expectTypeOf(resolved.value).toEqualTypeOf<User>()
expectTypeOf(resolved.close).toEqualTypeOf<() => Promise<void>>()
const name = await withDependency(getUser, (user) => {
  expectTypeOf(user).toEqualTypeOf<User>()
  return user.name
})
expectTypeOf(name).toEqualTypeOf<string>()
