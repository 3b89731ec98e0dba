import type * as OpenAPI from '../shared/openapi-types.js'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { checkOptionsObject, describeValue } from '../shared/options.js'
import { resolveRootPath, SERVER_PATH } from '../shared/behind-proxy.js'
import type { CallbackRoutes, GenerateUniqueId } from '../routing/types.js'

/** The docs plugin's options: FastAPI's `FastAPI(...)` arguments about docs, camelCased. */
export interface DocsOptions {
  /** The API's title (FastAPI's default: "FastAPI"). */
  title?: string
  /** The API's version (default "0.1.0"). */
  version?: string
  summary?: string
  /** Markdown, shown at the top of the docs. */
  description?: string
  termsOfService?: string
  contact?: OpenAPI.ContactObject
  /** FastAPI's `license_info`. */
  licenseInfo?: OpenAPI.LicenseObject
  servers?: OpenAPI.ServerObject[]
  /**
   * FastAPI's `root_path`: the prefix a proxy serves the app under and strips (`/api/v1`).
   * The document lists it first in `servers`, and the docs pages fetch the document and
   * their files under it. A trusted proxy's `X-Forwarded-Prefix` wins (Fastify's `trustProxy`).
   */
  rootPath?: string
  /** `false` keeps the root path out of the document's `servers` (FastAPI's `root_path_in_servers`). */
  rootPathInServers?: boolean
  /** Metadata of the tags, in the order the docs list them (FastAPI's `openapi_tags`). */
  openapiTags?: OpenAPI.TagObject[]
  /** Where the document is served; `null` switches it, and with it every docs page, off. */
  openapiUrl?: string | null
  /** Swagger UI; `null` switches it off (FastAPI's `docs_url=None`). */
  docsUrl?: string | null
  /** ReDoc; `null` switches it off. Needs the `redoc` package. */
  redocUrl?: string | null
  /** The OAuth2 redirect page of Swagger UI's "Authorize" (FastAPI's `swagger_ui_oauth2_redirect_url`). */
  swaggerUiOauth2RedirectUrl?: string | null
  /** Swagger UI's configuration, over FastAPI's defaults: `{ syntaxHighlight: false }`, `{ deepLinking: false }` ... */
  swaggerUiParameters?: Record<string, unknown>
  /** Swagger UI's `initOAuth` (FastAPI's `swagger_ui_init_oauth`): `{ clientId, appName, usePkceWithAuthorizationCodeGrant }`. */
  swaggerUiInitOAuth?: Record<string, unknown>
  /**
   * The requests the app makes to its users' APIs, documented as OpenAPI 3.1 `webhooks`
   * (FastAPI's `app.webhooks`): an APIRouter whose routes are never served, each path the
   * webhook's name (`router.post('new-subscription', { body: Subscription }, function new_subscription () {})`).
   */
  webhooks?: CallbackRoutes
  /** Makes the operationIds of the routes that have none (FastAPI's `generate_unique_id_function`). */
  generateUniqueIdFunction?: GenerateUniqueId
  /**
   * `false` documents a model whose request and response forms differ as one schema, its
   * request form, instead of `Item-Input` and `Item-Output` (FastAPI's `separate_input_output_schemas`).
   */
  separateInputOutputSchemas?: boolean
  /**
   * `true` documents, on every route a security scheme guards, the answers the scheme gives:
   * 401 "Not authenticated" (with its `WWW-Authenticate` header), and 403 "Not enough
   * permissions" where the route asks scopes (`Security(dep, scopes)`). FastAPI documents
   * neither; `false` (the default) does as FastAPI. A route's own `responses` and its
   * dependencies' `errors` win for a status they document.
   */
  securityResponses?: boolean
}

export interface ResolvedDocsOptions {
  info: OpenAPI.InfoObject
  servers: OpenAPI.ServerObject[] | undefined
  rootPath: string
  rootPathInServers: boolean
  tags: OpenAPI.TagObject[] | undefined
  openapiUrl: string | null
  docsUrl: string | null
  redocUrl: string | null
  oauth2RedirectUrl: string | null
  swaggerUiParameters: Record<string, unknown>
  swaggerUiInitOAuth: Record<string, unknown>
  /** What every document of the app shares. */
  document: DocumentOptions
}

/** The options of the docs that shape the document itself. */
export interface DocumentOptions {
  webhooks: CallbackRoutes | undefined
  generateUniqueIdFunction: GenerateUniqueId | undefined
  separateInputOutputSchemas: boolean
  securityResponses: boolean
}

const DOCS_PLUGIN = 'fastify-fastapi/docs'

const OPTION_NAMES = [
  'title', 'version', 'summary', 'description', 'termsOfService', 'contact', 'licenseInfo', 'servers', 'rootPath', 'rootPathInServers', 'openapiTags',
  'openapiUrl', 'docsUrl', 'redocUrl', 'swaggerUiOauth2RedirectUrl', 'swaggerUiParameters', 'swaggerUiInitOAuth',
  'webhooks', 'generateUniqueIdFunction', 'separateInputOutputSchemas', 'securityResponses',
] as const

