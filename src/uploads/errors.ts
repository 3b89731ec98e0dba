import createError from '@fastify/error'

// Developer mistakes in forms and uploads, found when a form's schema is compiled (at
// registration) or when a storage is made. Same pattern as src/errors/codes.ts, to be folded
// into that registry: each message says what was wrong, where, the value it got, and the fix.
// Options of File(), File.bytes(), limits and storages use FFA_ERR_OPTION_INVALID from there.

export const FFA_ERR_FORM_SCHEMA_INVALID = createError<'FFA_ERR_FORM_SCHEMA_INVALID', 500, [string, string]>(
  'FFA_ERR_FORM_SCHEMA_INVALID',
  '%s: %s',
  500,
  TypeError,
)

export const FFA_ERR_FORM_FIELD_CONFLICT = createError<'FFA_ERR_FORM_FIELD_CONFLICT', 500, [string, string, string]>(
  'FFA_ERR_FORM_FIELD_CONFLICT',
  "%s: the form field '%s' is declared twice, %s. A request has one form: declare the field once (in a dependency both use), or give one of them another name.",
  500,
  TypeError,
)

/** The coded errors of the uploads core, by code. */
export const uploadErrorCodes = {
  FFA_ERR_FORM_SCHEMA_INVALID,
  FFA_ERR_FORM_FIELD_CONFLICT,
} as const
