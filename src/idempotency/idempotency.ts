import { randomUUID } from 'node:crypto'
import { inspect } from 'node:util'
import { z } from 'zod'
import { Dependency, dependsWithChecks, type DependencyDefinition } from '../depends/dependency.js'
import type { DependencyContext, DependencyOptions, DepsDeclaration, RouteUse } from '../depends/types.js'
import { HTTPException } from '../errors/http-exception.js'
import { FFA_ERR_DEP_INVALID, FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean, checkOptionsObject, checkPositiveInteger, describeValue } from '../shared/options.js'
import { requestFingerprint } from './fingerprint.js'
import { IDEMPOTENCY_ERRORS, KEY_IN_FLIGHT, KEY_MISSING, KEY_REUSED, readIdempotencyKey } from './idempotency-key.js'
import { idempotencyPluginMissing, idempotencyStateOf } from './idempotency-state.js'
import { IdempotentReplay, setClaim, type StoredAnswer, type StoredClaim } from './stored-answer.js'

/** Whose key it is: a user id, an API key ... `null` or `undefined`: this request's key is not used. */
export type IdempotencyIdentity = string | number | null | undefined

/** How an Idempotency dependency works; every field has a default. */
export interface IdempotencySettings {
  /** `true`: a request without an `Idempotency-Key` is answered 400 (the draft's). `false` by default: it runs as usual. */
  required?: boolean
  /** Seconds a key and its answer are kept (the draft's expiry): 86 400 (24 hours, as Stripe). A key reused after it runs again. */
  ttl?: number
  /**
   * Seconds a key stays claimed while its first request runs: 60. Longer than your slowest
   * handler: past it, a retry runs again. An instance that dies mid-request frees its keys after it.
   */
  lockTimeout?: number
  /** The longest key taken, in characters: 255 (Stripe's). A longer one is answered 400. */
  maxKeyLength?: number
  /** Sub-dependencies the scope function reads (`{ user: currentUser }`). */
  deps?: DepsDeclaration
  /** The name in messages and logs: `'Idempotency'`. */
  name?: string
}

/**
 * Whose keys these are (two users' same key then never meet): a function of the
 * dependency's deps (`({ deps }) => deps.user.id`), or a dependency whose value is the identity.
 */
export type IdempotencyScope<TOptions> =
  | ((context: DependencyContext<TOptions>) => IdempotencyIdentity | Promise<IdempotencyIdentity>)
  | Dependency<IdempotencyIdentity>

/** What the handler gets: the key, or `null` without one (never `null` when the key is `required`). */
export type IdempotencyKeyValue<TOptions> = TOptions extends { required: true } ? string : string | null

const OPTIONS = ['required', 'ttl', 'lockTimeout', 'maxKeyLength', 'deps', 'name']
const SCOPE_DEP = 'idempotencyScope'
// The draft's methods: the others are idempotent by HTTP's definition (or safe).
const METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH'])

type ScopeOf = (context: DependencyContext) => IdempotencyIdentity | Promise<IdempotencyIdentity>

const definitions = new WeakSet<DependencyDefinition>()

/** Whether a dependency is an Idempotency one: its routes replay and store answers (the plugin hooks them). */
export function isIdempotencyDefinition (definition: DependencyDefinition): boolean {
  return definitions.has(definition)
}

function seconds (where: string, option: string, value: unknown, example: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new FFA_ERR_OPTION_INVALID(where, option, `must be seconds, more than 0, like ${example}; got ${describeValue(value)}`)
  return Math.max(1, Math.round(value * 1000))
}

/**
 * An `Idempotency-Key` for a POST or PATCH route (draft-ietf-httpapi-idempotency-key-header,
 * as Stripe's API takes it): the first answer to a key (status, the headers the route set,
 * body) is stored in the idempotency plugin's store (memory, or Redis shared by every
 * instance) and sent again, with `Idempotent-Replayed: true`, to a retry with the same key
 * and the same request (method, URL and body), which does not run. Meanwhile the same key
 * is answered 409; with another request, 422; a missing key 400 when `required`. Server
 * errors are not stored: the key is released for a retry. Keys expire after `ttl` seconds.
 *
 * The scope is the second argument, as a RateLimit's key is: the keys of each identity
 * apart (per user). The handler gets the key, or `null`.
 *
 * @example
 * const idempotencyKey = Idempotency({ deps: { user: currentUser } }, ({ deps }) => deps.user.id)
 * orders.post('/', { body: OrderCreate, status: 201, deps: { user: currentUser, key: idempotencyKey } },
 *   ({ body, deps }) => createOrder(deps.user, body))
 */
