import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { StatusCode } from '../shared/http-status.js'
import type * as OpenAPI from '../shared/openapi-types.js'
import type { BackgroundTasks } from '../background/background-tasks.js'
import type { BodyOf, Declared, DeclaredInputs, FormOf, Nothing } from '../inputs/declared-inputs.js'
import type { Dependency } from './dependency.js'
import type { SecurityScopes } from './security-scopes.js'

/**
 * When a dependency lives and when its cleanup (the code after `yield`) runs:
 * - `request` (the default): once per request, cleaned up after the response is sent;
 * - `function`: cleaned up once the handler has returned and its value has gone through the
 *   response model, before the response is sent; an error raised there is the answer (FastAPI's
 *   `scope="function"`: where a session that commits belongs). A request-scoped generator
 *   cannot depend on one;
 * - `app`: created once at startup, shared by every request, cleaned up at shutdown.
 */
export type DependencyScope = 'request' | 'function' | 'app'

/** An error a dependency may raise: the routes that use it document it (401, 404 ...). */
export interface DeclaredError {
  status: StatusCode
  description?: string
  headers?: Record<string, string>
}

/**
 * How a security dependency appears in the docs (what FastAPI's `OAuth2PasswordBearer`,
 * `HTTPBearer` and `APIKeyHeader` declare): a security scheme, required by every route that
 * uses it with the scopes asked along the way, instead of the headers it reads as parameters.
 */
export interface SecuritySchemeDeclaration {
  /** The scheme's name in the document: `OAuth2PasswordBearer`, `HTTPBearer`, `APIKeyHeader` ... */
  name: string
  /** The OpenAPI security scheme: `{ type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: {} } } }`. */
  scheme: OpenAPI.SecuritySchemeObject
}

/**
 * A check of the request that can run before its body is read, as a security scheme checks
 * that credentials are there and well formed: it throws the error to answer with (a 401), or
 * returns. Routes run their dependencies' checks in a hook before the body is parsed, so an
 * unauthenticated upload is refused unread; the dependency itself still runs in its turn.
 */
export type EarlyCheck = (request: FastifyRequest) => void

/** A route that uses a dependency, as a RouteCheck sees it at registration. */
export interface RouteUse {
  /** The route in messages: "route POST /orders/". */
  readonly owner: string
  /** Its methods, upper case. */
  readonly methods: readonly string[]
  /** The instance it is registered on: a plugin's state is looked up from it. */
  readonly instance: FastifyInstance
}

/**
 * A check of each route that uses a dependency, run once when the route is registered: it
 * throws a coded error for a mistake (a method the dependency cannot serve, a plugin it
 * needs and the route's scope lacks), so that the app fails to start rather than a request.
 */
export type RouteCheck = (route: RouteUse) => void

/** The dependencies of a route or of another dependency, by the name the handler reads them. */
export type DepsDeclaration = Record<string, Dependency<unknown>>

/** What `Depends(options, fn)` may declare: its own request inputs, and more. */
export interface DependencyOptions extends DeclaredInputs {
  /** Sub-dependencies, to any depth. */
  deps?: DepsDeclaration
  scope?: DependencyScope
  /** `false`: run again at every use in a request instead of once (FastAPI's `use_cache=False`). */
  useCache?: boolean
  /** The name in error messages and logs; the function's name by default. */
  name?: string
  /** The errors it raises, documented on every route that uses it. */
  errors?: DeclaredError[]
  /** Documents it as a security scheme: the docs' "Authorize" button, a lock on every route that uses it. */
  securityScheme?: SecuritySchemeDeclaration
}

export type DependencyOptionName = keyof DependencyOptions

// The value a dependency provides, read off its type.
//   DependencyValue<Dependency<User>> => User
export type DependencyValue<TDependency> = TDependency extends Dependency<infer TValue> ? TValue : never

// The values of a `deps` object, by name.
//   DepsValues<{ user: Dependency<User>, db: Dependency<Db> }> => { user: User, db: Db }
export type DepsValues<TDeps> = { [Name in keyof TDeps]: DependencyValue<TDeps[Name]> }

/** The `deps` a context carries: the values of the declared dependencies. */
export type DeclaredDeps<TOptions> = TOptions extends { deps: infer TDeps } ? DepsValues<TDeps> : Nothing

/** The declared inputs (path params aside) and dependencies, as a handler or a dependency receives them. */
export interface DeclaredValues<TOptions> {
  query: Declared<TOptions, 'query', Nothing>
  headers: Declared<TOptions, 'headers', Nothing>
  cookies: Declared<TOptions, 'cookies', Nothing>
  body: BodyOf<TOptions>
  /** The declared form's fields, validated and coerced; `undefined` without a `form`. */
  form: FormOf<TOptions>
  /** The values of the declared `deps`, each typed as its dependency provides it. */
  deps: DeclaredDeps<TOptions>
}

/** What a dependency function receives: its own declared inputs and sub-dependencies. */
export interface DependencyContext<TOptions = DependencyOptions> extends DeclaredValues<TOptions> {
  params: Declared<TOptions, 'params', Record<string, string>>
  /** Every scope required along the chain from the route to this dependency (FastAPI's `SecurityScopes`). */
  securityScopes: SecurityScopes
  /** The request's background tasks, shared with the handler; `undefined` for an app-scoped dependency. */
  background: TOptions extends { scope: 'app' } ? undefined : BackgroundTasks
  /** The request; `undefined` for an app-scoped dependency, which no request owns. */
  request: TOptions extends { scope: 'app' } ? undefined : FastifyRequest
  reply: TOptions extends { scope: 'app' } ? undefined : FastifyReply
}

// What a dependency function's return type provides: the yielded value of a generator, the
// awaited value of a promise, the value itself otherwise.
//   ProvidedValue<AsyncGenerator<Db, void>> => Db
//   ProvidedValue<Promise<User>>            => User
export type ProvidedValue<TReturn> =
  TReturn extends AsyncGenerator<infer TYield, unknown, unknown> ? TYield
    : TReturn extends Generator<infer TYield, unknown, unknown> ? TYield
      : Awaited<TReturn>

// Inferred options skip TypeScript's excess-property check; this brings it back.
export type NoUnknownDependencyOptions<TOptions> = {
  [Key in Exclude<keyof TOptions, DependencyOptionName>]: never
}
