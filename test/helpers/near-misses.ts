import type { z } from 'zod'

// Near misses for the compiled paths (response models, request inputs): a valid sample of a
// model, and every value one step from it, where Ajv and zod could judge differently.

// Values that probe where Ajv, fast-json-stringify and zod could differ.
export class Point { x = 1; y = 2 }
export const WEIRD: unknown[] = [
  undefined, null, NaN, Infinity, -Infinity, -0, 0, 1, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 2 ** 53 - 1, 1e21, 5e-324,
  '', 'x', 'ab', 'abc', 'abcd', 'ABC', 'AB', 'low', 'a', '😀', '😀😀', '\ud800', '"\\\n\u2028\u0000', 'é'.repeat(50),
  true, false, 7, [], [true], [true, false, true], ['x'], [1], {}, { name: 'x' }, { a: 1 }, { a: 1, b: 2 },
  new Date(0), new Point(), { toJSON: () => 'other' }, Object.create(null) as object,
]

export function validSample (schema: z.ZodType): unknown {
  const def = schema._zod.def
  switch (def.type) {
    case 'string': {
      for (const candidate of ['ab', 'ABC', 'x', 'abc']) if (schema.safeParse(candidate).success) return candidate
      return 'x'
    }
    case 'number': return schema.safeParse(0.5).success ? 0.5 : 1
    case 'boolean': return true
    case 'null': return null
    case 'literal': return (def as z.core.$ZodLiteralDef<z.core.util.Literal>).values[0]
    case 'enum': return Object.values((def as z.core.$ZodEnumDef).entries)[0]
    case 'array': return [validSample((def as z.core.$ZodArrayDef).element as z.ZodType)]
    case 'object': {
      const value: Record<string, unknown> = {}
      for (const [key, property] of Object.entries((def as z.core.$ZodObjectDef).shape)) value[key] = validSample(property as z.ZodType)
      return value
    }
    case 'optional': case 'nullable': case 'default': case 'readonly':
      return validSample((def as unknown as { innerType: z.ZodType }).innerType)
    default: return undefined
  }
}

// Every value one step from a valid sample: each key removed, set to each weird value, an extra key added; the same one level down.
export function variants (sample: unknown): unknown[] {
  const out: unknown[] = [sample, ...WEIRD]
  if (Array.isArray(sample)) {
    out.push([], [...sample, ...sample], [sample[0], undefined])
    for (const inner of variants(sample[0])) out.push([inner], [sample[0], inner])
  } else if (sample !== null && typeof sample === 'object') {
    const record = sample as Record<string, unknown>
    out.push({ ...record, secret: 'hidden', password: { deep: true } }, Object.assign(new Point(), record), { ...record, toJSON: () => 'x' })
    for (const key of Object.keys(record)) {
      const { [key]: _removed, ...rest } = record
      out.push(rest, { ...record, [key]: undefined })
      const inner = record[key]
      const innerVariants = inner !== null && typeof inner === 'object' ? variants(inner) : WEIRD
      for (const value of innerVariants) out.push({ ...record, [key]: value })
    }
  }
  return out
}

