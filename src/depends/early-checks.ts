import type { FastifyReply, FastifyRequest, RequestPayload } from 'fastify'
import type { RoutePlans } from './route-runner.js'

// Fastify reads no body for these (its `bodyless` methods): their dependencies check the
// request in their turn, with nothing to save by checking earlier.
const BODYLESS_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'TRACE'])

/** A preParsing hook, in Fastify's callback style. */
export type PreParsingHook = (request: FastifyRequest, reply: FastifyReply, payload: RequestPayload, done: (error: Error | null, payload?: RequestPayload) => void) => void

/**
 * The preParsing hook that runs a route's early checks (its security schemes': are the
 * credentials there?) before Fastify reads the body, so a request without credentials is
 * answered without its body being parsed or stored: a malformed JSON body gets the 401, and
 * an upload no file. `null` for a route that needs none, or takes no body (a GET pays nothing).
 * The checks come from the plan of the current dependency overrides: an overridden scheme is
 * not checked. A scheme that only an override brings runs in its turn, like every other dependency.
 */
export function earlyCheckHook (plans: RoutePlans, methods: string | readonly string[]): PreParsingHook | null {
  if (plans.base.earlyChecks === null) return null
  if ((typeof methods === 'string' ? [methods] : methods).every((method) => BODYLESS_METHODS.has(method.toUpperCase()))) return null
  return function checkBeforeBody (request, _reply, payload, done) {
    const checks = plans.current().earlyChecks
    if (checks !== null) {
      try {
        for (const check of checks) check(request)
      } catch (error) {
        done(error as Error)
        return
      }
    }
    done(null, payload)
  }
}

// A route's hooks with ours first: a route option holds one hook or an array of them.
export function prependHook<THook> (hook: THook, own: THook | THook[] | undefined): THook | THook[] {
  return own === undefined ? hook : [hook, ...(Array.isArray(own) ? own : [own])]
}
