import { z } from 'zod'
import { recordChoiceKind } from './zod-issues.js'

/** The outcome of a parse: the output, or the issues of a failure. */
export type ParseOutcome =
  | { success: true, data: unknown }
  | { success: false, issues: z.core.$ZodIssue[] }

/** The same, with the issues as zod's run left them: see `finalizeIssues`. */
export type RunOutcome =
  | { success: true, data: unknown }
  | { success: false, issues: z.core.$ZodRawIssue[] }

/**
 * `schema.safeParse(value)` without its ZodError: building one, with zod's lazy `error`
 * getter around it, took 4.2 of the 4.7 µs of a failing parse (measured, zod 4.6), and only
 * the issues are read. The issues are raw: `finalizeIssues` makes them zod's own.
 */
export function runSchema (schema: z.core.$ZodType, value: unknown): RunOutcome {
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, without `async: false` zod only skips its compiled object parser (slower, same answer) and hands back a Promise for an async refinement, as it does for an async transform, refused just below
  const context = { async: false }
  const payload = schema._zod.run({ value, issues: [] }, context)
  // As zod's safeParse does: an async transform needs safeParseAsync. (Told `async: false`, zod
  // throws this itself for an async refinement, but hands back an async transform's Promise.)
  if (payload instanceof Promise) throw new z.core.$ZodAsyncError()
  if (payload.issues.length === 0) return { success: true, data: payload.value }
  return { success: false, issues: payload.issues }
}

/**
 * zod's messages and paths for raw issues (`finalizeIssue`, as safeParse calls it), for the
 * first `limit` + 1 only: one more than the limit tells that some were cut, and finalizing
 * each costs microseconds that a body of 260,000 bad items turns into a second.
 */
export function finalizeIssues (issues: z.core.$ZodRawIssue[], limit = Infinity): z.core.$ZodIssue[] {
  const config = z.core.config()
  // A parse's context only lends finalizeIssue an error map or `reportInput`; ours sets neither.
  return issues.slice(0, limit + 1).map((issue) => {
    const finalized = expectIntegers(issue, z.core.util.finalizeIssue(issue, undefined, config))
    recordChoice(issue, finalized)
    return finalized
  })
}

// An enum's or a literal's issue is always `invalid_value`, the only code whose kind is read.
function recordChoice (raw: z.core.$ZodRawIssue, issue: z.core.$ZodIssue): void {
  const inst = raw.inst
  // Stryker disable next-line StringLiteral: equivalent, zod-issues tells 'literal' from any other kind, so '' reads as 'enum'
  if (inst instanceof z.ZodEnum) recordChoiceKind(issue, 'enum')
  else if (inst instanceof z.ZodLiteral) recordChoiceKind(issue, 'literal')
}

/** `schema.safeParse(value)`, reporting a failure as its (finalized) issues and nothing more. */
export function parseToIssues (schema: z.core.$ZodType, value: unknown): ParseOutcome {
  const result = runSchema(schema, value)
  return result.success ? result : { success: false, issues: finalizeIssues(result.issues) }
}

// zod says "expected number" when an int field gets no number at all (`null`, an object);
// pydantic says int_type, "Input should be a valid integer". Only the raw issue still knows
// its schema (`inst`), so the int is recovered from it; zod's message stays as zod wrote it.
// (An int schema's other wrong types already say 'int'; `isInt` is a number schema's own.)
function expectIntegers (raw: z.core.$ZodRawIssue, issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_type') return issue
  return (raw.inst as { isInt?: boolean } | undefined)?.isInt === true ? { ...issue, expected: 'int' } : issue
}
