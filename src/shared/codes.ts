import createError from '@fastify/error'

// Developer mistakes, found at registration or startup (a request meets only four of them: an
// app-scoped dependency used before the app started, background tasks without their plugin,
// a generator dependency that never yields, depsOf given deps its route did not declare).
// Each message says what was wrong, where, the value it got, and how to fix it.
// Arguments fill the `%s` slots in order. Status 500: they are server bugs, not client errors.

export const FFA_ERR_OPTION_INVALID = createError<'FFA_ERR_OPTION_INVALID', 500, [string, string, string]>(
  'FFA_ERR_OPTION_INVALID',
  "%s: option '%s' %s",
  500,
  TypeError,
)

export const FFA_ERR_ROUTE_OPTION_UNKNOWN = createError<'FFA_ERR_ROUTE_OPTION_UNKNOWN', 500, [string, string, string]>(
  'FFA_ERR_ROUTE_OPTION_UNKNOWN',
  "Route %s has an unknown option '%s'. Known options: %s.",
  500,
  TypeError,
)

export const FFA_ERR_ROUTE_SCHEMA_INVALID = createError<'FFA_ERR_ROUTE_SCHEMA_INVALID', 500, [string, string, string]>(
  'FFA_ERR_ROUTE_SCHEMA_INVALID',
  "Route %s: '%s' must be %s.",
  500,
  TypeError,
)

export const FFA_ERR_PATH_PARAM_MISMATCH = createError<'FFA_ERR_PATH_PARAM_MISMATCH', 500, [string, string]>(
  'FFA_ERR_PATH_PARAM_MISMATCH',
  'Route %s: %s',
  500,
  TypeError,
)

export const FFA_ERR_ROUTE_STATUS_INVALID = createError<'FFA_ERR_ROUTE_STATUS_INVALID', 500, [string, string]>(
  'FFA_ERR_ROUTE_STATUS_INVALID',
  'Route %s: %s',
  500,
  TypeError,
)

export const FFA_ERR_ROUTE_HANDLER_INVALID = createError<'FFA_ERR_ROUTE_HANDLER_INVALID', 500, [string, string]>(
  'FFA_ERR_ROUTE_HANDLER_INVALID',
  'Route %s: the handler must be a function, got %s.',
  500,
  TypeError,
)

export const FFA_ERR_EXCEPTION_HANDLER_INVALID = createError<'FFA_ERR_EXCEPTION_HANDLER_INVALID', 500, [string]>(
  'FFA_ERR_EXCEPTION_HANDLER_INVALID',
  'exceptionHandler(errorClass, handler): %s',
  500,
  TypeError,
)

export const FFA_ERR_PLUGIN_MISSING = createError<'FFA_ERR_PLUGIN_MISSING', 500, [string, string]>(
  'FFA_ERR_PLUGIN_MISSING',
  '%s needs the %s plugin: register it first, in the same scope or a parent.',
  500,
)

export const FFA_ERR_NOT_FOUND_HANDLER_SET = createError<'FFA_ERR_NOT_FOUND_HANDLER_SET', 500, [string]>(
  'FFA_ERR_NOT_FOUND_HANDLER_SET',
  "fastify-fastapi/errors: the app already has its own not-found handler for the prefix '%s' (setNotFoundHandler), and Fastify allows one. Keep yours with the option { notFound: false }, or remove it: the plugin answers FastAPI's 404 {\"detail\":\"Not Found\"} and 405 with Allow.",
  500,
)

export const FFA_ERR_ERROR_HANDLER_SET = createError<'FFA_ERR_ERROR_HANDLER_SET', 500, [string]>(
  'FFA_ERR_ERROR_HANDLER_SET',
  'fastify-fastapi/errors: the app already has its own error handler, %s (setErrorHandler), which the plugin would replace. Keep yours with the option { errorHandler: false } and hand what it does not answer to fastapiErrorHandler(error, request, reply), or move it to app.exceptionHandler(ErrorClass, handler).',
  500,
)

export const FFA_ERR_PLUGIN_OPTIONS_CONFLICT = createError<'FFA_ERR_PLUGIN_OPTIONS_CONFLICT', 500, [string, string]>(
  'FFA_ERR_PLUGIN_OPTIONS_CONFLICT',
  "%s is registered twice with different options (%s): the second registration would ignore them. Register it once with its options; under the fastapi preset, configure it through the preset's option of that name, or switch that part off there (`{ errors: false }` for the errors plugin) and register the plugin yourself.",
  500,
)

export const FFA_ERR_APP_STARTED = createError<'FFA_ERR_APP_STARTED', 500, [string]>(
  'FFA_ERR_APP_STARTED',
  '%s: the app has already started (ready() or listen() was called), and a started Fastify app takes no more routes. Include routers and declare routes before `await app.ready()` or `app.listen()`.',
  500,
)

