import type { z } from 'zod'
import { compileModelSerializer } from '../routing/model-serializer.js'
import { compileExactInput, REFUSED, type ExactInput } from '../inputs/exact-input.js'

// A discriminated union's options by their discriminator's value, when each has one literal:
//   OptionsByTag<discriminatedUnion('type', [{ type: 'say' }, { type: 'add' }])> => Map { 'say' => ..., 'add' => ... }
function optionsByTag (schema: z.ZodType): { key: string, options: Map<unknown, z.ZodType> } | null {
  const def = schema._zod.def as { type: string, discriminator?: string, options?: z.ZodType[] }
  if (def.type !== 'union' || def.discriminator === undefined || def.options === undefined) return null
  const options = new Map<unknown, z.ZodType>()
  for (const option of def.options) {
    const tag = (option as unknown as { shape?: Record<string, z.ZodType> }).shape?.[def.discriminator]
    const values = (tag?._zod.def as { type?: string, values?: unknown[] } | undefined)
    if (values?.type !== 'literal' || values.values?.length !== 1) return null
    options.set(values.values[0], option)
  }
  return { key: def.discriminator, options }
}

// A discriminated union's options compiled one by one, picked by a value's tag; `null` for any other schema.
function dispatch<TCompiled> (schema: z.ZodType, compile: (option: z.ZodType) => TCompiled): ((value: unknown) => TCompiled | undefined) | null {
  const byTag = optionsByTag(schema)
  if (byTag === null) return null
  const compiled = new Map<unknown, TCompiled>()
  for (const [tag, option] of byTag.options) compiled.set(tag, compile(option))
  const { key } = byTag
  return (value) => typeof value === 'object' && value !== null ? compiled.get((value as Record<string, unknown>)[key]) : undefined
}

/**
 * Fast path for incoming messages: what zod would return for a parsed message the exact JSON
 * Schema accepts (a discriminated union's option picked by its tag), so that zod parses only
 * what it refuses.
 */
export function compileIncomingParser (schema: z.ZodType): ExactInput {
  const pick = dispatch(schema, (option) => compileExactInput(option))
  if (pick === null) return compileExactInput(schema)
  return (value) => {
    const exact = pick(value)
    return exact === undefined ? REFUSED : exact(value)
  }
}

/**
 * How an outgoing message becomes text: its model's compiled serializer (Ajv and
 * fast-json-stringify for an exact model, zod otherwise; a discriminated union's option picked
 * by its tag); one that fails its model throws.
 */
export function compileOutgoingSerializer (schema: z.ZodType, where: string): (value: unknown) => string {
  const whole = compileModelSerializer(schema, where)
  const pick = dispatch(schema, (option) => compileModelSerializer(option, where))
  if (pick === null) return whole
  return (value) => (pick(value) ?? whole)(value)
}
