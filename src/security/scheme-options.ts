import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'

/**
 * What every scheme takes, as FastAPI's classes do: `schemeName` (the scheme's name in the
 * docs, the class's by default), `description` (shown by the docs) and `autoError`.
 */
export interface SchemeOptions<TAutoError extends boolean = boolean> {
  /** The scheme's name in the docs' `components.securitySchemes` (FastAPI's `scheme_name`); the class's name by default. */
  schemeName?: string
  /** Shown by the docs under the scheme (Swagger UI's Authorize dialog). */
  description?: string
  /**
   * `true` (the default): a request without the credentials (or with malformed ones) is
   * answered 401 `{"detail":"Not authenticated"}` with the scheme's `WWW-Authenticate`
   * challenge. `false`: the dependency gives `null` instead (FastAPI's `None`), for optional
   * authentication or a choice between schemes.
   */
  autoError?: TAutoError
}

/**
 * What a scheme gives: its value, or also `null` (FastAPI's `None`) when `autoError` may be `false`.
 *   SchemeValue<string, true>    => string
 *   SchemeValue<string, false>   => string | null
 *   SchemeValue<string, boolean> => string | null
 */
export type SchemeValue<TValue, TAutoError extends boolean> = false extends TAutoError ? TValue | null : TValue

/** How an option is checked: a string, a non-empty one, a boolean, a map of scope names to descriptions, an object. */
export type OptionKind = 'string' | 'name' | 'boolean' | 'scopes' | 'object' | 'header-text'

const COMMON: Record<string, OptionKind> = { schemeName: 'name', description: 'string', autoError: 'boolean' }

// A value Node can send in a header (a realm in `WWW-Authenticate`): no CR, LF, NUL or other
// control character, nothing past Latin-1.
const HEADER_TEXT = /^[\t\x20-\x7e\x80-\xff]*$/

const EXPECTED: Record<OptionKind, string> = {
  string: 'must be a string',
  name: 'must be a non-empty string',
  boolean: 'must be true or false',
  scopes: "must be an object of scope names and their descriptions, like { 'items:read': 'Read items.' }",
  object: 'must be an object',
  'header-text': 'must be a string a header can carry (no control characters, nothing past Latin-1)',
}

function fits (kind: OptionKind, value: unknown): boolean {
  switch (kind) {
    case 'string': return typeof value === 'string'
    case 'name': return typeof value === 'string' && value !== ''
    case 'boolean': return typeof value === 'boolean'
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'scopes': return fits('object', value) && Object.values(value as object).every((description) => typeof description === 'string')
    case 'header-text': return typeof value === 'string' && HEADER_TEXT.test(value)
  }
}

/**
 * Checks a scheme's options once, when it is made: an unknown option, a missing one or one
 * of the wrong kind is refused with FFA_ERR_OPTION_INVALID, naming the class and the option.
 * `own` lists the class's options beyond the common ones; `required` those it cannot do
 * without, with an example of each.
 */
export function checkSchemeOptions (className: string, options: unknown, own: Record<string, OptionKind>, required: Record<string, string> = {}): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const needed = Object.entries(required).map(([name, example]) => `${name}: ${example}`).join(', ')
    throw new FFA_ERR_OPTION_INVALID(className, '(options)', `must be an object${needed === '' ? '' : `, like ${className}({ ${needed} })`}; got ${describeValue(options)}`)
  }
  const kinds = { ...own, ...COMMON }
  for (const [name, value] of Object.entries(options)) {
    const kind = kinds[name]
    if (kind === undefined) throw new FFA_ERR_OPTION_INVALID(className, name, `is not an option of ${className}; its options are: ${Object.keys(kinds).join(', ')}`)
    if (value !== undefined && !fits(kind, value)) throw new FFA_ERR_OPTION_INVALID(className, name, `${EXPECTED[kind]}; got ${describeValue(value)}`)
  }
  for (const [name, example] of Object.entries(required)) {
    if ((options as Record<string, unknown>)[name] === undefined) {
      throw new FFA_ERR_OPTION_INVALID(className, name, `is required, like ${className}({ ${name}: ${example} }); got undefined`)
    }
  }
}
