import { inspect } from 'node:util'
import { FFA_ERR_OPTION_INVALID } from './codes.js'

/** A plugin's options must be an object (or nothing); anything else is refused by name. */
export function checkOptionsObject (plugin: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FFA_ERR_OPTION_INVALID(plugin, '(options)', `must be an object; got ${describeValue(options)}`)
  }
  for (const key of Object.keys(options)) {
    // Fastify passes its own register options (prefix, logLevel ...) to every plugin.
    if (!known.includes(key) && !FASTIFY_REGISTER_OPTIONS.has(key)) {
      throw new FFA_ERR_OPTION_INVALID(plugin, key, known.length === 0 ? `is not an option: ${plugin} takes none` : `is not an option of ${plugin}; its options are: ${known.join(', ')}`)
    }
  }
  return options as Record<string, unknown>
}

/** The options Fastify itself reads in `register(plugin, options)`, which every plugin also gets. */
export const FASTIFY_REGISTER_OPTIONS: ReadonlySet<string> = new Set(['prefix', 'logLevel', 'logSerializers'])

export function describeValue (value: unknown): string {
  return `${typeof value} ${inspect(value, { depth: 1, breakLength: Infinity })}`
}

/** A switch: `true` or `false`, nothing that merely reads as one (`'yes'`, `0`). */
export function checkBoolean (where: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new FFA_ERR_OPTION_INVALID(where, name, `must be true or false; got ${describeValue(value)}`)
}

/** A count or a limit: an integer of at least 1 (`example` says what a good value looks like). */
export function checkPositiveInteger (plugin: string, name: string, value: unknown, example: string): void {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new FFA_ERR_OPTION_INVALID(plugin, name, `must be an integer of at least 1, ${example}; got ${describeValue(value)}`)
  }
}