export const FFA_ERR_DEPS_UNDECLARED = createError<'FFA_ERR_DEPS_UNDECLARED', 500, [string, string]>(
  'FFA_ERR_DEPS_UNDECLARED',
  "depsOf(request, deps) on route %s: %s. Pass the route's own deps: declare them once (`const deps = { user: currentUser }`), then `{ deps }` on the route and `depsOf(request, deps)` in its handler.",
  500,
)

export const FFA_ERR_DEP_INVALID = createError<'FFA_ERR_DEP_INVALID', 500, [string]>(
  'FFA_ERR_DEP_INVALID',
  '%s',
  500,
  TypeError,
)

export const FFA_ERR_DEP_CYCLE = createError<'FFA_ERR_DEP_CYCLE', 500, [string, string]>(
  'FFA_ERR_DEP_CYCLE',
  'Dependency cycle on %s: %s. A dependency cannot need itself, directly or through others: break the chain.',
  500,
)

export const FFA_ERR_DEP_PARAM_CONFLICT = createError<'FFA_ERR_DEP_PARAM_CONFLICT', 500, [string, string]>(
  'FFA_ERR_DEP_PARAM_CONFLICT',
  '%s: %s',
  500,
)

export const FFA_ERR_DEP_SCOPE = createError<'FFA_ERR_DEP_SCOPE', 500, [string, string]>(
  'FFA_ERR_DEP_SCOPE',
  '%s: %s',
  500,
)

export const FFA_ERR_DEP_OVERRIDE_INVALID = createError<'FFA_ERR_DEP_OVERRIDE_INVALID', 500, [string]>(
  'FFA_ERR_DEP_OVERRIDE_INVALID',
  'dependencyOverrides: %s',
  500,
  TypeError,
)

export const FFA_ERR_DEP_NOT_YIELDED = createError<'FFA_ERR_DEP_NOT_YIELDED', 500, [string]>(
  'FFA_ERR_DEP_NOT_YIELDED',
  'The generator dependency %s returned without yielding a value: a generator dependency must yield exactly once (put the cleanup after `yield`, in a finally block).',
  500,
  TypeError,
)

export const FFA_ERR_ROUTE_DUPLICATE = createError<'FFA_ERR_ROUTE_DUPLICATE', 500, [string, string, string]>(
  'FFA_ERR_ROUTE_DUPLICATE',
  'Route %s is declared twice: at %s and at %s. Remove one, or change its method or path (a router included twice needs two prefixes).',
  500,
)

export const FFA_ERR_DOCS_SCHEMA_NAME = createError<'FFA_ERR_DOCS_SCHEMA_NAME', 500, [string]>(
  'FFA_ERR_DOCS_SCHEMA_NAME',
  "Two different schemas are named '%s' in the OpenAPI document (zod's `.meta({ id })`, or FastAPI's own ValidationError, HTTPValidationError and ValidationProblem): give each model its own id.",
  500,
  TypeError,
)

export const FFA_ERR_DOCS_REDOC_MISSING = createError<'FFA_ERR_DOCS_REDOC_MISSING', 500, [string]>(
  'FFA_ERR_DOCS_REDOC_MISSING',
  "ReDoc at '%s' needs the redoc package: run `npm install redoc`, or set `redocUrl: null`.",
  500,
  Error,
)

export const FFA_ERR_ROUTE_RESPONSE_CLASS = createError<'FFA_ERR_ROUTE_RESPONSE_CLASS', 500, [string, string]>(
  'FFA_ERR_ROUTE_RESPONSE_CLASS',
  'Route %s: %s',
  500,
  TypeError,
)

// Met while a stream runs (a generator yields it), as FastAPI's ServerSentEvent refuses it when made.
export const FFA_ERR_SSE_EVENT_INVALID = createError<'FFA_ERR_SSE_EVENT_INVALID', 500, [string]>(
  'FFA_ERR_SSE_EVENT_INVALID',
  'ServerSentEvent: %s',
  500,
  TypeError,
)

// A route, a dependency, or a route with its dependencies, reading a JSON body and a form.
export const FFA_ERR_BODY_AND_FORM = createError<'FFA_ERR_BODY_AND_FORM', 500, [string, string]>(
  'FFA_ERR_BODY_AND_FORM',
  '%s: %s',
  500,
  TypeError,
)

/** Every registration-time error of this package, by code. */
// A form schema a request could not fill (a File() inside a union or an object, a form that
// is no zod object), found when the form is compiled at registration.
export const FFA_ERR_FORM_SCHEMA_INVALID = createError<'FFA_ERR_FORM_SCHEMA_INVALID', 500, [string, string]>(
  'FFA_ERR_FORM_SCHEMA_INVALID',
  '%s: %s',
  500,
  TypeError,
)

