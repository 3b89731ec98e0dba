import { z } from 'zod'
import { Depends, type Dependency } from '../depends/dependency.js'
import { pythonSplit } from './python-text.js'

/**
 * The OAuth2 password flow's token request (FastAPI's `OAuth2PasswordRequestForm`), read
 * from its form fields `grant_type`, `username`, `password`, `scope`, `client_id` and
 * `client_secret`, in camelCase: `scope` ("me items") split into `scopes` (`['me', 'items']`).
 */
export interface OAuth2PasswordRequestForm {
  /** `'password'` or `null` (not sent); the strict form requires it. */
  grantType: string | null
  username: string
  password: string
  /** The scopes asked for: the `scope` field split on whitespace, `[]` without one. */
  scopes: string[]
  clientId: string | null
  clientSecret: string | null
}

/** `OAuth2PasswordRequestForm` with the `grant_type` the OAuth2 spec requires (FastAPI's `OAuth2PasswordRequestFormStrict`). */
export interface OAuth2PasswordRequestFormStrict extends OAuth2PasswordRequestForm {
  grantType: string
}

// FastAPI's fields, in its order; `format: password` makes Swagger UI mask them.
const GRANT_TYPE = z.string().regex(/^password$/)
const FIELDS = {
  username: z.string(),
  password: z.string().meta({ format: 'password' }),
  scope: z.string().default(''),
  client_id: z.string().nullable().default(null),
  client_secret: z.string().nullable().default(null).meta({ format: 'password' }),
}

const form = z.object({ grant_type: GRANT_TYPE.nullable().default(null), ...FIELDS })
const strictForm = z.object({ grant_type: GRANT_TYPE, ...FIELDS })

function requestOf<TGrantType extends string | null> (fields: { grant_type: TGrantType, username: string, password: string, scope: string, client_id: string | null, client_secret: string | null }) {
  return {
    grantType: fields.grant_type,
    username: fields.username,
    password: fields.password,
    scopes: pythonSplit(fields.scope),
    clientId: fields.client_id,
    clientSecret: fields.client_secret,
  }
}

/**
 * The OAuth2 password flow's token request, as a dependency (FastAPI's
 * `OAuth2PasswordRequestForm`): the route reads it from its form body
 * (`application/x-www-form-urlencoded`, or multipart) and documents it as FastAPI does, in
 * the route's `Body_<operation id>`, the password and client secret as `format: password`.
 * A missing username or password is FastAPI's 422.
 *
 * @example
 * app.api.post('/token', { deps: { formData: OAuth2PasswordRequestForm } }, async function login_for_access_token ({ deps }) {
 *   const user = await authenticate(deps.formData.username, deps.formData.password)
 *   if (!user) throw new HTTPException(400, 'Incorrect username or password')
 *   return { access_token: user.username, token_type: 'bearer' }
 * })
 */
export const OAuth2PasswordRequestForm: Dependency<OAuth2PasswordRequestForm> =
  Depends({ name: 'OAuth2PasswordRequestForm', form }, function OAuth2PasswordRequestForm ({ form }) {
    return requestOf(form)
  })

/**
 * `OAuth2PasswordRequestForm` that requires `grant_type=password`, as the OAuth2 spec does
 * (FastAPI's `OAuth2PasswordRequestFormStrict`): without it, 422 `missing`; with another
 * value, 422 `string_pattern_mismatch`.
 */
export const OAuth2PasswordRequestFormStrict: Dependency<OAuth2PasswordRequestFormStrict> =
  Depends({ name: 'OAuth2PasswordRequestFormStrict', form: strictForm }, function OAuth2PasswordRequestFormStrict ({ form }) {
    return requestOf(form)
  })
