import { z } from 'zod'
import { isZodSchema } from '../shared/is-zod-schema.js'

/**
 * Several body params, by name: FastAPI's `item: Item, user: User, importance: int = Body()`.
 * The body is then one JSON object keyed by these names, `{"item": {...}, "user": {...},
 * "importance": 5}`; one name alone is FastAPI's `Body(embed=True)`.
 */
export type BodyFields = { readonly [name: string]: z.core.$ZodType }

/** A route's or a dependency's `body`: one schema for the whole body, or several body params. */
export type BodyDeclaration = z.core.$ZodType | BodyFields

// What each body param is, once per declaration: the docs, the reader and the conflict check share it.
const objects = new WeakMap<BodyFields, z.core.$ZodObject>()

/** Whether `body` declares several body params (a plain object of schemas) rather than one schema. */
export function isBodyFields (body: unknown): body is BodyFields {
  if (typeof body !== 'object' || body === null || isZodSchema(body) || Array.isArray(body)) return false
  const values = Object.values(body)
  return values.length > 0 && values.every(isZodSchema)
}

/** Whether a value is a `body` declaration: a zod schema, or a non-empty object of them. */
export function isBodyDeclaration (body: unknown): body is BodyDeclaration {
  return isZodSchema(body) || isBodyFields(body)
}

/** The body params as one object schema: how the docs show them (FastAPI's `Body_<operation id>`). */
export function bodyFieldsObject (fields: BodyFields): z.core.$ZodObject {
  let object = objects.get(fields)
  if (object === undefined) {
    object = z.object(fields)
    objects.set(fields, object)
  }
  return object
}

/** Whether a schema needs a value: a param without a default or `.optional()`. */
export function isRequired (schema: z.core.$ZodType): boolean {
  return !z.safeParse(schema, undefined).success
}

/** A request body as the docs show it: its schema, and whether a request must send it. */
export interface DocumentedBody {
  schema: z.core.$ZodType
  required: boolean
}

/**
 * The body that a route's declarations (its own, then its dependencies') read together: the
 * first whole-body schema; else every body param of them all in one object, as FastAPI
 * embeds the body params of a route and its dependencies.
 */
export function documentedBody (declarations: ReadonlyArray<{ body?: BodyDeclaration }>): DocumentedBody | undefined {
  const whole = declarations.find((declaration) => declaration.body !== undefined && !isBodyFields(declaration.body))?.body as z.core.$ZodType | undefined
  if (whole !== undefined) return { schema: whole, required: isRequired(whole) }
  const all = declarations.flatMap((declaration) => declaration.body === undefined ? [] : [declaration.body as BodyFields])
  if (all.length === 0) return undefined
  const fields = all.length === 1 ? all[0] as BodyFields : Object.assign({}, ...all) as BodyFields
  // FastAPI requires the body when one of its params is required.
  return { schema: bodyFieldsObject(fields), required: Object.values(fields).some(isRequired) }
}
