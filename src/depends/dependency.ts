import { inspect } from 'node:util'
import { DeclarationSite } from '../shared/declaration-site.js'
import { FFA_ERR_BODY_AND_FORM, FFA_ERR_DEP_INVALID } from '../shared/codes.js'
import { isHttpStatus } from '../shared/http-status.js'
import { isBodyDeclaration } from '../inputs/body-declaration.js'
import { isZodObject } from '../shared/is-zod-schema.js'
import type { OneBody } from '../inputs/declared-inputs.js'
import { kEarlyCheck, kRouteCheck } from '../shared/symbols.js'
import { mayReadScopes } from './reads-scopes.js'
import type {
  DeclaredError, DependencyContext, EarlyCheck, DependencyOptionName, RouteCheck, DependencyOptions, DependencyScope, DepsDeclaration,
  NoUnknownDependencyOptions, ProvidedValue,
} from './types.js'

declare const providedValue: unique symbol
declare const declaredOptions: unique symbol

/** How a dependency function is called and what it returns. */
export type DependencyKind = 'function' | 'async' | 'generator' | 'asyncGenerator' | 'class'

type AnyFunction = (context: never) => unknown

/** What `Depends` declared, shared by every use of the dependency. */
export interface DependencyDefinition {
  readonly name: string
  readonly call: AnyFunction
  readonly kind: DependencyKind
  readonly options: Readonly<DependencyOptions>
  readonly deps: Readonly<DepsDeclaration>
  readonly scope: DependencyScope
  readonly errors: readonly DeclaredError[]
  /** Whether it reads the request: params, query, headers, cookies, body or form. */
  readonly readsRequest: boolean
  /** Whether its function may read `securityScopes` (then its value depends on them). */
  readonly readsScopes: boolean
  /** Its check of the request before the body is read, if it has one (see EarlyCheck). */
  readonly [kEarlyCheck]?: EarlyCheck
  /** Its check of each route that uses it, at registration (see RouteCheck). */
  readonly [kRouteCheck]?: RouteCheck
}

/**
 * One use of a dependency: FastAPI's `Depends(fn)`. Carries the value's type for inference,
 * and the options it was declared with (its params, query, headers, cookies and
 * sub-dependencies) for the typed client; at run time, the definition and how this use wants
 * it (cached, with which scopes).
 */
export class Dependency<TValue = unknown, TOptions = unknown> {
  declare readonly [providedValue]?: TValue
  declare readonly [declaredOptions]?: TOptions
  readonly definition: DependencyDefinition
  /** `false`: runs again at this use instead of reusing the request's value. */
  readonly useCache: boolean
  /** The security scopes this use requires (`Security(dep, scopes)`). */
  readonly scopes: readonly string[]

  constructor (definition: DependencyDefinition, useCache: boolean, scopes: readonly string[]) {
    this.definition = definition
    this.useCache = useCache
    this.scopes = scopes
  }

  get name (): string {
    return this.definition.name
  }
}

const OPTION_NAMES = {
  params: true, query: true, headers: true, cookies: true, body: true, form: true, deps: true, scope: true,
  useCache: true, name: true, errors: true, securityScheme: true,
} as const satisfies Record<DependencyOptionName, true>

const SCOPES: readonly DependencyScope[] = ['request', 'function', 'app']

