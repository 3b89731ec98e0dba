// The parts of OpenAPI 3.1 this package writes, typed for the people who read or extend
// the document (`app.openapi()`). Schemas are JSON Schema draft 2020-12, as zod writes them.

/** A JSON Schema (draft 2020-12), as zod writes it: OpenAPI 3.1's Schema Object. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  additionalProperties?: JsonSchema | boolean
  items?: JsonSchema | JsonSchema[]
  prefixItems?: JsonSchema[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  const?: unknown
  enum?: unknown[]
  $ref?: string
  $defs?: Record<string, JsonSchema>
  [keyword: string]: unknown
}

export interface OpenAPIDocument {
  openapi: string
  info: InfoObject
  servers?: ServerObject[]
  paths?: Record<string, PathItemObject>
  /** OpenAPI 3.1's webhooks, by name (FastAPI's `app.webhooks`). */
  webhooks?: Record<string, PathItemObject>
  components?: ComponentsObject
  tags?: TagObject[]
  externalDocs?: ExternalDocumentationObject
  [extension: `x-${string}`]: unknown
}

export interface InfoObject {
  title: string
  version: string
  summary?: string
  description?: string
  termsOfService?: string
  contact?: ContactObject
  license?: LicenseObject
  [extension: `x-${string}`]: unknown
}

export interface ContactObject {
  name?: string
  url?: string
  email?: string
}

export interface LicenseObject {
  name: string
  /** An SPDX expression: `MIT`. */
  identifier?: string
  url?: string
}

export interface ServerObject {
  url: string
  description?: string
  variables?: Record<string, { default: string, enum?: string[], description?: string }>
}

export interface TagObject {
  name: string
  description?: string
  externalDocs?: ExternalDocumentationObject
}

export interface ExternalDocumentationObject {
  url: string
  description?: string
}

export interface ComponentsObject {
  schemas?: Record<string, JsonSchema>
  securitySchemes?: Record<string, SecuritySchemeObject>
}

export type OperationMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace'

export type PathItemObject = { [Method in OperationMethod]?: OperationObject }

export interface OperationObject {
  tags?: string[]
  summary?: string
  description?: string
  operationId?: string
  parameters?: ParameterObject[]
  requestBody?: RequestBodyObject
  responses?: Record<string, ResponseObject>
  security?: SecurityRequirementObject[]
  deprecated?: boolean
  callbacks?: Record<string, CallbackObject>
  [extension: `x-${string}`]: unknown
}

/** The requests an operation makes, by runtime-expression path (`{$callback_url}/invoices/{$request.body.id}`). */
export type CallbackObject = Record<string, PathItemObject>

/** One named example (FastAPI's `openapi_examples`): `{ summary, description, value }`. */
export interface ExampleObject {
  summary?: string
  description?: string
  value?: unknown
  externalValue?: string
}

export interface ParameterObject {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  description?: string
  deprecated?: boolean
  schema?: JsonSchema
  examples?: Record<string, ExampleObject>
}

export interface MediaTypeObject {
  schema?: JsonSchema
  /** A stream's items (OpenAPI 3.2): JSON Lines' values, server-sent events. */
  itemSchema?: JsonSchema
  example?: unknown
  examples?: Record<string, ExampleObject>
}

export interface RequestBodyObject {
  content: Record<string, MediaTypeObject>
  required?: boolean
  description?: string
}

export interface HeaderObject {
  description?: string
  schema?: JsonSchema
}

export interface ResponseObject {
  description: string
  headers?: Record<string, HeaderObject>
  content?: Record<string, MediaTypeObject>
}

/** The scopes each named security scheme requires. */
export type SecurityRequirementObject = Record<string, string[]>

export interface OAuthFlowObject {
  authorizationUrl?: string
  tokenUrl?: string
  refreshUrl?: string
  scopes: Record<string, string>
}

export type SecuritySchemeObject =
  | { type: 'http', scheme: string, bearerFormat?: string, description?: string }
  | { type: 'apiKey', name: string, in: 'header' | 'query' | 'cookie', description?: string }
  | { type: 'oauth2', flows: { implicit?: OAuthFlowObject, password?: OAuthFlowObject, clientCredentials?: OAuthFlowObject, authorizationCode?: OAuthFlowObject }, description?: string }
  | { type: 'openIdConnect', openIdConnectUrl: string, description?: string }
  | { type: 'mutualTLS', description?: string }
