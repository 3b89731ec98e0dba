import { ServerResponse } from 'node:http'
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteOptions as FastifyRouteOptions } from 'fastify'
import { handlerEnded } from '../background/request-background.js'
import { CallContext } from '../depends/call-context.js'
import { EMPTY } from '../shared/constants.js'
import { NO_SCOPES } from '../depends/security-scopes.js'
import type { DependencyPlan } from '../depends/compile-plan.js'
import type { Dependency } from '../depends/dependency.js'
import { compileRoutePlans, runWithDependencies, type AfterDependencies, type Finish } from '../depends/route-runner.js'
import { earlyCheckHook, prependHook, type PreParsingHook } from '../depends/early-checks.js'
import { dependsPluginMissing, dependsStateOf, type DependsState } from '../depends/state.js'
import type { DeclaredError } from '../depends/types.js'
import type { ValidationErrorItem } from '../errors/validation-item.js'
import { validationErrorLimitAt } from '../errors/validation-limit.js'
import { isPromiseLike } from '../shared/is-promise-like.js'
import { holdsUntilAnswer, releaseHeld } from '../shared/held-until-answer.js'
import { kRouteDescription } from '../shared/symbols.js'
import { isBodyFields, isRequired } from '../inputs/body-declaration.js'
import { DEFAULT_FORM_LIMITS, resolveFormLimits } from '../inputs/form-limits.js'
import { compileFormReader } from '../inputs/read-form.js'
import { sharedFormUploads } from '../uploads/form-uploads.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { parsePath } from './path.js'
import { routingStateOf } from './routing-state.js'
import { claimRoute, type Site } from './route-registry.js'
import { bareInputs, bareInputsWithWildcard, compileInputReader, validationError, type InputsReader } from '../inputs/request-inputs.js'
import type { RouteInputsDescription } from '../inputs/route-description.js'
import { compileRouteSender } from './route-sender.js'
import { checkPathParamsDeclared, checkRouteOptions } from './route-options-check.js'
import type { HttpMethod, RouteHandler, RouteOptions } from './types.js'

/** What a route declared, kept on its Fastify `config` for the other plugins (errors, docs). */
export interface RouteDescription extends RouteInputsDescription {
  method: HttpMethod
  path: string
  options: RouteOptions
  /** The handler's name (`read_item`): the docs' default summary and operationId, as in FastAPI. */
  handlerName: string
  /** The handler itself, for its docstring (the docs' default description). */
  handler: (...args: never[]) => unknown
  /** Its flattened dependencies, `null` without any. */
  dependencies: DependencyPlan | null
  /** The errors its dependencies declare (401, 404 ...), for the docs. */
  errors: readonly DeclaredError[]
  /** Sets up the scope of its own a route that reads its raw body (a webhook) is served from; `null` for every other route. */
  ownScope?: ((scope: FastifyInstance) => void) | null
}

/** Where a route is registered: the instance, and the side-effect dependencies of the routers above it. */
export interface RouteScope {
  instance: FastifyInstance
  dependencies?: readonly Dependency<unknown>[]
  /** Where the user declared it, for the duplicate-route message. */
  site?: Site
}

type UserHandler = (context: CallContext) => unknown

const NO_NAMES: ReadonlySet<string> = new Set()

/**
 * What an async handler's promise settles with once its answer was handed to the reply:
 * nothing when the answer is out (Fastify then does nothing more). While an async `onSend`
 * hook still works on it (a Starlette-style middleware after `call_next`), Fastify must not
 * take the handler's end for an answer of nothing and send again: the promise then settles when
 * the response closes. Settling with the reply, a thenable Fastify waits on, did the same
 * through an end-of-stream helper, six listeners a request (profiled: 3 to 6 µs); and
 * settling with it every time made each answer wait a microtask more.
 */
function answered (reply: FastifyReply): Promise<undefined> | FastifyReply | undefined {
  if (reply.sent) return undefined
  const response: unknown = reply.raw
  // HTTP/2's response tells no closed stream: Fastify's own wait (the reply, a thenable) knows it.
  if (!(response instanceof ServerResponse)) return reply
  // Gone already: Fastify sends nothing to a destroyed socket.
  if (response.destroyed) return undefined
  return new Promise((resolve) => { response.once('close', () => { resolve(undefined) }) })
}

/** A sender's promise while it still sends (a stream); nothing once it handed the answer to the reply, which it returns. */
function stillSending (sent: FastifyReply | Promise<FastifyReply>): Promise<FastifyReply> | undefined {
  // The reply is a thenable too: only a real promise is waited for.
  return sent instanceof Promise ? sent : undefined
}

