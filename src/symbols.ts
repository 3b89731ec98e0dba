// Private state shared between modules, keyed by symbols so it never collides with a user's.

/** On a route's `config`: what this package compiled for it (see RouteDescription). */
export const kRouteDescription = Symbol('fastify-fastapi.route')
/** On a Fastify instance: the errors plugin's state. */
export const kErrorsState = Symbol('fastify-fastapi.errors')
/** On a Fastify instance: the depends plugin's state (overrides, app scope). */
export const kDependsState = Symbol('fastify-fastapi.depends')
/** On a Fastify instance: the background plugin's state (its task runner). */
export const kBackgroundState = Symbol('fastify-fastapi.background')
/** On a request: its BackgroundTasks, once something added one. */
export const kBackgroundTasks = Symbol('fastify-fastapi.background-tasks')
/** On a Fastify instance: the docs plugin's registry (routes, versions, documents). */
export const kDocsState = Symbol('fastify-fastapi.docs')
/** On a route's `config`: a docs page or document, which a retired API version still serves. */
export const kDocsRoute = Symbol('fastify-fastapi.docs-route')
/** On a request of a plain Fastify route with `deps`: that declaration, which `depsOf` checks against. */
export const kDeclaredDeps = Symbol('fastify-fastapi.declared-deps')
