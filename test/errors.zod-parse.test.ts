import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ValidationErrorItem } from '../src/errors/validation-item.js'
import { zodIssuesToItems } from '../src/errors/zod-issues.js'
import { finalizeIssues, parseToIssues, runSchema } from '../src/errors/zod-parse.js'

function itemsOf (schema: z.ZodType, value: unknown): ValidationErrorItem[] {
  const result = parseToIssues(schema, value)
  if (result.success) throw new Error('expected a failure')
  const items: ValidationErrorItem[] = []
  zodIssuesToItems(result.issues, ['body'], value, 'parent', items)
  return items
}

describe('runSchema and finalizeIssues, the parse of every request and response model', () => {
  it('runs a transform synchronously, as safeParse does', () => {
    const schema = z.object({ name: z.string().transform((name) => name.toUpperCase()) })
    expect(parseToIssues(schema, { name: 'foo' })).toEqual({ success: true, data: { name: 'FOO' } })
    expect(runSchema(schema, { name: 'foo' })).toEqual({ success: true, data: { name: 'FOO' } })
  })

  it('refuses an async transform or promise schema, as safeParse does', () => {
    expect(() => z.string().transform(async (name) => name).safeParse('x')).toThrow(z.core.$ZodAsyncError)
    expect(() => parseToIssues(z.string().transform(async (name) => name), 'x')).toThrow(z.core.$ZodAsyncError)
    expect(() => parseToIssues(z.promise(z.string()), Promise.resolve('x'))).toThrow(z.core.$ZodAsyncError)
  })

  it('says an int was expected only where zod expected a number: not for an int out of its range', () => {
    for (const [schema, value] of [[z.int32(), 2 ** 31], [z.uint32(), -1], [z.int(), 2 ** 53], [z.number().int().min(0), -1]] as const) {
      const expected = schema.safeParse(value).error?.issues
      expect(expected?.[0]?.code).toMatch(/^too_/)
      expect(parseToIssues(schema, value)).toEqual({ success: false, issues: expected })
    }
    expect(parseToIssues(z.int(), 'x')).toMatchObject({ issues: [{ code: 'invalid_type', expected: 'int' }] })
    // A key left out that its schema would take as undefined: zod's issue has no schema to ask.
    const unknownKey = z.object({ a: z.unknown(), n: z.int() })
    expect(parseToIssues(unknownKey, {})).toEqual({ success: false, issues: unknownKey.safeParse({}).error?.issues.map((issue) => issue.path[0] === 'n' ? { ...issue, expected: 'int' } : issue) })
  })

  it('finalizes one issue more than the limit, to tell that some were cut, and all of them without one', () => {
    const schema = z.array(z.string())
    const result = runSchema(schema, [1, 2, 3, 4, 5])
    if (result.success) throw new Error('expected a failure')
    const all = schema.safeParse([1, 2, 3, 4, 5]).error?.issues
    expect(finalizeIssues(result.issues)).toEqual(all)
    expect(finalizeIssues(result.issues, 2)).toEqual(all?.slice(0, 3))
    expect(finalizeIssues(result.issues, 4)).toEqual(all)
    expect(finalizeIssues(result.issues, 0)).toEqual(all?.slice(0, 1))
  })

  it('tells an Enum from a Literal whatever its count of values, as pydantic does', () => {
    expect(itemsOf(z.object({ size: z.enum(['only']) }), { size: 'x' })).toEqual([
      { type: 'enum', loc: ['body', 'size'], msg: "Input should be 'only'", input: 'x', ctx: { expected: "'only'" } },
    ])
    expect(itemsOf(z.object({ mode: z.literal(['fast', 'slow']) }), { mode: 'x' })).toEqual([
      { type: 'literal_error', loc: ['body', 'mode'], msg: "Input should be 'fast' or 'slow'", input: 'x', ctx: { expected: "'fast' or 'slow'" } },
    ])
    expect(itemsOf(z.object({ mode: z.literal('fast') }), { mode: 'x' })).toEqual([
      { type: 'literal_error', loc: ['body', 'mode'], msg: "Input should be 'fast'", input: 'x', ctx: { expected: "'fast'" } },
    ])
  })

  it('guesses by its count of values for a choice that is neither (z.stringbool()\'s words)', () => {
    const [item] = itemsOf(z.object({ on: z.stringbool() }), { on: 'maybe' })
    expect(item).toMatchObject({ type: 'enum', loc: ['body', 'on'], input: 'maybe' })
    expect(item?.msg).toMatch(/^Input should be 'true', '1', .* or 'disabled'$/)
  })
})