// FastAPI's swagger_ui_default_parameters.
const SWAGGER_UI_DEFAULTS = { dom_id: '#swagger-ui', layout: 'BaseLayout', deepLinking: true, showExtensions: true, showCommonExtensions: true }

function fail (option: string, message: string, value: unknown): never {
  throw new FFA_ERR_OPTION_INVALID(DOCS_PLUGIN, option, `${message}; got ${describeValue(value)}`)
}

function url (options: DocsOptions, option: 'openapiUrl' | 'docsUrl' | 'redocUrl' | 'swaggerUiOauth2RedirectUrl', fallback: string): string | null {
  const value = options[option]
  if (value === null) return null
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !SERVER_PATH.test(value)) {
    fail(option, 'must be a path like "/docs" (starting with "/", not ending with one), or null to switch it off', value)
  }
  return value
}

function text (options: DocsOptions, option: 'title' | 'version' | 'summary' | 'description' | 'termsOfService'): string | undefined {
  const value = options[option]
  if (value !== undefined && typeof value !== 'string') fail(option, 'must be a string', value)
  return value
}

function plainObject (options: DocsOptions, option: keyof DocsOptions): Record<string, unknown> | undefined {
  const value = options[option]
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) fail(option, 'must be an object', value)
  return value as Record<string, unknown> | undefined
}

function list<T> (options: DocsOptions, option: 'servers' | 'openapiTags', field: 'url' | 'name'): T[] | undefined {
  const value = options[option]
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.some((entry: unknown) => typeof (entry as Record<string, unknown> | null)?.[field] !== 'string')) {
    fail(option, `must be an array of objects, each with a string '${field}'`, value)
  }
  return value as T[]
}

export function resolveDocsOptions (opts: DocsOptions | undefined): ResolvedDocsOptions {
  const options = checkOptionsObject(DOCS_PLUGIN, opts, OPTION_NAMES) as DocsOptions
  const info: OpenAPI.InfoObject = { title: text(options, 'title') ?? 'FastAPI', version: text(options, 'version') ?? '0.1.0' }
  const summary = text(options, 'summary')
  if (summary !== undefined) info.summary = summary
  const description = text(options, 'description')
  if (description !== undefined) info.description = description
  const termsOfService = text(options, 'termsOfService')
  if (termsOfService !== undefined) info.termsOfService = termsOfService
  const contact = plainObject(options, 'contact')
  if (contact !== undefined) info.contact = contact as OpenAPI.ContactObject
  const license = plainObject(options, 'licenseInfo')
  if (license !== undefined) {
    if (typeof license.name !== 'string') fail('licenseInfo', "needs a string 'name', like { name: 'MIT', identifier: 'MIT' }", license)
    info.license = license as unknown as OpenAPI.LicenseObject
  }
  const openapiUrl = url(options, 'openapiUrl', '/openapi.json')
  // As in FastAPI, no document means no pages that would show it.
  const docsUrl = openapiUrl === null ? null : url(options, 'docsUrl', '/docs')
  const redocUrl = openapiUrl === null ? null : url(options, 'redocUrl', '/redoc')
  const oauth2RedirectUrl = docsUrl === null ? null : url(options, 'swaggerUiOauth2RedirectUrl', `${docsUrl}/oauth2-redirect`)
  const rootPathInServers = options.rootPathInServers ?? true
  if (typeof rootPathInServers !== 'boolean') fail('rootPathInServers', 'must be true (the default) or false', rootPathInServers)
  return {
    info,
    servers: list(options, 'servers', 'url'),
    rootPath: resolveRootPath(DOCS_PLUGIN, options.rootPath),
    rootPathInServers,
    tags: list(options, 'openapiTags', 'name'),
    openapiUrl,
    docsUrl,
    redocUrl,
    oauth2RedirectUrl,
    swaggerUiParameters: { ...SWAGGER_UI_DEFAULTS, ...plainObject(options, 'swaggerUiParameters') },
    swaggerUiInitOAuth: plainObject(options, 'swaggerUiInitOAuth') ?? {},
    document: documentOptions(options),
  }
}

function documentOptions (options: DocsOptions): DocumentOptions {
  const { webhooks, generateUniqueIdFunction, separateInputOutputSchemas = true, securityResponses = false } = options
  if (webhooks !== undefined && !Array.isArray((webhooks as { routes?: unknown } | null)?.routes)) {
    fail('webhooks', 'must be an APIRouter whose routes document the webhooks', webhooks)
  }
  if (generateUniqueIdFunction !== undefined && typeof generateUniqueIdFunction !== 'function') {
    fail('generateUniqueIdFunction', 'must be a function of the route returning its operationId', generateUniqueIdFunction)
  }
  if (typeof separateInputOutputSchemas !== 'boolean') fail('separateInputOutputSchemas', 'must be true or false', separateInputOutputSchemas)
  if (typeof securityResponses !== 'boolean') fail('securityResponses', 'must be true or false', securityResponses)
  return { webhooks, generateUniqueIdFunction, separateInputOutputSchemas, securityResponses }
}
