import type { FastifyInstance, FastifyRequest } from 'fastify'
import { FFA_ERR_MIDDLEWARE_INVALID } from '../../shared/codes.js'
import { describeValue } from '../../shared/options.js'
import { kHttpMiddlewareRun, kHttpMiddlewareStack } from '../../shared/symbols.js'
import { MiddlewareRun } from './middleware-run.js'
import type { HTTPMiddleware } from './types.js'

/** The HTTP middleware added in one scope (a Fastify instance), and those it runs in. */
interface MiddlewareStack {
  readonly instance: FastifyInstance
  /** In the order added: the last is the outermost, as in FastAPI. */
  readonly own: HTTPMiddleware[]
  /** Innermost first: this scope's, then its parent scope's around them (set when the app is ready). */
  chain: readonly HTTPMiddleware[]
}

type WithStack = Record<symbol, MiddlewareStack | undefined>
type WithRun = Record<symbol, MiddlewareRun | null>

/** The HTTP middleware of an app, by scope: added until the app starts, then fixed. */
export class MiddlewareRegistry {
  #started = false
  readonly #stacks: MiddlewareStack[] = []

  /**
   * `app.middleware(type, middleware)`: adds it to the scope it is called on, which gets its
   * hooks the first time (an app without HTTP middleware runs no hook of ours).
   */
  add (instance: FastifyInstance, type: unknown, middleware: unknown): void {
    if (type !== 'http') {
      throw new FFA_ERR_MIDDLEWARE_INVALID(`the type must be 'http', as FastAPI's @app.middleware("http"), the one kind there is; got ${describeValue(type)}.`)
    }
    if (typeof middleware !== 'function') {
      throw new FFA_ERR_MIDDLEWARE_INVALID(`the middleware must be a function (request, callNext) => response; got ${describeValue(middleware)}.`)
    }
    if (this.#started) {
      throw new FFA_ERR_MIDDLEWARE_INVALID('the app has already started (ready() or listen() was called), and then takes no more middleware, as in Starlette. Add it before, where the routes are declared.')
    }
    this.#stackOf(instance).own.push(middleware as HTTPMiddleware)
  }

  /** At startup: each scope's chain is its own middleware inside its parents'. */
  ready (): void {
    this.#started = true
    const chains = new Map<MiddlewareStack, readonly HTTPMiddleware[]>()
    const chainOf = (stack: MiddlewareStack): readonly HTTPMiddleware[] => {
      let chain = chains.get(stack)
      if (chain === undefined) {
        const parent = parentStack(stack.instance)
        chain = [...stack.own, ...(parent === undefined ? [] : chainOf(parent))]
        chains.set(stack, chain)
      }
      return chain
    }
    for (const stack of this.#stacks) stack.chain = chainOf(stack)
  }

  #stackOf (instance: FastifyInstance): MiddlewareStack {
    if (Object.hasOwn(instance, kHttpMiddlewareStack)) return (instance as unknown as WithStack)[kHttpMiddlewareStack] as MiddlewareStack
    const stack: MiddlewareStack = { instance, own: [], chain: [] }
    Object.defineProperty(instance, kHttpMiddlewareStack, { value: stack })
    this.#stacks.push(stack)
    addHooks(instance, stack)
    return stack
  }
}

// The nearest enclosing scope with middleware of its own: a child Fastify instance is made
// with its parent as prototype.
function parentStack (instance: FastifyInstance): MiddlewareStack | undefined {
  for (let scope = Object.getPrototypeOf(instance) as object | null; scope !== null; scope = Object.getPrototypeOf(scope) as object | null) {
    if (Object.hasOwn(scope, kHttpMiddlewareStack)) return (scope as WithStack)[kHttpMiddlewareStack]
  }
  return undefined
}

// One onRequest and one onSend per request, whatever the number of middleware. A route whose
// scope holds middleware of its own is run by that scope's hooks, with its parents' chain
// around, and the hooks of an enclosing scope let it through.
function addHooks (instance: FastifyInstance, stack: MiddlewareStack): void {
  instance.addHook('onRequest', function httpMiddleware (request, reply, done) {
    if ((request.server as unknown as WithStack)[kHttpMiddlewareStack] !== stack) {
      done()
      return
    }
    const run = new MiddlewareRun(stack, request, reply, stack.chain, done)
    ;(request as unknown as WithRun)[kHttpMiddlewareRun] = run
    run.start()
  })
  instance.addHook('onError', function httpMiddlewareError (request, _reply, error, done) {
    runOf(request, stack)?.routeFailed(error)
    done()
  })
  instance.addHook('onSend', function httpMiddlewareSend (request, _reply, payload, done) {
    const run = runOf(request, stack)
    if (run === undefined) done(null, payload)
    else run.resume(payload, done)
  })
}

function runOf (request: FastifyRequest, stack: MiddlewareStack): MiddlewareRun | undefined {
  const run = (request as unknown as WithRun)[kHttpMiddlewareRun]
  return run !== null && run !== undefined && run.owner === stack ? run : undefined
}