function kindOf (call: AnyFunction): DependencyKind {
  switch (call.constructor.name) {
    case 'GeneratorFunction': return 'generator'
    case 'AsyncGeneratorFunction': return 'asyncGenerator'
    case 'AsyncFunction': return 'async'
  }
  // A class must be called with `new` (FastAPI's `Depends(CommonQueryParams)`).
  return /^class[\s{]/.test(Function.prototype.toString.call(call)) ? 'class' : 'function'
}

function invalid (message: string): never {
  throw new FFA_ERR_DEP_INVALID(message)
}

// `name` is formatted only if a message needs it.
function checkOptions (name: string | AnonymousName, options: DependencyOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    invalid(`Depends(options, fn): options must be an object; got ${inspect(options)}.`)
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(OPTION_NAMES, key)) invalid(`Depends(${name}): unknown option '${key}'. Known options: ${Object.keys(OPTION_NAMES).join(', ')}.`)
  }
  for (const location of ['params', 'query', 'headers', 'cookies', 'form'] as const) {
    const schema = options[location]
    if (schema !== undefined && !isZodObject(schema)) invalid(`Depends(${name}): '${location}' must be a zod object schema, z.object({ ... }); got ${inspect(schema, { depth: 0 })}.`)
  }
  if (options.body !== undefined && !isBodyDeclaration(options.body)) invalid(`Depends(${name}): 'body' must be a zod schema, or an object of them by body param name ({ item: Item, user: User }); got ${inspect(options.body, { depth: 0 })}.`)
  if (options.body !== undefined && options.form !== undefined) {
    throw new FFA_ERR_BODY_AND_FORM(`Depends(${name})`, 'it declares both `body` (JSON) and `form`, but a request has one body: keep one, or move the other to a dependency of another route.')
  }
  if (options.scope !== undefined && !SCOPES.includes(options.scope)) invalid(`Depends(${name}): 'scope' must be one of ${SCOPES.join(', ')}; got ${inspect(options.scope)}.`)
  if (options.deps !== undefined) {
    if (typeof options.deps !== 'object' || options.deps === null) invalid(`Depends(${name}): 'deps' must be an object of dependencies ({ db: getDb }); got ${inspect(options.deps)}.`)
    // Read through the descriptors: a getter lets a dependency name one declared later.
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(options.deps))) {
      if ('value' in descriptor && !(descriptor.value instanceof Dependency)) {
        invalid(`Depends(${name}): deps.${key} must be a dependency made with Depends(fn); got ${inspect(descriptor.value, { depth: 0 })}. Wrap the function: Depends(${typeof descriptor.value === 'function' ? (descriptor.value as AnyFunction).name || 'fn' : 'fn'}).`)
      }
    }
  }
  const security = options.securityScheme
  if (security !== undefined && (typeof security !== 'object' || security === null || typeof security.name !== 'string' || security.name === '' ||
    typeof security.scheme !== 'object' || security.scheme === null || typeof security.scheme.type !== 'string')) {
    invalid(`Depends(${name}): 'securityScheme' must be { name, scheme } with an OpenAPI security scheme, like { name: 'HTTPBearer', scheme: { type: 'http', scheme: 'bearer' } }; got ${inspect(security)}.`)
  }
  for (const error of options.errors ?? []) {
    if (!isHttpStatus(error?.status, 400)) {
      invalid(`Depends(${name}): each of 'errors' needs an HTTP error status from 400 to 599, like { status: 401, description: 'Not authenticated' }; got ${inspect(error)}.`)
    }
  }
}

// An anonymous function (the README's `Depends(async () => ...)`) is named by where it was
// declared, "anonymous dependency at routers/items.ts:12:20": the stack is captured now and
// formatted only when a message or a cleanup log shows the name.
class AnonymousName {
  readonly #site = new DeclarationSite()
  #text: string | undefined

  toString (): string {
    this.#text ??= `anonymous dependency at ${this.#site}`
    return this.#text
  }
}

function define (options: DependencyOptions, call: unknown, earlyCheck?: EarlyCheck, routeCheck?: RouteCheck): Dependency<unknown> {
  if (typeof call !== 'function') {
    invalid(`Depends(fn): a dependency must be a function, an async function, a generator or a class; got ${inspect(call, { depth: 0 })}.`)
  }
  const name: string | AnonymousName = options.name ?? (call.name || new AnonymousName())
  checkOptions(name, options)
  const definition: DependencyDefinition = Object.freeze({
    get name () { return String(name) },
    call: call as AnyFunction,
    kind: kindOf(call as AnyFunction),
    options: Object.freeze({ ...options }),
    deps: options.deps ?? {},
    scope: options.scope ?? 'request',
    errors: Object.freeze([...(options.errors ?? [])]),
    readsScopes: mayReadScopes(call as AnyFunction),
    readsRequest: options.params !== undefined || options.query !== undefined || options.headers !== undefined ||
      options.cookies !== undefined || options.body !== undefined || options.form !== undefined,
    ...(earlyCheck === undefined ? {} : { [kEarlyCheck]: earlyCheck }),
    ...(routeCheck === undefined ? {} : { [kRouteCheck]: routeCheck }),
  })
  return new Dependency(definition, options.useCache ?? true, [])
}

/**
 * `Depends(options, fn)` with a check of the request that routes run before its body is read
 * (see EarlyCheck): how this package's security schemes refuse a request without credentials
 * before an upload is read. Not for users: its function's types are not inferred.
 */
export function dependsWithEarlyCheck (options: DependencyOptions, fn: (context: DependencyContext) => unknown, earlyCheck: EarlyCheck): Dependency<unknown> {
  if (typeof earlyCheck !== 'function') invalid(`dependsWithEarlyCheck(${options.name ?? 'fn'}): the early check must be a function; got ${inspect(earlyCheck, { depth: 0 })}.`)
  return define(options, fn, earlyCheck)
}

