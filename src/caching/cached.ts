import type { FastifyRequest } from 'fastify'
import { inspect } from 'node:util'
import { Depends, Dependency } from '../depends/dependency.js'
import type { DependencyContext, DependencyOptions } from '../depends/types.js'
import { FFA_ERR_DEP_INVALID, FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject } from '../shared/options.js'
import type { CacheMiss } from './cache.js'
import { cacheOf, cachingPluginMissing } from './caching-state.js'

// A value as it comes back from JSON: a Date is its ISO string, functions and undefined are dropped.
//   AsJson<{ at: Date, tags: Set<string>, n: number }> => { at: string, tags: {}, n: number }
export type AsJson<TValue> =
  TValue extends Date ? string
    : TValue extends string | number | boolean | null ? TValue
      : TValue extends (...args: never[]) => unknown ? never
        : TValue extends ReadonlyArray<infer TItem> ? Array<AsJson<TItem>>
          : TValue extends object ? { [Key in keyof TValue as TValue[Key] extends (...args: never[]) => unknown ? never : Key]: AsJson<TValue[Key]> }
            : TValue

/** What a key or tags function reads: the cached dependency's declared inputs and deps, and the request. */
export interface CacheKeyContext {
  params: Record<string, unknown>
  query: Record<string, unknown>
  headers: Record<string, unknown>
  cookies: Record<string, unknown>
  body: unknown
  form: Record<string, unknown> | undefined
  deps: Record<string, unknown>
  request: FastifyRequest
}

/** How a dependency's value is cached. */
export interface CachedOptions<TValue> {
  /** Seconds a value is kept (fastapi-cache's `expire`): `60`; a fraction for less than a second. */
  ttl: number
  /**
   * The value's key, for `app.cache.invalidate(key)`: by default the dependency's name and its
   * declared params, query, headers, cookies and body. Required when the dependency has `deps`
   * (its value may differ per user: the key must say whose).
   */
  key?: (context: CacheKeyContext) => string
  /** Tags to invalidate values by in groups (`app.cache.invalidateTags('items')`): a list, or a function of the value. */
  tags?: readonly string[] | ((value: AsJson<TValue>, context: CacheKeyContext) => readonly string[])
  /** The name in the default key and in messages: the dependency's name by default. */
  name?: string
}

const OPTIONS = ['ttl', 'key', 'tags', 'name']
const INPUTS = ['params', 'query', 'headers', 'cookies', 'body', 'form'] as const
const NO_TAGS: readonly string[] = Object.freeze([])

/**
 * A dependency whose value is cached (fastapi-cache's `@cache(expire=60)`): in the caching
 * plugin's store (memory, or Redis shared by every instance), as JSON, for `ttl` seconds, by a
 * key of its declared inputs (or your `key`), until it expires or is invalidated
 * (`app.cache.invalidate(key)`, `app.cache.invalidateTags(tag)`). Its own sub-dependencies
 * still run on every request; its function runs only on a miss, once per key in this process
 * however many requests miss together.
 *
 * @example
 * const getItem = Depends({ params: z.object({ item_id: z.coerce.number() }), deps: { db: getDb } },
 *   ({ params, deps }) => deps.db.items.get(params.item_id))
 * const cachedItem = Cached(getItem, { ttl: 60, key: ({ params }) => `item:${params.item_id}`, tags: ['items'] })
 * items.get('/{item_id}', { deps: { item: cachedItem } }, ({ deps }) => deps.item)
 * items.put('/{item_id}', { ... }, async ({ params, request }) => { ...; await request.server.cache.invalidate(`item:${params.item_id}`) })
 */
export function Cached<TValue> (dependency: Dependency<TValue>, options: CachedOptions<TValue>): Dependency<AsJson<TValue>> {
  if (!(dependency instanceof Dependency)) throw new FFA_ERR_DEP_INVALID(`Cached(dependency, options): the dependency must be made with Depends(fn); got ${inspect(dependency, { depth: 0 })}.`)
  const { definition } = dependency
  const given = checkOptionsObject(`Cached(${definition.name})`, options, OPTIONS) as unknown as CachedOptions<TValue>
  const who = `Cached(${given.name ?? definition.name})`
  if (typeof given.ttl !== 'number' || !Number.isFinite(given.ttl) || given.ttl <= 0) throw new FFA_ERR_OPTION_INVALID(who, 'ttl', `must be seconds, more than 0, like 60 (0.5 for half a second); got ${inspect(given.ttl)}`)
  if (given.key !== undefined && typeof given.key !== 'function') throw new FFA_ERR_OPTION_INVALID(who, 'key', `must be a function of the inputs and deps returning the key, like ({ params }) => \`item:\${params.item_id}\`; got ${inspect(given.key, { depth: 0 })}`)
  const tags = given.tags ?? NO_TAGS
  if (typeof tags !== 'function' && !(Array.isArray(tags) && tags.every((tag) => typeof tag === 'string'))) throw new FFA_ERR_OPTION_INVALID(who, 'tags', `must be an array of strings, or a function of the value returning one; got ${inspect(tags, { depth: 0 })}`)
  if (definition.kind === 'generator' || definition.kind === 'asyncGenerator' || definition.kind === 'class' || definition.scope !== 'request') {
    throw new FFA_ERR_DEP_INVALID(`${who}: only a request-scoped function or async function can be cached; ${definition.name} is ${definition.scope === 'request' ? `a ${definition.kind}` : `${definition.scope}-scoped`} (a generator's cleanup or a class instance does not survive JSON; an app-scoped value is already made once).`)
  }
  if (given.key === undefined && Object.keys(definition.deps).length > 0) {
    throw new FFA_ERR_OPTION_INVALID(who, 'key', `is required: ${definition.name} has deps (${Object.keys(definition.deps).join(', ')}), and its value may differ with them (per user ...) where the default key sees only its params. Give the key: key: ({ deps }) => \`orders:\${deps.user.id}\`.`)
  }
  const ttl = Math.max(1, Math.round(given.ttl * 1000))
  const name = given.name ?? definition.name
  const declared = INPUTS.filter((input) => definition.options[input] !== undefined)
  const keyOf = given.key ?? ((context: CacheKeyContext) => `${name}:${JSON.stringify(declared.map((input) => context[input]))}`)
  const call = definition.call as unknown as (context: DependencyContext) => unknown

  function cached (context: DependencyContext): unknown {
    const cache = cacheOf(context.request.server)
    if (cache === undefined) throw cachingPluginMissing(`${who} on route ${context.request.method} ${context.request.routeOptions.url ?? context.request.url}`)
    const keyContext = context as unknown as CacheKeyContext
    const miss: CacheMiss = {
      who,
      compute: () => call(context),
      tags: typeof tags === 'function' ? (value) => tags(value as AsJson<TValue>, keyContext) : () => tags,
    }
    return cache.fetch(keyOf(keyContext), ttl, miss)
  }
  Object.defineProperty(cached, 'name', { value: who })
  const { params, query, headers, cookies, body, form, deps, errors } = definition.options
  const cachedOptions: DependencyOptions = Object.fromEntries(Object.entries({ params, query, headers, cookies, body, form, deps, errors }).filter(([, value]) => value !== undefined))
  return (Depends as (options: DependencyOptions, fn: (context: DependencyContext) => unknown) => Dependency<AsJson<TValue>>)({ ...cachedOptions, name: who }, cached)
}
