import { inspect } from 'node:util'
import type { z } from 'zod'
import { isDependencyList, type Dependency } from '../depends/dependency.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkBoolean } from '../shared/options.js'
import { isHttpStatus } from '../shared/http-status.js'
import { isZodSchema } from '../shared/is-zod-schema.js'
import type { GenerateUniqueId } from './types.js'

/** One media type of a documented response: its schema (zod, or JSON Schema as it is), an example. */
export interface DocumentedMediaType {
  schema?: z.core.$ZodType | Record<string, unknown>
  example?: unknown
  examples?: Record<string, unknown>
}

/** An extra documented response (FastAPI's `responses={404: {"model": Message}}`). */
export interface DocumentedResponse {
  description?: string
  /** The body's model, for the docs (it is not validated), under the route's media type (JSON unless its `responseClass` says otherwise). */
  model?: z.core.$ZodType
  /**
   * More media types, merged into the route's (FastAPI's `"content": {"image/png": {}}`): an
   * image beside the JSON model, an example for the JSON.
   */
  content?: Record<string, DocumentedMediaType>
  headers?: Record<string, { description?: string, schema?: z.core.$ZodType }>
}

/** Documented responses by status code. */
export type DocumentedResponses = Record<number, DocumentedResponse>

/**
 * What a router, or one inclusion of it, adds to every route below it (FastAPI's
 * `APIRouter(...)` and `include_router(...)` arguments).
 */
export interface RouterSettings {
  /** Prepended to the paths; starts with "/" and does not end with one. */
  prefix?: string
  /** Added before the routes' own tags. */
  tags?: string[]
  /** Run for their side effects before the handlers, before the routes' own. */
  dependencies?: Dependency<unknown>[]
  /** Documented responses, merged with the routes' own (a route's wins for the same status). */
  responses?: DocumentedResponses
  /** Marks every route below as deprecated in the docs. */
  deprecated?: boolean
  /** `false` hides every route below from the docs. */
  includeInSchema?: boolean
  /** `false` reads a body sent without a `Content-Type` as JSON on every route below (FastAPI's `strict_content_type`). */
  strictContentType?: boolean
  /** Makes the operationIds of the routes below (FastAPI's `generate_unique_id_function`); the innermost wins. */
  generateUniqueIdFunction?: GenerateUniqueId
}

/** The settings of every level above a route, combined outermost first. */
export interface Accumulated {
  prefix: string
  tags: readonly string[]
  dependencies: readonly Dependency<unknown>[]
  responses: Readonly<DocumentedResponses>
  deprecated: boolean
  includeInSchema: boolean
  /** The innermost level's choice; `undefined` leaves it to the app's. */
  strictContentType: boolean | undefined
  /** The innermost level's; `undefined` leaves it to the docs'. */
  generateUniqueIdFunction: GenerateUniqueId | undefined
}

export const TOP: Accumulated = Object.freeze({
  prefix: '', tags: [], dependencies: [], responses: {}, deprecated: false, includeInSchema: true, strictContentType: undefined, generateUniqueIdFunction: undefined,
})

export const ROUTER_SETTINGS = ['prefix', 'tags', 'dependencies', 'responses', 'deprecated', 'includeInSchema', 'strictContentType', 'generateUniqueIdFunction'] as const

export function checkPrefix (where: string, prefix: unknown): string {
  if (prefix === undefined) return ''
  if (typeof prefix !== 'string' || (prefix !== '' && (!prefix.startsWith('/') || prefix.endsWith('/')))) {
    throw new FFA_ERR_OPTION_INVALID(where, 'prefix', `must start with "/" and not end with "/" (like "/items"); got ${JSON.stringify(prefix) ?? inspect(prefix)}`)
  }
  return prefix
}

