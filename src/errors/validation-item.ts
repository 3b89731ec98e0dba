/** Where a value came from, as FastAPI writes the first element of `loc`. */
export type ValidationLocation = 'path' | 'query' | 'header' | 'cookie' | 'body'

export type Loc = ReadonlyArray<string | number>

/**
 * One validation error, in pydantic 2's vocabulary as FastAPI sends it:
 * `{"type": "int_parsing", "loc": ["path", "item_id"], "msg": "...", "input": "foo"}`.
 */
export interface ValidationErrorItem {
  type: string
  loc: Loc
  msg: string
  input: unknown
  ctx?: Record<string, unknown>
}

export function item (type: string, loc: Loc, msg: string, input: unknown, ctx?: Record<string, unknown>): ValidationErrorItem {
  const result: ValidationErrorItem = { type, loc, msg, input: input === undefined ? null : input }
  if (ctx !== undefined) result.ctx = ctx
  return result
}

// pydantic-core's message templates (error_type.rs), for the types we produce.
export const messages = {
  missing: 'Field required',
  int_type: 'Input should be a valid integer',
  int_parsing: 'Input should be a valid integer, unable to parse string as an integer',
  int_from_float: 'Input should be a valid integer, got a number with a fractional part',
  float_type: 'Input should be a valid number',
  float_parsing: 'Input should be a valid number, unable to parse string as a number',
  bool_type: 'Input should be a valid boolean',
  bool_parsing: 'Input should be a valid boolean, unable to interpret input',
  string_type: 'Input should be a valid string',
  list_type: 'Input should be a valid list',
  dict_type: 'Input should be a valid dictionary',
  model_attributes_type: 'Input should be a valid dictionary or object to extract fields from',
  extra_forbidden: 'Extra inputs are not permitted',
  datetime_type: 'Input should be a valid datetime',
  none_required: 'Input should be None',
  json_invalid: 'JSON decode error',
} as const

const plural = (count: number): string => (count === 1 ? '' : 's')

/** A value as Python's repr writes a string (single quotes) or a number. */
export function pythonRepr (value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value)
}

/** pydantic quotes strings with single quotes and joins choices with commas and a final "or". */
export function expectedChoices (values: ReadonlyArray<unknown>): string {
  const quoted = values.map(pythonRepr)
  // Stryker disable next-line StringLiteral: equivalent, join puts its separator between items and there is at most one
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
}

/** pydantic's name for a sized collection in `too_short` and `too_long`. */
export type CollectionType = 'List' | 'Set'

export const constraintItems = {
  stringTooShort: (loc: Loc, input: unknown, min: number) =>
    item('string_too_short', loc, `String should have at least ${min} character${plural(min)}`, input, { min_length: min }),
  stringTooLong: (loc: Loc, input: unknown, max: number) =>
    item('string_too_long', loc, `String should have at most ${max} character${plural(max)}`, input, { max_length: max }),
  tooShort: (loc: Loc, input: unknown, fieldType: CollectionType, min: number, actual: number) =>
    item('too_short', loc, `${fieldType} should have at least ${min} item${plural(min)} after validation, not ${actual}`, input,
      { field_type: fieldType, min_length: min, actual_length: actual }),
  tooLong: (loc: Loc, input: unknown, fieldType: CollectionType, max: number, actual: number) =>
    item('too_long', loc, `${fieldType} should have at most ${max} item${plural(max)} after validation, not ${actual}`, input,
      { field_type: fieldType, max_length: max, actual_length: actual }),
  greaterThan: (loc: Loc, input: unknown, gt: number | bigint) =>
    item('greater_than', loc, `Input should be greater than ${gt}`, input, { gt }),
  greaterThanEqual: (loc: Loc, input: unknown, ge: number | bigint) =>
    item('greater_than_equal', loc, `Input should be greater than or equal to ${ge}`, input, { ge }),
  lessThan: (loc: Loc, input: unknown, lt: number | bigint) =>
    item('less_than', loc, `Input should be less than ${lt}`, input, { lt }),
  lessThanEqual: (loc: Loc, input: unknown, le: number | bigint) =>
    item('less_than_equal', loc, `Input should be less than or equal to ${le}`, input, { le }),
  multipleOf: (loc: Loc, input: unknown, multipleOf: number | bigint) =>
    item('multiple_of', loc, `Input should be a multiple of ${multipleOf}`, input, { multiple_of: multipleOf }),
  patternMismatch: (loc: Loc, input: unknown, pattern: string) =>
    item('string_pattern_mismatch', loc, `String should match pattern '${pattern}'`, input, { pattern }),
  enumMismatch: (loc: Loc, input: unknown, values: ReadonlyArray<unknown>) => {
    const expected = expectedChoices(values)
    return item('enum', loc, `Input should be ${expected}`, input, { expected })
  },
  literalMismatch: (loc: Loc, input: unknown, values: ReadonlyArray<unknown>) => {
    const expected = expectedChoices(values)
    return item('literal_error', loc, `Input should be ${expected}`, input, { expected })
  },
  valueError: (loc: Loc, input: unknown, message: string) =>
    item('value_error', loc, `Value error, ${message}`, input, { error: {} }),
}