export function Idempotency<const TOptions extends IdempotencySettings = Record<never, never>> (
  options?: TOptions,
  scope?: IdempotencyScope<TOptions>,
): Dependency<IdempotencyKeyValue<TOptions>> {
  const given = checkOptionsObject('Idempotency', options, OPTIONS) as IdempotencySettings
  const name = given.name ?? 'Idempotency'
  if (typeof name !== 'string' || name === '') throw new FFA_ERR_OPTION_INVALID('Idempotency', 'name', `must be a non-empty string; got ${describeValue(name)}`)
  const where = name === 'Idempotency' ? name : `Idempotency(${name})`
  const { required = false, maxKeyLength = 255 } = given
  checkBoolean(where, 'required', required)
  checkPositiveInteger(where, 'maxKeyLength', maxKeyLength, 'like 255')
  const ttlMs = seconds(where, 'ttl', given.ttl ?? 86_400, '86_400 (24 hours)')
  const lockMs = seconds(where, 'lockTimeout', given.lockTimeout ?? 60, '60')
  const deps: DepsDeclaration = { ...given.deps }
  let scopeOf: ScopeOf | undefined
  if (scope instanceof Dependency) {
    deps[SCOPE_DEP] = scope
    scopeOf = (context) => (context.deps as Record<string, IdempotencyIdentity>)[SCOPE_DEP]
  } else if (typeof scope === 'function') {
    scopeOf = scope as ScopeOf
  } else if (scope !== undefined) {
    throw new FFA_ERR_OPTION_INVALID(where, '(scope)', `the second argument must be a function of the dependency's deps (({ deps }) => deps.user.id) or a dependency whose value is the identity; got ${inspect(scope, { depth: 0 })}`)
  }

  async function idempotency (context: DependencyContext): Promise<string | null> {
    const { request, reply } = context
    const state = idempotencyStateOf(request.server)
    if (state === undefined) throw idempotencyPluginMissing(`${where} on route ${request.method} ${request.routeOptions.url ?? request.url}`)
    const key = readIdempotencyKey(request, maxKeyLength)
    if (key === null) {
      if (required) throw new HTTPException(400, KEY_MISSING)
      return null
    }
    let storeKey = `k:${key}`
    if (scopeOf !== undefined) {
      const identity = await scopeOf(context)
      if (identity === null || identity === undefined) return null
      // encodeURIComponent leaves no ':' in the identity: no two (identity, key) pairs share a name.
      storeKey = `u:${encodeURIComponent(String(identity))}:${key}`
    }
    const fingerprint = requestFingerprint(request)
    const claim = JSON.stringify({ f: fingerprint, t: randomUUID() } satisfies StoredClaim)
    const held = await state.store.claim(storeKey, claim, lockMs)
    if (held === null) {
      setClaim(request, { state, key: storeKey, claim, fingerprint, ttlMs, headersBefore: { ...reply.getHeaders() }, error: undefined, settled: false })
      return key
    }
    const record = JSON.parse(held) as StoredClaim | StoredAnswer
    if (record.f !== fingerprint) throw new HTTPException(422, KEY_REUSED)
    if (!('s' in record)) throw new HTTPException(409, KEY_IN_FLIGHT)
    throw new IdempotentReplay(record)
  }

  // The key is read in a hook before the body, too: a missing or malformed one is answered
  // 400 unread, as a security scheme answers 401.
  function checkKeyEarly (request: DependencyContext['request']): void {
    if (readIdempotencyKey(request, maxKeyLength) === null && required) throw new HTTPException(400, KEY_MISSING)
  }

  function checkRoute (route: RouteUse): void {
    const others = route.methods.filter((method) => !METHODS.has(method))
    if (others.length > 0) {
      throw new FFA_ERR_DEP_INVALID(`${where} on ${route.owner}: an Idempotency-Key makes a POST or PATCH safe to retry, and ${others.join(', ')} needs none (GET, HEAD, PUT and DELETE are idempotent by HTTP's definition). Use it on POST and PATCH routes only (not in app- or router-wide dependencies that reach other methods).`)
    }
    if (idempotencyStateOf(route.instance) === undefined) throw idempotencyPluginMissing(`${where} on ${route.owner}`)
  }

  // The length is documented, not validated here: the key is read (and refused 400) by
  // readIdempotencyKey, which also unquotes the draft's "..." form.
  const field = z.string().meta({ maxLength: maxKeyLength, description: 'A unique key for this operation (a UUID): a retry with the same key gets the first answer again, without running twice.' })
  const dependencyOptions: DependencyOptions = {
    name,
    headers: z.object({ idempotency_key: required ? field : field.optional() }),
    deps,
    errors: [...IDEMPOTENCY_ERRORS],
  }
  const dependency = dependsWithChecks(dependencyOptions, idempotency as (context: DependencyContext) => unknown, { early: checkKeyEarly, route: checkRoute })
  definitions.add(dependency.definition)
  return dependency as Dependency<IdempotencyKeyValue<TOptions>>
}
