import type { z } from 'zod'
import type { JsonSchema } from '../shared/openapi-types.js'

/**
 * zod's string formats that pydantic has a type for, written as pydantic writes that type:
 * `z.email()` is `EmailStr`, `{"type":"string","format":"email"}`. zod adds the regex it
 * checks with as a `pattern`; pydantic documents the format alone, and so do we.
 */
const PYDANTIC_FORMATS: Record<string, { format: string, minLength?: number }> = {
  email: { format: 'email' },
  uuid: { format: 'uuid' },
  guid: { format: 'uuid' },
  // pydantic's AnyUrl and HttpUrl: a URL is never empty.
  url: { format: 'uri', minLength: 1 },
  datetime: { format: 'date-time' },
  date: { format: 'date' },
  time: { format: 'time' },
  duration: { format: 'duration' },
  ipv4: { format: 'ipv4' },
  ipv6: { format: 'ipv6' },
}

interface FormatCheckDef {
  check?: string
  format?: string
  pattern?: RegExp
}

/** A string schema with a format pydantic knows, in pydantic's words; any other schema as it is. */
export function pydanticStringFormat (zodSchema: z.core.$ZodType, jsonSchema: JsonSchema): void {
  const def = zodSchema._zod.def as z.core.$ZodStringDef & FormatCheckDef
  if (def.type !== 'string') return
  // A format schema (`z.email()`) is its own first check; `z.string().email()` holds one.
  const checks = [def, ...(def.checks ?? []).map((check) => check._zod.def as FormatCheckDef)]
  const builtIn = new Set<string>()
  let known: { format: string, minLength?: number } | undefined
  for (const check of checks) {
    const format = check.check === 'string_format' && check.format !== undefined ? PYDANTIC_FORMATS[check.format] : undefined
    if (format === undefined) continue
    known = format
    if (check.pattern !== undefined) builtIn.add(check.pattern.source)
  }
  if (known === undefined) return
  // zod leaves `format` out where its check is narrower than the keyword (a local date-time, a
  // time without offset); pydantic's datetime and time take those values and keep their format.
  jsonSchema.format = known.format
  if (known.minLength !== undefined && jsonSchema.minLength === undefined) jsonSchema.minLength = known.minLength
  if (typeof jsonSchema.pattern === 'string' && builtIn.has(jsonSchema.pattern)) delete jsonSchema.pattern
  // The user's own `.regex()` beside a format: zod lists every pattern under `allOf`.
  if (jsonSchema.allOf !== undefined) {
    const own = jsonSchema.allOf.filter((part) => !(typeof part.pattern === 'string' && builtIn.has(part.pattern) && Object.keys(part).length === 1))
    delete jsonSchema.allOf
    if (own.length === 1 && Object.keys(own[0] as JsonSchema).length === 1 && typeof own[0]?.pattern === 'string') jsonSchema.pattern = own[0].pattern
    else if (own.length > 0) jsonSchema.allOf = own
  }
}