// A value of the wrong type, by the name zod or JSON Schema (Ajv) gives the expected type.
const intMismatch = (loc: Loc, input: unknown): ValidationErrorItem => typeof input === 'string'
  ? item('int_parsing', loc, messages.int_parsing, input)
  : typeof input === 'number'
    ? item('int_from_float', loc, messages.int_from_float, input)
    : item('int_type', loc, messages.int_type, input)

const typeItems: Record<string, (loc: Loc, input: unknown) => ValidationErrorItem> = {
  number: (loc, input) => typeof input === 'string'
    ? item('float_parsing', loc, messages.float_parsing, input)
    : item('float_type', loc, messages.float_type, input),
  int: intMismatch,
  integer: intMismatch,
  bigint: intMismatch,
  boolean: (loc, input) => typeof input === 'string'
    ? item('bool_parsing', loc, messages.bool_parsing, input)
    : item('bool_type', loc, messages.bool_type, input),
  string: (loc, input) => item('string_type', loc, messages.string_type, input),
  array: (loc, input) => item('list_type', loc, messages.list_type, input),
  tuple: (loc, input) => item('tuple_type', loc, 'Input should be a valid tuple', input),
  set: (loc, input) => item('set_type', loc, 'Input should be a valid set', input),
  object: (loc, input) => item('model_attributes_type', loc, messages.model_attributes_type, input),
  record: (loc, input) => item('dict_type', loc, messages.dict_type, input),
  map: (loc, input) => item('dict_type', loc, messages.dict_type, input),
  date: (loc, input) => item('datetime_type', loc, messages.datetime_type, input),
  null: (loc, input) => item('none_required', loc, messages.none_required, input),
}

const urlMismatch = (loc: Loc, input: unknown): ValidationErrorItem =>
  item('url_parsing', loc, 'Input should be a valid URL, relative URL without a base', input, { error: 'relative URL without a base' })
const datetimeMismatch = (loc: Loc, input: unknown): ValidationErrorItem =>
  item('datetime_from_date_parsing', loc, 'Input should be a valid datetime or date, invalid character in year', input, { error: 'invalid character in year' })
const uuidMismatch = (loc: Loc, input: unknown): ValidationErrorItem =>
  item('uuid_parsing', loc, 'Input should be a valid UUID, invalid format', input)

// pydantic's EmailStr asks email_validator, and says its reason twice: in the message and
// as ctx.reason. These are email_validator's reasons for the mistakes its first checks find;
// its whole grammar is not copied, so any other address zod refuses gets a general one.
function emailReason (address: string): string {
  const at = address.lastIndexOf('@')
  if (at === -1) return 'An email address must have an @-sign.'
  if (at === 0) return 'There must be something before the @-sign.'
  const domain = address.slice(at + 1)
  if (domain === '') return 'There must be something after the @-sign.'
  if (!domain.includes('.')) return 'The part after the @-sign is not valid. It should have a period.'
  return 'The email address is not valid.'
}

const emailMismatch = (loc: Loc, input: unknown): ValidationErrorItem => {
  const reason = emailReason(String(input))
  return item('value_error', loc, `value is not a valid email address: ${reason}`, input, { reason })
}

// String formats, by zod's or JSON Schema's name.
const formatItems: Record<string, (loc: Loc, input: unknown) => ValidationErrorItem> = {
  email: emailMismatch,
  uuid: uuidMismatch,
  guid: uuidMismatch,
  url: urlMismatch,
  uri: urlMismatch,
  datetime: datetimeMismatch,
  'date-time': datetimeMismatch,
  ipv4: (loc, input) => item('ip_v4_address', loc, 'Input is not a valid IPv4 address', input),
  ipv6: (loc, input) => item('ip_v6_address', loc, 'Input is not a valid IPv6 address', input),
  date: (loc, input) => item('date_from_datetime_parsing', loc, 'Input should be a valid date or datetime, invalid character in year', input, { error: 'invalid character in year' }),
}

/** A value of the wrong type: `expected` is zod's or JSON Schema's name for the type. */
export function typeMismatch (expected: string, loc: Loc, input: unknown): ValidationErrorItem {
  const make = typeItems[expected]
  return make !== undefined ? make(loc, input) : item(`${expected}_type`, loc, `Input should be a valid ${expected}`, input)
}

/** A string that is not in the expected format (email, uuid, url, date ...). */
export function formatMismatch (format: string, loc: Loc, input: unknown, message: string): ValidationErrorItem {
  const make = formatItems[format]
  return make !== undefined ? make(loc, input) : constraintItems.valueError(loc, input, message)
}