/**
 * `Depends(options, fn)` with checks of its own: of the request before its body is read
 * (`early`, see EarlyCheck) and of each route that uses it, at registration (`route`, see
 * RouteCheck). How this package's dependencies that need a plugin or a method refuse a
 * mistaken route at startup. Not for users: its function's types are not inferred.
 */
export function dependsWithChecks (options: DependencyOptions, fn: (context: DependencyContext) => unknown, checks: { early?: EarlyCheck, route?: RouteCheck }): Dependency<unknown> {
  for (const [which, check] of Object.entries(checks)) {
    if (check !== undefined && typeof check !== 'function') invalid(`dependsWithChecks(${options.name ?? 'fn'}): the ${which} check must be a function; got ${inspect(check, { depth: 0 })}.`)
  }
  return define(options, fn, checks.early, checks.route)
}

/** Whether a value is an array of dependencies made with `Depends` (a `dependencies` option). */
export function isDependencyList (value: unknown): value is Dependency<unknown>[] {
  return Array.isArray(value) && value.every((dependency) => dependency instanceof Dependency)
}

/** Options of one use of an existing dependency. */
export interface DependencyUseOptions {
  /** `false`: run again at this use instead of reusing the request's value (FastAPI's `use_cache=False`). */
  useCache?: boolean
}

/**
 * Declares a dependency (FastAPI's `Depends`): a function, async function, generator
 * (cleanup after `yield`) or class, with its own params and sub-dependencies. The value's
 * type flows to every handler and dependency that uses it.
 *
 * @example
 * const getDb = Depends(async function* () {
 *   const db = await pool.connect()
 *   try { yield db } finally { db.release() }   // runs after the response is sent
 * })
 * const pagination = Depends({ query: z.object({ skip: z.number().int().default(0) }) }, ({ query }) => query)
 * const currentUser = Depends({ deps: { db: getDb }, headers: z.object({ authorization: z.string() }) },
 *   async ({ deps, headers }) => findUser(deps.db, headers.authorization))
 */
// Overloads taking a function come first: a failed overload would fix the types of a
// function expression's parameters before the right one is tried.
export function Depends<TReturn> (fn: (context: DependencyContext<Record<never, never>>) => TReturn): Dependency<ProvidedValue<TReturn>>
export function Depends<TOptions extends DependencyOptions, TReturn> (
  options: TOptions & NoUnknownDependencyOptions<TOptions> & OneBody<TOptions>,
  fn: (context: DependencyContext<TOptions>) => TReturn,
): Dependency<ProvidedValue<TReturn>, TOptions>
export function Depends<TInstance> (cls: new (context: DependencyContext<Record<never, never>>) => TInstance): Dependency<TInstance>
export function Depends<TOptions extends DependencyOptions, TInstance> (
  options: TOptions & NoUnknownDependencyOptions<TOptions> & OneBody<TOptions>,
  cls: new (context: DependencyContext<TOptions>) => TInstance,
): Dependency<TInstance, TOptions>
export function Depends<TValue, TOptions> (dependency: Dependency<TValue, TOptions>, use: DependencyUseOptions): Dependency<TValue, TOptions>
export function Depends (first: unknown, second?: unknown): Dependency<unknown> {
  if (first instanceof Dependency) {
    const use = (second ?? {}) as DependencyUseOptions
    return new Dependency(first.definition, use.useCache ?? first.useCache, first.scopes)
  }
  if (second === undefined) return define({}, first)
  return define(first as DependencyOptions, second)
}

/**
 * A dependency that requires security scopes (FastAPI's `Security`): they add up along the
 * chain, and every dependency below reads them all in `securityScopes`.
 *
 * @example
 * items.get('/', { deps: { user: Security(currentUser, ['items:read']) } }, ({ deps }) => ...)
 */
export function Security<TValue, TOptions> (dependency: Dependency<TValue, TOptions>, scopes: readonly string[] = []): Dependency<TValue, TOptions> {
  if (!(dependency instanceof Dependency)) invalid(`Security(dependency, scopes): the dependency must be made with Depends(fn); got ${inspect(dependency, { depth: 0 })}.`)
  if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string')) invalid(`Security(${dependency.name}, scopes): scopes must be an array of strings; got ${inspect(scopes)}.`)
  return new Dependency(dependency.definition, dependency.useCache, [...dependency.scopes, ...scopes])
}