// The path params a route's dependencies declare in their own `params`.
function pathParamsOf (plan: DependencyPlan | null): ReadonlySet<string> {
  if (plan === null) return NO_NAMES
  return new Set(plan.steps.flatMap((step) => Object.keys(step.definition.options.params?._zod.def.shape ?? {})))
}

function usesDependencies (options: RouteOptions, scope: RouteScope, state: DependsState | undefined): boolean {
  return options.deps !== undefined || (options.dependencies?.length ?? 0) > 0 ||
    (scope.dependencies?.length ?? 0) > 0 || (state?.dependencies.length ?? 0) > 0
}

/**
 * Turns a FastAPI-style route into a Fastify route, once, at registration: options are
 * checked, schemas compiled into an input reader and a response sender, dependencies
 * flattened into a plan, and the request path is one function that solves, reads, calls
 * the handler and sends.
 */
export function compileRoute (
  method: HttpMethod,
  path: string,
  options: RouteOptions,
  handler: RouteHandler<string, never>,
  scope: RouteScope,
): FastifyRouteOptions {
  const route = `${method} ${path}`
  const parsed = parsePath(path)
  checkRouteOptions(route, options, parsed, handler)
  const errorLimit = validationErrorLimitAt(scope.instance)
  const readInputs: InputsReader = compileInputReader(options, parsed.wildcard, errorLimit) ??
    (parsed.wildcard === undefined ? bareInputs : bareInputsWithWildcard(parsed.wildcard))
  const { send: sendResult, steps, status } = compileRouteSender(route, options, handler)
  const userHandler = handler as unknown as UserHandler
  const routing = routingStateOf(scope.instance)
  const formLimits = resolveFormLimits(`Route ${route}`, options.formLimits, routing?.formLimits ?? DEFAULT_FORM_LIMITS)
  const formUploads = routing?.formUploads
  const state = dependsStateOf(scope.instance)
  const ownScope = options.webhook === undefined ? null : options.webhook.compileFor(scope.instance, route)
  claimRoute(scope.instance, method, parsed.url, scope.site ?? 'an unknown place')

  let fastapiHandler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> | undefined
  let plan: DependencyPlan | null = null
  let checkBeforeBody: PreParsingHook | null = null

  if (!usesDependencies(options, scope, state)) {
    // Fast path: no dependency, no promise for a sync handler, nothing for DI or cleanup.
    fastapiHandler = function fastapiHandler (request, reply) {
      const errors: ValidationErrorItem[] = []
      const inputs = readInputs(request, errors)
      if (errors.length > 0) throw validationError(errors, request)
      if (status !== undefined) reply.code(status)
      let result: unknown
      try {
        result = userHandler(new CallContext(inputs.params, inputs.query, inputs.headers, inputs.cookies, inputs.body, inputs.form, EMPTY, NO_SCOPES, request, reply))
      } catch (error) {
        handlerEnded(request, true)
        throw error
      }
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then((value) => {
          handlerEnded(request, false)
          return stillSending(sendResult(value, reply)) ?? answered(reply)
        }, (error: unknown) => {
          handlerEnded(request, true)
          throw error
        })
      }
      handlerEnded(request, false)
      sendResult(result, reply)
      return undefined
    }
    if (options.form !== undefined) {
      const readForm = compileFormReader({ where: `Route ${route}`, schema: options.form, limits: formLimits, uploads: formUploads ?? sharedFormUploads() })
      const readAndHandle = fastapiHandler
      // The form is read first (a multipart one may stream); its values take the body's place.
      fastapiHandler = function fastapiFormHandler (request, reply) {
        const form = readForm(request, reply)
        if (isPromiseLike(form)) {
          return Promise.resolve(form).then((values) => {
            request.body = values
            return readAndHandle(request, reply) ?? answered(reply)
          })
        }
        request.body = form
        return readAndHandle(request, reply)
      }
    }
  } else {
    if (state === undefined) throw dependsPluginMissing(route)
    const dependencies = [...state.dependencies, ...(scope.dependencies ?? []), ...(options.dependencies ?? [])]
    const plans = compileRoutePlans({ owner: `route ${route}`, dependencies, deps: options.deps ?? {}, inputs: options, wildcard: parsed.wildcard, errorLimit, formLimits, formUploads }, state,
      { owner: `route ${route}`, methods: [method], instance: scope.instance })
    plan = plans.base
    // Security schemes refuse a request without credentials before its body is read.
    checkBeforeBody = earlyCheckHook(plans, method)

    // Made once, for every request: the request and reply come as arguments.
    const afterDependencies: AfterDependencies = (deps, errors, request, reply) => {
      // FastAPI's order: dependencies first (an auth check answers before the body is judged), then the route's own inputs.
      const inputs = readInputs(request, errors)
      if (errors.length > 0) throw validationError(errors, request)
      if (status !== undefined) reply.code(status)
      return userHandler(new CallContext(inputs.params, inputs.query, inputs.headers, inputs.cookies, inputs.body, inputs.form, deps, NO_SCOPES, request, reply))
    }
    const sendAfterHeld = (prepared: unknown, request: FastifyRequest, reply: FastifyReply): Promise<unknown> | undefined => {
      const released = releaseHeld(request, reply)
      if (released === undefined) return stillSending(steps.sendPrepared(prepared, reply))
      return released.then(() => stillSending(steps.sendPrepared(prepared, reply)))
    }
    const finish: Finish = {
      send (result, request, reply) {
        handlerEnded(request, false)
        if (!holdsUntilAnswer(request)) return stillSending(sendResult(result, reply))
        // What the request held (its jobs) goes once its value fits the response model, before the answer.
        return sendAfterHeld(steps.prepare(result, reply), request, reply)
      },
      prepare: (result, _request, reply) => steps.prepare(result, reply),
      // The function-scoped cleanups succeeded: the handler's tasks belong to this response.
      sendPrepared (prepared, request, reply) {
        handlerEnded(request, false)
        return sendAfterHeld(prepared, request, reply)
      },
    }
    // Not async: a route whose dependencies and handler are sync answers without a promise.
    fastapiHandler = function fastapiHandlerWithDependencies (request, reply) {
      let outcome: unknown
      try {
        outcome = runWithDependencies(plans, state, request, reply, afterDependencies, finish)
      } catch (error) {
        handlerEnded(request, true)
        throw error
      }
      if (!isPromiseLike(outcome)) return undefined
      return Promise.resolve(outcome).then(() => answered(reply), (error: unknown) => {
        handlerEnded(request, true)
        throw error
      })
    }
  }

  checkPathParamsDeclared(route, options, parsed, pathParamsOf(plan))
  const readsForm = options.form !== undefined || (plan?.form ?? null) !== null
  if (options.formLimits !== undefined && !readsForm) {
    throw new FFA_ERR_OPTION_INVALID(`Route ${route}`, 'formLimits', "limits a form body, but neither the route nor its dependencies declare a 'form': declare one, or remove formLimits.")
  }

  const description: RouteDescription = {
    method,
    path,
    options,
    handlerName: handler.name,
    handler,
    bodyRequired: options.body !== undefined && !isBodyFields(options.body) && isRequired(options.body),
    strictContentType: options.strictContentType ?? routing?.strictContentType ?? true,
    readsForm,
    dependencies: plan,
    errors: plan?.errors ?? [],
    ownScope,
  }

  const fastify = options.fastify ?? {}
  return {
    // FastAPI joins prefix and path as strings: a router's '/' under the prefix '/admin' is
    // '/admin/' (and '/admin' a 307 to it), whether the prefix is the router's or Fastify's
    // register option. Fastify's default would serve both '/admin' and '/admin/'.
    prefixTrailingSlash: 'slash',
    ...fastify,
    ...(options.handlerTimeout === undefined ? {} : { handlerTimeout: options.handlerTimeout }),
    method,
    url: parsed.url,
    handler: fastapiHandler,
    config: { ...fastify.config, [kRouteDescription]: description } as FastifyContextConfig,
    ...(checkBeforeBody === null ? {} : { preParsing: prependHook(checkBeforeBody, fastify.preParsing as PreParsingHook | PreParsingHook[] | undefined) as FastifyRouteOptions['preParsing'] }),
    // Documentation only: no validation schema here, so Fastify compiles nothing for this route.
    schema: {
      summary: options.summary,
      description: options.description,
      tags: options.tags,
      deprecated: options.deprecated,
      operationId: options.operationId,
      hide: options.includeInSchema === false ? true : undefined,
    } as FastifySchema,
  }
}

/**
 * Adds a compiled route to `instance`: most in place; a route that reads its raw body (a
 * webhook) in an encapsulated scope of its own, where its body parser replaces the app's for it alone.
 */
export function addCompiledRoute (instance: FastifyInstance, route: FastifyRouteOptions): void {
  // A route of another kind (a websocket's) may have no config.
  const ownScope = (route.config as unknown as Record<symbol, RouteDescription> | undefined)?.[kRouteDescription]?.ownScope ?? null
  if (ownScope === null) {
    instance.route(route)
    return
  }
  void instance.register(async function ownBodyScope (scope) {
    ownScope(scope)
    scope.route(route)
  })
}
