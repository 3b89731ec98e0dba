import type { z } from 'zod'
import { constraintItems, formatMismatch, item, messages, pythonRepr, typeMismatch, type CollectionType, type Loc, type ValidationErrorItem } from './validation-item.js'

type Issue = z.core.$ZodIssue

// Which schema refused a value not among its choices: pydantic says `literal_error` for a
// `Literal[...]` (zod's `z.literal`, one value or several) and `enum` for an Enum (`z.enum`).
// A finalized issue no longer knows its schema; `finalizeIssues` records it here first.
// `true` for a literal.
const literalChoices = new WeakMap<Issue, boolean>()

/** Records whether an `invalid_value` issue came from a `z.enum` or a `z.literal`. */
export function recordChoiceKind (issue: Issue, kind: 'enum' | 'literal'): void {
  literalChoices.set(issue, kind === 'literal')
}

/** How to report the `input` of a missing field: FastAPI sends `null` for a missing param and the parent object for a missing body field. */
export type MissingInput = 'null' | 'parent'

/** Reads `root` along `path`; `undefined` where the path leads nowhere. */
export function valueAt (root: unknown, path: ReadonlyArray<PropertyKey>, length = path.length): unknown {
  let value = root
  for (let index = 0; index < length; index++) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[path[index] as PropertyKey]
  }
  return value
}

// zod writes a RegExp as "/source/flags"; pydantic shows the bare source.
function patternSource (pattern = ''): string {
  const match = /^\/(.*)\/[a-z]*$/s.exec(pattern)
  return match ? (match[1] as string) : pattern
}

/**
 * Turns zod issues into FastAPI's validation items, appending them to `out`.
 * `input` is the value as the client sent it (read from `raw`, before coercion),
 * as FastAPI reports it.
 */
export function zodIssuesToItems (
  issues: ReadonlyArray<Issue>,
  prefix: Loc,
  raw: unknown,
  missingInput: MissingInput,
  out: ValidationErrorItem[],
  limit = Infinity,
): void {
  for (const issue of issues) {
    // One past the limit is enough to say that some were cut (see cutToLimit).
    if (out.length > limit) return
    const path = issue.path
    // Stryker disable next-line ConditionalExpression: equivalent, an empty path spreads to a copy of the prefix; this only saves the copy
    const loc: Loc = path.length === 0 ? prefix : [...prefix, ...path.map(toLocPart)]
    const input = valueAt(raw, path)
    const converted = convertIssue(issue, loc, input, raw, missingInput, out, limit)
    if (converted !== undefined) out.push(converted)
  }
}

function toLocPart (part: PropertyKey): string | number {
  return typeof part === 'number' ? part : String(part)
}

export function locKey (loc: Loc): string {
  return loc.join('\u0000')
}

function convertIssue (
  issue: Issue,
  loc: Loc,
  input: unknown,
  raw: unknown,
  missingInput: MissingInput,
  out: ValidationErrorItem[],
  limit: number,
): ValidationErrorItem | undefined {
  // A discriminated union found no member by its tag: zod locates it on the tag, pydantic on
  // the union, with the union's object as input. Only such an issue (an invalid_union) names a
  // discriminator, and it lists the tags as `options`.
  const { discriminator, options } = issue as { discriminator?: string, options?: ReadonlyArray<unknown> }
  if (discriminator !== undefined) {
    return discriminatorItem(discriminator, options as ReadonlyArray<unknown>, loc.slice(0, -1), valueAt(raw, issue.path, issue.path.length - 1), input)
  }
  // Nothing sent where a type, an enum, a literal or a union was expected: pydantic's `missing`.
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
    const parent = missingInput === 'parent' ? valueAt(raw, issue.path, issue.path.length - 1) : null
    return item('missing', loc, messages.missing, parent)
  }
  switch (issue.code) {
    case 'invalid_type':
      return typeMismatch(issue.expected, loc, input)
    case 'too_small': {
      const minimum = issue.minimum as number
      if (issue.origin === 'string') return constraintItems.stringTooShort(loc, input, minimum)
      const collection = COLLECTIONS[issue.origin]
      if (collection !== undefined) return constraintItems.tooShort(loc, input, collection, minimum, lengthOf(input))
      return issue.inclusive === false
        ? constraintItems.greaterThan(loc, input, minimum)
        : constraintItems.greaterThanEqual(loc, input, minimum)
    }
    case 'too_big': {
      const maximum = issue.maximum as number
      if (issue.origin === 'string') return constraintItems.stringTooLong(loc, input, maximum)
      const collection = COLLECTIONS[issue.origin]
      if (collection !== undefined) return constraintItems.tooLong(loc, input, collection, maximum, lengthOf(input))
      return issue.inclusive === false
        ? constraintItems.lessThan(loc, input, maximum)
        : constraintItems.lessThanEqual(loc, input, maximum)
    }
    case 'not_multiple_of':
      return constraintItems.multipleOf(loc, input, issue.divisor as number)
    case 'invalid_value':
      // A union member's issue, which zod finalized itself, is guessed from its count of values.
      return (literalChoices.get(issue) ?? issue.values.length === 1)
        ? constraintItems.literalMismatch(loc, input, issue.values)
        : constraintItems.enumMismatch(loc, input, issue.values)
    case 'invalid_format': {
      return issue.format === 'regex'
        ? constraintItems.patternMismatch(loc, input, patternSource(issue.pattern))
        : formatMismatch(issue.format, loc, input, issue.message)
    }
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        out.push(item('extra_forbidden', [...loc, key], messages.extra_forbidden, valueAt(input, [key])))
      }
      return undefined
    case 'invalid_union':
      // z.xor's value that more than one member accepts: pydantic has no such union.
      if (issue.errors.length === 0) return constraintItems.valueError(loc, input, issue.message)
      // pydantic reports every member's errors; so do we, each under the union's loc.
      for (const memberIssues of issue.errors) zodIssuesToItems(memberIssues, loc, input, missingInput, out, limit)
      return undefined
    case 'invalid_key':
      // pydantic reports a record's key on the key, with the key as the input: `["body", "foo", "[key]"]`.
      zodIssuesToItems(issue.issues, [...loc, '[key]'], issue.path[issue.path.length - 1], missingInput, out)
      return undefined
    case 'invalid_element':
      zodIssuesToItems(issue.issues, loc, input, missingInput, out, limit)
      return undefined
    default:
      return constraintItems.valueError(loc, input, issue.message)
  }
}

// zod's `origin` of a too_small or too_big on a collection, and pydantic's name for it.
const COLLECTIONS: Partial<Record<string, CollectionType>> = { array: 'List', set: 'Set' }

// pydantic's union_tag_not_found and union_tag_invalid, which quote the discriminator and the tags as Python's repr.
function discriminatorItem (discriminator: string, tags: ReadonlyArray<unknown>, loc: Loc, input: unknown, tag: unknown): ValidationErrorItem {
  const name = pythonRepr(discriminator)
  if (tag === undefined) return item('union_tag_not_found', loc, `Unable to extract tag using discriminator ${name}`, input, { discriminator: name })
  const expected = tags.map(pythonRepr).join(', ')
  return item('union_tag_invalid', loc, `Input tag '${String(tag)}' found using ${name} does not match any of the expected tags: ${expected}`, input,
    { discriminator: name, tag: String(tag), expected_tags: expected })
}

function lengthOf (value: unknown): number {
  if (Array.isArray(value)) return value.length
  if (value instanceof Set) return value.size
  return 0
}