/** Checks a router's (or an inclusion's) settings; names the option and the value it got. */
export function checkRouterSettings (where: string, settings: RouterSettings): RouterSettings {
  if (typeof settings !== 'object' || settings === null) throw new FFA_ERR_OPTION_INVALID(where, '(options)', `must be an object; got ${inspect(settings)}`)
  checkPrefix(where, settings.prefix)
  const { tags, dependencies, responses, deprecated, includeInSchema, strictContentType, generateUniqueIdFunction } = settings
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))) {
    throw new FFA_ERR_OPTION_INVALID(where, 'tags', `must be an array of strings; got ${JSON.stringify(tags) ?? inspect(tags)}`)
  }
  if (dependencies !== undefined && !isDependencyList(dependencies)) {
    throw new FFA_ERR_OPTION_INVALID(where, 'dependencies', `must be an array of dependencies made with Depends(fn); got ${inspect(dependencies, { depth: 1 })}`)
  }
  if (responses !== undefined) checkResponses(where, responses)
  if (deprecated !== undefined) checkBoolean(where, 'deprecated', deprecated)
  if (includeInSchema !== undefined) checkBoolean(where, 'includeInSchema', includeInSchema)
  if (strictContentType !== undefined) checkBoolean(where, 'strictContentType', strictContentType)
  if (generateUniqueIdFunction !== undefined && typeof generateUniqueIdFunction !== 'function') {
    throw new FFA_ERR_OPTION_INVALID(where, 'generateUniqueIdFunction', `must be a function of the route returning its operationId; got ${inspect(generateUniqueIdFunction)}`)
  }
  return settings
}

export function checkResponses (where: string, responses: unknown): void {
  if (typeof responses !== 'object' || responses === null || Array.isArray(responses)) {
    throw new FFA_ERR_OPTION_INVALID(where, 'responses', `must be an object by status code, like { 404: { description: 'Item not found', model: Message } }; got ${inspect(responses)}`)
  }
  for (const [status, response] of Object.entries(responses)) {
    const code = Number(status)
    if (!isHttpStatus(code)) throw new FFA_ERR_OPTION_INVALID(where, `responses.${status}`, 'is not an HTTP status from 100 to 599')
    if (typeof response !== 'object' || response === null) throw new FFA_ERR_OPTION_INVALID(where, `responses.${status}`, `must be an object ({ description, model, headers }); got ${inspect(response)}`)
    const { model, content } = response as DocumentedResponse
    if (model !== undefined && !isZodSchema(model)) throw new FFA_ERR_OPTION_INVALID(where, `responses.${status}.model`, `must be a zod schema; got ${inspect(model, { depth: 0 })}`)
    if (content !== undefined) checkContent(where, `responses.${status}.content`, content)
  }
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkContent (where: string, option: string, content: unknown): void {
  if (!isPlainObject(content)) throw new FFA_ERR_OPTION_INVALID(where, option, `must be an object by media type, like { 'image/png': {} }; got ${inspect(content, { depth: 0 })}`)
  for (const [mediaType, entry] of Object.entries(content)) {
    if (!isPlainObject(entry)) throw new FFA_ERR_OPTION_INVALID(where, `${option}.${mediaType}`, `must be an object ({ schema, example }), {} for none; got ${inspect(entry, { depth: 0 })}`)
    if (entry.schema !== undefined && !isPlainObject(entry.schema)) throw new FFA_ERR_OPTION_INVALID(where, `${option}.${mediaType}.schema`, `must be a zod schema or a JSON Schema object; got ${inspect(entry.schema, { depth: 0 })}`)
  }
}

/**
 * Adds one level's settings below `outer`, as FastAPI's `include_router` does: prefixes
 * concatenate, tags and dependencies accumulate outermost first, responses merge (the inner
 * wins), any level can deprecate, every level must include in the schema, the innermost
 * level that chooses content-type strictness decides it.
 */
export function combine (outer: Accumulated, inner: RouterSettings): Accumulated {
  return {
    prefix: outer.prefix + (inner.prefix ?? ''),
    tags: inner.tags === undefined || inner.tags.length === 0 ? outer.tags : [...outer.tags, ...inner.tags],
    dependencies: inner.dependencies === undefined || inner.dependencies.length === 0 ? outer.dependencies : [...outer.dependencies, ...inner.dependencies],
    responses: inner.responses === undefined ? outer.responses : { ...outer.responses, ...inner.responses },
    deprecated: outer.deprecated || inner.deprecated === true,
    includeInSchema: outer.includeInSchema && inner.includeInSchema !== false,
    strictContentType: inner.strictContentType ?? outer.strictContentType,
    generateUniqueIdFunction: inner.generateUniqueIdFunction ?? outer.generateUniqueIdFunction,
  }
}
