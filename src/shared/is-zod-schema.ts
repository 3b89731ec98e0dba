import type { z } from 'zod'

/** Whether a value is a zod schema (zod 4, classic or mini). */
export function isZodSchema (value: unknown): value is z.core.$ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value
}

/** Whether a zod schema is an object schema, whose keys are the names of params. */
export function isZodObject (value: unknown): value is z.core.$ZodObject {
  return isZodSchema(value) && (value as z.core.$ZodType)._zod.def.type === 'object'
}
