import type { z } from 'zod'

/** How a params model reads the request (FastAPI's `Header(convert_underscores=False)`). */
export interface ParamModelOptions {
  /**
   * `false` reads a header model's field `save_data` from the header `save_data`, not
   * `save-data` (FastAPI's `convert_underscores=False`). Only headers convert. Default `true`.
   */
  convertUnderscores?: boolean
}

/** What the request readers and the docs need to know about a params model. */
export interface ParamModel {
  convertUnderscores: boolean
}

// Keyed by the schema itself: a model is a model wherever it is used, as a pydantic class is.
const models = new WeakMap<z.core.$ZodObject, ParamModel>()

function paramModel<TModel extends z.core.$ZodObject> (model: TModel, options: ParamModelOptions = {}): TModel {
  models.set(model, { convertUnderscores: options.convertUnderscores ?? true })
  return model
}

/**
 * Marks a zod object as FastAPI's query parameter model (`Annotated[FilterParams, Query()]`):
 * one object for the whole query string. Its errors are located by the field's name
 * (`["query", "order_by"]`), a missing field's `input` is every param received, and a
 * `z.strictObject` refuses unknown params with `extra_forbidden`.
 *
 * @example
 * const FilterParams = z.strictObject({ limit: z.int().gt(0).max(100).default(100), order_by: z.literal(['created_at', 'updated_at']).default('created_at') })
 * app.api.get('/items/', { query: Query(FilterParams) }, ({ query }) => query)
 */
export const Query = paramModel

/**
 * Marks a zod object as FastAPI's header parameter model (`Annotated[CommonHeaders, Header()]`):
 * the field `save_data` reads the header `save-data` (unless `convertUnderscores: false`)
 * and its errors say `["header", "save_data"]`, as FastAPI's do. A `z.strictObject` refuses
 * every header it does not declare, as FastAPI does, `User-Agent` and `Host` included.
 */
export const Header = paramModel

/** Marks a zod object as FastAPI's cookie parameter model (`Annotated[Cookies, Cookie()]`). */
export const Cookie = paramModel

/** The model a params schema was marked as, or `undefined` for a schema of individual params. */
export function paramModelOf (schema: z.core.$ZodObject): ParamModel | undefined {
  return models.get(schema)
}