// A password `hashPassword` cannot take: not a string, or longer than its limit.
export const FFA_ERR_PASSWORD_INVALID = createError<'FFA_ERR_PASSWORD_INVALID', 500, [string]>(
  'FFA_ERR_PASSWORD_INVALID',
  '%s',
  500,
  TypeError,
)

// Met at request time: a Cached dependency's value JSON cannot hold (a BigInt, a cycle).
export const FFA_ERR_CACHE_VALUE = createError<'FFA_ERR_CACHE_VALUE', 500, [string, string]>(
  'FFA_ERR_CACHE_VALUE',
  '%s: the value cannot be cached: %s. Cached values are JSON (objects, arrays, strings, numbers, booleans, null): return one, or convert it first.',
  500,
  TypeError,
)

// A misuse of `app.middleware(type, middleware)`, found when it is called.
export const FFA_ERR_MIDDLEWARE_INVALID = createError<'FFA_ERR_MIDDLEWARE_INVALID', 500, [string]>(
  'FFA_ERR_MIDDLEWARE_INVALID',
  'app.middleware(): %s',
  500,
  TypeError,
)

// Met by a request: an HTTP middleware that returned no response, or called callNext twice.
export const FFA_ERR_MIDDLEWARE_MISUSE = createError<'FFA_ERR_MIDDLEWARE_MISUSE', 500, [string, string]>(
  'FFA_ERR_MIDDLEWARE_MISUSE',
  'The HTTP middleware %s %s',
  500,
  TypeError,
)

// A Fastify option that would decide request ids behind the request-id plugin's back.
export const FFA_ERR_REQUEST_ID_CONFLICT = createError<'FFA_ERR_REQUEST_ID_CONFLICT', 500, [string]>(
  'FFA_ERR_REQUEST_ID_CONFLICT',
  'fastify-fastapi/request-id decides each request\'s id, and %s',
  500,
)

// A misuse of `defineJob(options, handler)`, found when it is called.
export const FFA_ERR_JOB_INVALID = createError<'FFA_ERR_JOB_INVALID', 500, [string]>(
  'FFA_ERR_JOB_INVALID',
  'defineJob(): %s',
  500,
  TypeError,
)

// A job enqueued, or a worker started, for a job type the jobs plugin was not given.
export const FFA_ERR_JOB_UNKNOWN = createError<'FFA_ERR_JOB_UNKNOWN', 500, [string, string]>(
  'FFA_ERR_JOB_UNKNOWN',
  "The job type '%s' is not registered with the jobs plugin (its types: %s): add it to the plugin's `jobs` option.",
  500,
)

// The BullMQ backend without its package, found at registration.
export const FFA_ERR_JOBS_BULLMQ_MISSING = createError<'FFA_ERR_JOBS_BULLMQ_MISSING', 500, [string]>(
  'FFA_ERR_JOBS_BULLMQ_MISSING',
  "fastify-fastapi/jobs: option 'backend' asks for BullMQ, which is not installed (%s): run `npm install bullmq`, or leave 'backend' out for the in-process queue.",
  500,
)

// A misuse of `cpuTask(module)`, or a task module without the function it names.
export const FFA_ERR_CPU_TASK_INVALID = createError<'FFA_ERR_CPU_TASK_INVALID', 500, [string]>(
  'FFA_ERR_CPU_TASK_INVALID',
  'cpuTask(): %s',
  500,
  TypeError,
)

// The CLI's refusals (`fastify-fastapi new`), found before anything is written.
export const FFA_ERR_CLI_TEMPLATE_UNKNOWN = createError<'FFA_ERR_CLI_TEMPLATE_UNKNOWN', 500, [string, string]>(
  'FFA_ERR_CLI_TEMPLATE_UNKNOWN',
  "There is no template '%s'. Choose one of: %s (--template minimal).",
  500,
  TypeError,
)

export const FFA_ERR_CLI_PROJECT_NAME = createError<'FFA_ERR_CLI_PROJECT_NAME', 500, [string, string]>(
  'FFA_ERR_CLI_PROJECT_NAME',
  "'%s' cannot name a project: the folder's name becomes its package.json name, which %s. Pick a name such as my-api.",
  500,
  TypeError,
)

export const FFA_ERR_CLI_TARGET_NOT_EMPTY = createError<'FFA_ERR_CLI_TARGET_NOT_EMPTY', 500, [string, string]>(
  'FFA_ERR_CLI_TARGET_NOT_EMPTY',
  '%s %s, and a new project is only written into a new or empty folder, so nothing was changed. Choose another name, or move its files away first.',
  500,
)

