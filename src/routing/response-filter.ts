import { isDeepStrictEqual } from 'node:util'
import type { z } from 'zod'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean } from '../shared/options.js'
import { selectionTree, type SelectionTree } from './field-selection.js'
import type { RouteOptions } from './types.js'
import { parseToIssues } from '../errors/zod-parse.js'

/** FastAPI's `response_model_exclude_*` and `_include`/`_exclude`, checked and normalised. */
export interface ResponseFilterOptions {
  excludeUnset: boolean
  excludeDefaults: boolean
  excludeNone: boolean
  include: SelectionTree | undefined
  exclude: SelectionTree | undefined
}

/** Drops the fields the options leave out of a parsed response; `input` is what the handler returned. */
export type ResponseFilter = (output: unknown, input: unknown) => unknown

interface Field {
  node: Node
  /** The field's default, read from zod each time (a function default makes a new value). */
  defaultOf: (() => unknown) | undefined
}

// The shape of a model, as far as the options need it: pydantic's models (zod objects) have
// fields with defaults and skip `None`; dicts (records) and lists only pass the options down.
type Node =
  | { kind: 'model', fields: Map<string, Field> }
  | { kind: 'list', item: Node }
  | { kind: 'dict', value: Node }
  | { kind: 'union', options: Array<{ schema: z.core.$ZodType, node: Node }> }
  | { kind: 'other' }

const OTHER: Node = { kind: 'other' }

// Wrappers whose output is their inner schema's (and `pipe`'s, its output side's).
function unwrap (schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema
  for (;;) {
    const def = current._zod.def as z.core.$ZodTypeDef & { innerType?: z.core.$ZodType, out?: z.core.$ZodType, getter?: () => z.core.$ZodType }
    if (def.type === 'lazy' && def.getter !== undefined) current = def.getter()
    else if (def.type === 'pipe' && def.out !== undefined) current = def.out
    else if (def.innerType !== undefined) current = def.innerType
    else return current
  }
}

// A field's default, looking through `.optional()` and `.nullable()` around `.default()`.
function defaultOf (schema: z.core.$ZodType): (() => unknown) | undefined {
  let current = schema
  for (;;) {
    const def = current._zod.def as z.core.$ZodTypeDef & { innerType?: z.core.$ZodType, defaultValue?: unknown }
    if (def.type === 'default') return () => def.defaultValue
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'readonly') && def.innerType !== undefined) current = def.innerType
    else return undefined
  }
}

function compileNode (schema: z.core.$ZodType, seen: Map<z.core.$ZodType, Node>): Node {
  const target = unwrap(schema)
  const known = seen.get(target)
  if (known !== undefined) return known
  const def = target._zod.def
  switch (def.type) {
    case 'object': {
      // Registered before its fields: a recursive model (a getter returning itself) ends here.
      const node: Node = { kind: 'model', fields: new Map() }
      seen.set(target, node)
      for (const [name, field] of Object.entries((def as z.core.$ZodObjectDef).shape)) {
        node.fields.set(name, { node: compileNode(field, seen), defaultOf: defaultOf(field) })
      }
      return node
    }
    case 'array': {
      const node = { kind: 'list', item: OTHER } as { kind: 'list', item: Node }
      seen.set(target, node)
      node.item = compileNode((def as z.core.$ZodArrayDef).element, seen)
      return node
    }
    case 'record': {
      const node = { kind: 'dict', value: OTHER } as { kind: 'dict', value: Node }
      seen.set(target, node)
      node.value = compileNode((def as z.core.$ZodRecordDef).valueType, seen)
      return node
    }
    case 'union': {
      const node: Node = { kind: 'union', options: [] }
      seen.set(target, node)
      for (const option of (def as z.core.$ZodUnionDef).options) node.options.push({ schema: option, node: compileNode(option, seen) })
      return node
    }
    default:
      return OTHER
  }
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}

function inner (tree: SelectionTree | undefined, name: string): SelectionTree | undefined {
  const selected = tree?.get(name)
  return selected === true ? undefined : selected
}

