// Type tests for the security schemes: checked by `tsc` in `npm test`. Each scheme's value is
// typed as FastAPI's class gives it, `| null` (FastAPI's Optional) only where `autoError` may
// be false; a misuse that must not compile has its reason after the expected error.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import {
  APIKeyCookie, APIKeyHeader, APIKeyQuery, Depends, HTTPBasic, HTTPBearer, HTTPDigest, OAuth2, OAuth2AuthorizationCodeBearer,
  OAuth2PasswordBearer, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict, OpenIdConnect, Security, compareDigest, fastapi,
  type Dependency, type DependencyValue, type HTTPAuthorizationCredentials, type HTTPBasicCredentials, type SchemeValue,
} from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi)

// autoError on (the default, or `true`): the value is always there.
expectTypeOf(OAuth2PasswordBearer({ tokenUrl: 'token' })).toEqualTypeOf<Dependency<string>>()
expectTypeOf(OAuth2PasswordBearer({ tokenUrl: 'token', autoError: true })).toEqualTypeOf<Dependency<string>>()
expectTypeOf(OAuth2AuthorizationCodeBearer({ authorizationUrl: 'authorize', tokenUrl: 'token' })).toEqualTypeOf<Dependency<string>>()
expectTypeOf(OAuth2()).toEqualTypeOf<Dependency<string>>()
expectTypeOf(OpenIdConnect({ openIdConnectUrl: '/openid' })).toEqualTypeOf<Dependency<string>>()
expectTypeOf(HTTPBasic()).toEqualTypeOf<Dependency<HTTPBasicCredentials>>()
expectTypeOf(HTTPBasic({ realm: 'shop' })).toEqualTypeOf<Dependency<HTTPBasicCredentials>>()
expectTypeOf(HTTPBearer()).toEqualTypeOf<Dependency<HTTPAuthorizationCredentials>>()
expectTypeOf(HTTPDigest()).toEqualTypeOf<Dependency<HTTPAuthorizationCredentials>>()
expectTypeOf(APIKeyHeader({ name: 'X-API-Key' })).toEqualTypeOf<Dependency<string>>()
expectTypeOf(APIKeyQuery({ name: 'api_key' })).toEqualTypeOf<Dependency<string>>()
expectTypeOf(APIKeyCookie({ name: 'session' })).toEqualTypeOf<Dependency<string>>()

// autoError: false: FastAPI's None is null.
expectTypeOf(OAuth2PasswordBearer({ tokenUrl: 'token', autoError: false })).toEqualTypeOf<Dependency<string | null>>()
expectTypeOf(HTTPBasic({ autoError: false })).toEqualTypeOf<Dependency<HTTPBasicCredentials | null>>()
expectTypeOf(HTTPBearer({ autoError: false })).toEqualTypeOf<Dependency<HTTPAuthorizationCredentials | null>>()
expectTypeOf(APIKeyHeader({ name: 'X-API-Key', autoError: false })).toEqualTypeOf<Dependency<string | null>>()
expectTypeOf(OpenIdConnect({ openIdConnectUrl: '/openid', autoError: false })).toEqualTypeOf<Dependency<string | null>>()

// A boolean known only at run time may be false: the value may be null.
declare const optional: boolean
expectTypeOf(OAuth2PasswordBearer({ tokenUrl: 'token', autoError: optional })).toEqualTypeOf<Dependency<string | null>>()
expectTypeOf<SchemeValue<string, boolean>>().toEqualTypeOf<string | null>()
expectTypeOf<SchemeValue<string, true>>().toEqualTypeOf<string>()

// The values flow into the handler and into other dependencies, through Security too.
const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token', scopes: { me: 'Read me.' } })
const maybeToken = OAuth2PasswordBearer({ tokenUrl: 'token', autoError: false })
const currentUser = Depends({ deps: { token: oauth2Scheme, maybe: maybeToken } }, ({ deps }) => {
  expectTypeOf(deps.token).toEqualTypeOf<string>()
  expectTypeOf(deps.maybe).toEqualTypeOf<string | null>()
  return { username: deps.token }
})
app.api.get('/users/me', { deps: { user: Security(currentUser, ['me']), credentials: HTTPBasic(), key: Security(APIKeyHeader({ name: 'k' })) } }, ({ deps }) => {
  expectTypeOf(deps.user).toEqualTypeOf<{ username: string }>()
  expectTypeOf(deps.credentials.username).toEqualTypeOf<string>()
  expectTypeOf(deps.key).toEqualTypeOf<string>()
  return deps.user
})

// The password form, in camelCase; the strict form's grant type is always there.
expectTypeOf<DependencyValue<typeof OAuth2PasswordRequestForm>>().toEqualTypeOf<OAuth2PasswordRequestForm>()
app.api.post('/token', { deps: { formData: OAuth2PasswordRequestForm, strict: OAuth2PasswordRequestFormStrict } }, ({ deps }) => {
  expectTypeOf(deps.formData.grantType).toEqualTypeOf<string | null>()
  expectTypeOf(deps.formData.scopes).toEqualTypeOf<string[]>()
  expectTypeOf(deps.formData.clientSecret).toEqualTypeOf<string | null>()
  expectTypeOf(deps.strict.grantType).toEqualTypeOf<string>()
  // @ts-expect-error  the form field is grant_type; the value is camelCase
  void deps.formData.grant_type
  return { access_token: deps.formData.username, token_type: 'bearer' }
})

expectTypeOf(compareDigest).returns.toEqualTypeOf<boolean>()

// @ts-expect-error  tokenUrl is required, as in FastAPI
OAuth2PasswordBearer({ scopes: {} })
// @ts-expect-error  scopes map each name to its description
OAuth2PasswordBearer({ tokenUrl: 'token', scopes: ['me'] })
// @ts-expect-error  the options are camelCase: autoError, not auto_error
OAuth2PasswordBearer({ tokenUrl: 'token', auto_error: false })
// @ts-expect-error  an API key needs the name it is sent under
APIKeyHeader({})
// @ts-expect-error  HTTPBasic takes no tokenUrl
HTTPBasic({ tokenUrl: 'token' })
// @ts-expect-error  a scheme's value with autoError: false may be null: check it before use
Depends({ deps: { token: maybeToken } }, ({ deps }) => deps.token.length)
