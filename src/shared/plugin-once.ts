import type { FastifyInstance } from 'fastify'
import { isDeepStrictEqual } from 'node:util'
import { FFA_ERR_PLUGIN_OPTIONS_CONFLICT } from './codes.js'
import { FASTIFY_REGISTER_OPTIONS } from './options.js'

// One symbol per plugin, holding the options it was first registered with in a scope: a
// decorator, so an encapsulated child sees its parent's and a sibling does not.
const keys = new Map<string, symbol>()

function keyOf (plugin: string): symbol {
  let key = keys.get(plugin)
  if (key === undefined) {
    key = Symbol(`${plugin} options`)
    keys.set(plugin, key)
  }
  return key
}

// The plugin's own options: Fastify passes its register options (prefix ...) to every plugin.
function ownOptions (options: unknown): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) return {}
  return Object.fromEntries(Object.entries(options).filter(([key]) => !FASTIFY_REGISTER_OPTIONS.has(key)))
}

/**
 * Whether `plugin` is already registered in this scope or above it (then registering it again
 * must do nothing), as a fastify-plugin user expects of registering a plugin twice: the preset
 * and one of its plugins, or a plugin in an app and again in one of its child plugins. A second
 * registration without options, or with the same ones, joins the first; one with other
 * options would silently lose them, and is refused.
 */
export function registeredBefore (app: FastifyInstance, plugin: string, options: unknown): boolean {
  const key = keyOf(plugin)
  const own = ownOptions(options)
  const earlier = (app as unknown as Record<symbol, Record<string, unknown> | undefined>)[key]
  if (earlier === undefined) {
    app.decorate(key, own)
    return false
  }
  if (Object.keys(own).length === 0 || isDeepStrictEqual(own, earlier)) return true
  throw new FFA_ERR_PLUGIN_OPTIONS_CONFLICT(plugin, Object.keys(own).join(', '))
}