/**
 * Compiles, once per route and model, the filter FastAPI applies when it serializes a
 * response with `response_model_exclude_unset` and the others. "Unset" is pydantic's: a
 * field the handler's value does not have (`undefined` counts as absent, as JSON drops it),
 * so the defaults the model fills in stay out; in nested models too.
 */
export function compileResponseFilter (model: z.core.$ZodType, options: ResponseFilterOptions): ResponseFilter {
  const root = compileNode(model, new Map())
  const { excludeUnset, excludeDefaults, excludeNone } = options

  function filter (node: Node, output: unknown, input: unknown, include: SelectionTree | undefined, exclude: SelectionTree | undefined): unknown {
    if (node.kind === 'union') {
      // zod's union takes the first option that parses the value: so does the filter.
      const candidate = input === undefined ? output : input
      const option = node.options.find(({ schema }) => parseToIssues(schema as z.core.$ZodType, candidate).success)
      return filter(option?.node ?? OTHER, output, input, include, exclude)
    }
    if (Array.isArray(output)) {
      const item = node.kind === 'list' ? node.item : OTHER
      return output.map((value, index) => filter(item, value, Array.isArray(input) ? input[index] : undefined, include, exclude))
    }
    if (!isPlainObject(output)) return output
    // zod reads a class instance's fields as it reads a plain object's: so does "set".
    const given = typeof input === 'object' && input !== null && !Array.isArray(input) ? input as Record<string, unknown> : undefined
    const result: Record<string, unknown> = {}
    for (const name of Object.keys(output)) {
      if (exclude?.get(name) === true) continue
      if (include !== undefined && !include.has(name)) continue
      const value = output[name]
      let child: Node = OTHER
      if (node.kind === 'model') {
        if (excludeUnset && given?.[name] === undefined) continue
        if (excludeNone && value === null) continue
        const field = node.fields.get(name)
        if (excludeDefaults && field?.defaultOf !== undefined && isDeepStrictEqual(value, field.defaultOf())) continue
        child = field?.node ?? OTHER
      } else if (node.kind === 'dict') {
        child = node.value
      }
      result[name] = filter(child, value, given?.[name], inner(include, name), inner(exclude, name))
    }
    return result
  }

  return (output, input) => filter(root, output, input, options.include, options.exclude)
}

const FLAGS = {
  responseModelExcludeUnset: 'excludeUnset',
  responseModelExcludeDefaults: 'excludeDefaults',
  responseModelExcludeNone: 'excludeNone',
} as const

/**
 * A route's response model options, checked and normalised, or `undefined` when it uses none
 * of them (and keeps the compiled response path).
 */
export function responseFilterOptionsOf (route: string, options: RouteOptions): ResponseFilterOptions | undefined {
  const filter: ResponseFilterOptions = { excludeUnset: false, excludeDefaults: false, excludeNone: false, include: undefined, exclude: undefined }
  const used: string[] = []
  for (const [option, key] of Object.entries(FLAGS) as Array<[keyof typeof FLAGS, typeof FLAGS[keyof typeof FLAGS]]>) {
    const value = options[option]
    if (value === undefined) continue
    checkBoolean(`Route ${route}`, option, value)
    filter[key] = value
    if (value) used.push(option)
  }
  if (options.responseModelInclude !== undefined) {
    filter.include = selectionTree(route, 'responseModelInclude', options.responseModelInclude)
    used.push('responseModelInclude')
  }
  if (options.responseModelExclude !== undefined) {
    filter.exclude = selectionTree(route, 'responseModelExclude', options.responseModelExclude)
    used.push('responseModelExclude')
  }
  if (used.length === 0) return undefined
  if (options.response === undefined) {
    throw new FFA_ERR_OPTION_INVALID(`Route ${route}`, used[0] as string, "applies to the response model, and the route has none: add 'response' (FastAPI's response_model) or remove the option")
  }
  return filter
}