// The worker's refusals (`fastify-fastapi worker <entry>`), found before it runs a job.
export const FFA_ERR_CLI_ENTRY_MISSING = createError<'FFA_ERR_CLI_ENTRY_MISSING', 500, [string, string]>(
  'FFA_ERR_CLI_ENTRY_MISSING',
  "%s is not a file (looked for %s). Give the module that builds your app, such as 'fastify-fastapi worker app.ts'.",
  500,
)

export const FFA_ERR_CLI_ENTRY_TYPESCRIPT = createError<'FFA_ERR_CLI_ENTRY_TYPESCRIPT', 500, [string]>(
  'FFA_ERR_CLI_ENTRY_TYPESCRIPT',
  '%s is TypeScript, and tsx, which loads it, is not installed for it: run `npm install tsx` in its project, or give the built .js file.',
  500,
)

export const FFA_ERR_CLI_EXPORT_MISSING = createError<'FFA_ERR_CLI_EXPORT_MISSING', 500, [string, string, string]>(
  'FFA_ERR_CLI_EXPORT_MISSING',
  '%s has %s (its exports: %s). Export the function that builds your app (`export async function buildApp () { ... }`, or `export default`), or name yours with --export <name>.',
  500,
  TypeError,
)

export const FFA_ERR_CLI_EXPORT_INVALID = createError<'FFA_ERR_CLI_EXPORT_INVALID', 500, [string, string, string]>(
  'FFA_ERR_CLI_EXPORT_INVALID',
  "%s's export '%s' %s, and the worker calls a function that returns the app (or a promise of it): `export async function buildApp () { const app = Fastify(); ...; return app }`.",
  500,
  TypeError,
)

export const FFA_ERR_CLI_WORKER_NO_JOBS = createError<'FFA_ERR_CLI_WORKER_NO_JOBS', 500, [string, string]>(
  'FFA_ERR_CLI_WORKER_NO_JOBS',
  'The app of %s %s.',
  500,
)

export const errorCodes = {
  FFA_ERR_OPTION_INVALID,
  FFA_ERR_ROUTE_OPTION_UNKNOWN,
  FFA_ERR_ROUTE_SCHEMA_INVALID,
  FFA_ERR_PATH_PARAM_MISMATCH,
  FFA_ERR_ROUTE_STATUS_INVALID,
  FFA_ERR_ROUTE_HANDLER_INVALID,
  FFA_ERR_EXCEPTION_HANDLER_INVALID,
  FFA_ERR_PLUGIN_MISSING,
  FFA_ERR_NOT_FOUND_HANDLER_SET,
  FFA_ERR_ERROR_HANDLER_SET,
  FFA_ERR_PLUGIN_OPTIONS_CONFLICT,
  FFA_ERR_APP_STARTED,
  FFA_ERR_DEPS_UNDECLARED,
  FFA_ERR_DEP_INVALID,
  FFA_ERR_DEP_CYCLE,
  FFA_ERR_DEP_PARAM_CONFLICT,
  FFA_ERR_DEP_SCOPE,
  FFA_ERR_DEP_OVERRIDE_INVALID,
  FFA_ERR_DEP_NOT_YIELDED,
  FFA_ERR_ROUTE_DUPLICATE,
  FFA_ERR_DOCS_SCHEMA_NAME,
  FFA_ERR_DOCS_REDOC_MISSING,
  FFA_ERR_ROUTE_RESPONSE_CLASS,
  FFA_ERR_SSE_EVENT_INVALID,
  FFA_ERR_BODY_AND_FORM,
  FFA_ERR_FORM_SCHEMA_INVALID,
  FFA_ERR_PASSWORD_INVALID,
  FFA_ERR_CACHE_VALUE,
  FFA_ERR_MIDDLEWARE_INVALID,
  FFA_ERR_MIDDLEWARE_MISUSE,
  FFA_ERR_REQUEST_ID_CONFLICT,
  FFA_ERR_JOB_INVALID,
  FFA_ERR_JOB_UNKNOWN,
  FFA_ERR_JOBS_BULLMQ_MISSING,
  FFA_ERR_CPU_TASK_INVALID,
  FFA_ERR_CLI_TEMPLATE_UNKNOWN,
  FFA_ERR_CLI_PROJECT_NAME,
  FFA_ERR_CLI_TARGET_NOT_EMPTY,
  FFA_ERR_CLI_ENTRY_MISSING,
  FFA_ERR_CLI_ENTRY_TYPESCRIPT,
  FFA_ERR_CLI_EXPORT_MISSING,
  FFA_ERR_CLI_EXPORT_INVALID,
  FFA_ERR_CLI_WORKER_NO_JOBS,
} as const
