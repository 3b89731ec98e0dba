import type { z } from 'zod'
import type { BodyDeclaration, BodyFields } from './body-declaration.js'
import type { FormDeclaration } from './form-declaration.js'

/** A zod object schema: its keys are the names of the path, query, header or cookie params. */
export type ParamsSchema = z.core.$ZodObject

/** The request inputs a route or a dependency declares, each a zod schema. */
export interface DeclaredInputs {
  /** Path params (`/items/{item_id}`): `z.object({ item_id: z.number().int() })`. */
  params?: ParamsSchema
  /** Query params; a list schema collects a repeated key (`?tag=a&tag=b`). */
  query?: ParamsSchema
  /** Headers; a key `x_token` reads the header `x-token`, as in FastAPI. */
  headers?: ParamsSchema
  /** Cookies, by name. */
  cookies?: ParamsSchema
  /**
   * The JSON body: one schema (FastAPI's `item: Item`), or several body params by name, read
   * from one JSON object keyed by those names (FastAPI's `item: Item, user: User,
   * importance: int = Body()`; one name alone is `Body(embed=True)`).
   */
  body?: BodyDeclaration
  /**
   * The form body (`application/x-www-form-urlencoded`), a zod object keyed by field name:
   * FastAPI's `username: str = Form()` fields, or a form model, `Form(FormData)`. Values are
   * coerced as query values are (`"3"` for an int, a repeated field for a list); a field sent
   * empty counts as not sent. A request has one body: `body` (JSON) or `form`, not both.
   */
  form?: FormDeclaration
}

// The value a schema declared in `TOptions[Key]` produces, or `Otherwise` when it is not declared.
//   Declared<{ query: ZodObject<{ q: ZodString }> }, 'query', {}> => { q: string }
//   Declared<{}, 'query', {}>                                     => {}
export type Declared<TOptions, Key extends string, Otherwise> =
  TOptions extends { [K in Key]: infer Schema extends z.core.$ZodType } ? z.output<Schema> : Otherwise

// The body a handler receives: the schema's output, or one value per body param.
//   BodyOf<{ body: typeof Item }>                      => Item's output
//   BodyOf<{ body: { item: typeof Item, n: ZodInt } }> => { item: Item's output, n: number }
//   BodyOf<{}>                                         => undefined
export type BodyOf<TOptions> =
  TOptions extends { body: infer TBody }
    ? TBody extends z.core.$ZodType ? z.output<TBody> : TBody extends BodyFields ? z.output<z.core.$ZodObject<TBody, z.core.$strip>> : undefined
    : undefined

// The form a handler receives: the form schema's output, or `undefined` when none is declared.
//   FormOf<{ form: ZodObject<{ username: ZodString }> }> => { username: string }
//   FormOf<{}>                                          => undefined
export type FormOf<TOptions> = Declared<TOptions, 'form', undefined>

// A request has one body: a JSON `body` and a `form` on one declaration are a type error
// (and a registration error, FFA_ERR_BODY_AND_FORM, for code the types do not see).
//   OneBody<{ body: Item, form: Login }> => { form: 'a request has one body: ...' }
//   OneBody<{ form: Login }>             => unknown
export type OneBody<TOptions> =
  TOptions extends { body: unknown, form: unknown } ? { form: 'a request has one body: declare `body` (JSON) or `form`, not both' } : unknown

// An undeclared location is an empty object, so reading a param nobody declared is a type error.
export type Nothing = Record<never, never>
