import { fastifyMultipart } from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginCallback } from 'fastify'
import fp from 'fastify-plugin'

// @fastify/multipart adds an async onRequest hook and an async onResponse hook to every route
// of the instance, to remove the temp files of its own `saveRequestFiles()`. The form reader
// never calls it (its temp files are its own, removed when the response closes), so those two
// hooks would be a promise or two per request on every route, for nothing. Registered through
// a view of the instance that takes its content type parser and request decorators, not
// those hooks: a route without a form pays nothing.
const SKIPPED_HOOKS = new Set(['onRequest', 'onResponse'])

function withoutCleanupHooks (instance: FastifyInstance): FastifyInstance {
  const view: FastifyInstance = new Proxy(instance, {
    get (target, key) {
      if (key === 'addHook') {
        return (name: string, hook: unknown) => {
          if (!SKIPPED_HOOKS.has(name)) (target.addHook as (name: string, hook: unknown) => unknown)(name, hook)
          return view
        }
      }
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  return view
}

const parser: FastifyPluginCallback = function multipartParser (instance, _options, done) {
  (fastifyMultipart as unknown as FastifyPluginCallback)(withoutCleanupHooks(instance), {}, done)
}

/**
 * @fastify/multipart's parser and `request.parts()`, without its per-request hooks, for the
 * form reader. Registered by the routing plugin unless the app registered @fastify/multipart
 * itself first (then its own, with its options, serves both).
 */
export const multipartParser = fp(parser, { fastify: '5.x', name: 'fastify-fastapi/multipart' })
