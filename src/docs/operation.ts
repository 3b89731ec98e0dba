import type * as OpenAPI from '../shared/openapi-types.js'
import { z } from 'zod'
import { compilePlan, type DependencyPlan } from '../depends/compile-plan.js'
import type { DeclaredError } from '../depends/types.js'
import { statusText } from '../errors/error-response.js'
import { documentedBody, isBodyFields, isRequired } from '../inputs/body-declaration.js'
import { documentedForm } from '../inputs/form-declaration.js'
import type { RouteDescription } from '../routing/compile-route.js'
import type { JsonSchema } from '../shared/openapi-types.js'
import { isZodSchema } from '../shared/is-zod-schema.js'
import { paramModelOf } from '../inputs/param-model.js'
import { modelFieldName, requestName } from '../inputs/request-inputs.js'
import type { ResponseClass } from '../responses/response.js'
import { isGeneratorHandler, routeResponseKind } from '../responses/route-response.js'
import type { DocumentedResponse, DocumentedResponses } from '../routing/router-settings.js'
import type { DeclaredInputs, ParamsSchema } from '../inputs/declared-inputs.js'
import type { CallbackRoutes, GenerateUniqueId, OperationRoute } from '../routing/types.js'
import { docstringOf } from './docstring.js'
import type { SchemaComponents } from './schema-components.js'
import { fieldTitle, wordsTitle } from './titles.js'
import type { ValidationResponse } from './validation-responses.js'

/** A route of the app as the document shows it. */
export interface DocumentedRoute {
  method: string
  /** The full path in OpenAPI's syntax: `/v1/items/{item_id}`. */
  path: string
  description: RouteDescription
}

/** What the operations of one document share. */
export interface DocumentContext {
  components: SchemaComponents
  validation: ValidationResponse
  securitySchemes: Record<string, OpenAPI.SecuritySchemeObject>
  operationIds: Set<string>
  /** The app's operationId generator (FastAPI's `generate_unique_id_function`), for routes and routers without theirs. */
  generateUniqueId: GenerateUniqueId
  /** The docs' `securityResponses`: document the 401 (and 403) of the security schemes a route uses. */
  securityResponses: boolean
}

type ParameterLocation = 'path' | 'query' | 'header' | 'cookie'
const LOCATIONS: ReadonlyArray<readonly [keyof DeclaredInputs, ParameterLocation]> = [
  ['params', 'path'], ['query', 'query'], ['headers', 'header'], ['cookies', 'cookie'],
]
const JSON_MEDIA_TYPE = 'application/json'
const NO_BODY_STATUSES = new Set([204, 205, 304])

/** One operation of the document, from what the route and its dependencies declare. */
export function buildOperation (route: DocumentedRoute, context: DocumentContext): OpenAPI.OperationObject {
  const { description } = route
  const { options } = description
  const steps = description.dependencies?.steps ?? []
  // Security dependencies are documented as security requirements; app-scoped ones read no request.
  const inputSteps = steps.filter((step) => step.definition.options.securityScheme === undefined && step.scope !== 'app')
  const declarations: DeclaredInputs[] = [options, ...inputSteps.map((step) => step.definition.options)]

  // Unique in the document, as OpenAPI requires: a router mounted twice repeats its own ids.
  const generate = options.generateUniqueIdFunction ?? context.generateUniqueId
  const operationId = unique(options.operationId ?? generate(operationRoute(route)), context.operationIds)
  const operation: OpenAPI.OperationObject = {}
  if (options.tags !== undefined && options.tags.length > 0) operation.tags = [...options.tags]
  const summary = options.summary ?? (description.handlerName === '' ? undefined : wordsTitle(description.handlerName))
  if (summary !== undefined) operation.summary = summary
  const text = options.description ?? docstringOf(description.handler)
  if (text !== undefined) operation.description = text
  operation.operationId = operationId

  const parameters = parametersOf(route, declarations, context.components)
  if (parameters.length > 0) operation.parameters = parameters

  // One body: JSON, or a form (a `Body_<operation id>` of every form field, or a form model's own name).
  const json = documentedBody(declarations)
  const body = json === undefined ? documentedForm(declarations) : { ...json, mediaType: JSON_MEDIA_TYPE }
  if (body !== undefined) {
    const schema = context.components.schemaFor(body.schema, 'input', `Body_${operationId}`)
    // FastAPI titles an inline body by its param's name; ours is the handler's `body`.
    if (schema.$ref === undefined) schema.title ??= 'Body'
    const media: OpenAPI.MediaTypeObject = { schema }
    const examples = openapiExamplesOf(body.schema)
    if (examples !== undefined) media.examples = examples
    const requestBody: OpenAPI.RequestBodyObject = { content: { [body.mediaType]: media } }
    if (body.required) requestBody.required = true
    operation.requestBody = requestBody
  }

  // A security dependency's own params are not listed, but a request without them still fails validation.
  const validates = parameters.length > 0 || body !== undefined || steps.some((step) => step.definition.readsRequest && step.scope !== 'app')
  operation.responses = responsesOf(description, operationId, validates, context)
  const security = securityOf(description.dependencies, context.securitySchemes)
  if (security.length > 0) operation.security = security
  if (options.deprecated === true) operation.deprecated = true
  if (options.callbacks !== undefined) operation.callbacks = callbacksOf(options.callbacks, context)
  // A webhook's signature headers: read from the raw request, so no `headers` model lists them.
  const extra = options.webhook?.openapiOperation?.()
  if (extra !== undefined) deepUpdate(operation as Record<string, unknown>, extra)
  if (options.openapiExtra !== undefined) deepUpdate(operation as Record<string, unknown>, options.openapiExtra)
  return operation
}

function operationRoute (route: DocumentedRoute): OperationRoute {
  const { handlerName, options } = route.description
  return { name: handlerName, path: route.path, method: route.method.toUpperCase(), tags: options.tags ?? [], summary: options.summary }
}

/** FastAPI's generate_unique_id: the handler's name, the path and the method, as one identifier. */
export function generateUniqueId (route: OperationRoute): string {
  // An anonymous handler has no name to start with: the path alone (`/` is "root").
  const name = route.name === '' ? route.path.replace(/^\/+/, '') || 'root' : route.name + route.path
  return `${name.replace(/\W/g, '_')}_${route.method.toLowerCase()}`
}

// FastAPI's `callbacks`: each route of the router under its handler's name, then its path.
function callbacksOf (router: CallbackRoutes, context: DocumentContext): Record<string, OpenAPI.CallbackObject> {
  const callbacks: Record<string, OpenAPI.CallbackObject> = {}
  for (const route of router.routes) {
    const description = describeDeclaredRoute(route)
    const paths = callbacks[description.handlerName] ??= {}
    ;(paths[route.path] ??= {})[route.method.toLowerCase() as OpenAPI.OperationMethod] =
      buildOperation({ method: route.method.toLowerCase(), path: route.path, description }, context)
  }
  return callbacks
}

/** A route that is documented and never served (a webhook, a callback), as the docs describe a compiled one. */
export function describeDeclaredRoute (route: CallbackRoutes['routes'][number]): RouteDescription {
  const { options, handler } = route
  // Documentation only: the dependencies' params and security schemes, as FastAPI documents a webhook's.
  const uses = options.deps !== undefined || (options.dependencies?.length ?? 0) > 0
  const plan = uses ? compilePlan({ owner: `${route.method} ${route.path}`, dependencies: options.dependencies ?? [], deps: options.deps ?? {}, inputs: options }) : null
  return {
    method: route.method,
    path: route.path,
    options,
    handlerName: handler.name,
    handler,
    bodyRequired: options.body !== undefined && !isBodyFields(options.body) && isRequired(options.body),
    strictContentType: true,
    readsForm: options.form !== undefined || (plan?.form ?? null) !== null,
    dependencies: plan,
    errors: plan?.errors ?? [],
  }
}

// FastAPI's deep_dict_update for `openapi_extra`: objects merge, lists concatenate, the rest is
// replaced. Merged objects are copies: the 422 response and components are shared by operations.
function deepUpdate (target: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key]
    if (isPlainObject(current) && isPlainObject(value)) target[key] = deepUpdate({ ...current }, value)
    else if (Array.isArray(current) && Array.isArray(value)) target[key] = [...current, ...value]
    else target[key] = value
  }
  return target
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// FastAPI's `openapi_examples`, from zod metadata: shown by Swagger UI as a list to pick from.
function openapiExamplesOf (schema: z.core.$ZodType): Record<string, OpenAPI.ExampleObject> | undefined {
  const examples = z.globalRegistry.get(schema)?.openapiExamples
  return isPlainObject(examples) ? examples as Record<string, OpenAPI.ExampleObject> : undefined
}

function unique (base: string, taken: Set<string>): string {
  let id = base
  for (let count = 2; taken.has(id); count++) id = `${base}_${count}`
  taken.add(id)
  return id
}

function parametersOf (route: DocumentedRoute, declarations: DeclaredInputs[], components: SchemaComponents): OpenAPI.ParameterObject[] {
  const parameters: OpenAPI.ParameterObject[] = []
  const seen = new Set<string>()
  const add = (parameter: OpenAPI.ParameterObject): void => {
    const key = `${parameter.in}\u0000${parameter.name}`
    if (seen.has(key)) return
    seen.add(key)
    parameters.push(parameter)
  }
  // FastAPI lists path, query, header and cookie params, the route's before its dependencies'.
  for (const [option, location] of LOCATIONS) {
    for (const declaration of declarations) {
      const schema = declaration[option] as ParamsSchema | undefined
      if (schema !== undefined) for (const parameter of objectParameters(location, schema, components)) add(parameter)
    }
    if (location === 'path') {
      // A path param nobody declared is a string, still required.
      for (const name of pathParamNames(route.path)) add({ name, in: 'path', required: true, schema: { type: 'string', title: fieldTitle(name) } })
    }
  }
  return parameters
}

function objectParameters (location: ParameterLocation, schema: ParamsSchema, components: SchemaComponents): OpenAPI.ParameterObject[] {
  // One conversion for the whole object; a named params model is read field by field, so
  // that it does not become a component (FastAPI's query models do not either).
  const named = z.globalRegistry.get(schema)?.id !== undefined
  const converted: JsonSchema = named ? {} : components.schemaFor(schema, 'input')
  const properties = converted.properties
  const required = new Set(converted.required as string[] | undefined ?? [])
  const model = location === 'path' ? undefined : paramModelOf(schema)
  return Object.entries(schema._zod.def.shape).map(([key, field]) => {
    const name = requestName(location, key, field, model?.convertUnderscores)
    // pydantic titles a param by the name it is sent as (the header `x_token` is "X-Token"),
    // and a model's field by its own name (`save_data` is "Save Data", sent as `save-data`).
    const titleName = model === undefined ? name : modelFieldName(key, field)
    let fieldSchema: JsonSchema = properties?.[key] ?? components.schemaFor(field, 'input')
    if (properties === undefined) {
      if (!z.safeParse(field, undefined).success) required.add(key)
    } else if (fieldSchema.$ref === undefined && titleName !== key && fieldSchema.title === fieldTitle(key)) {
      fieldSchema = { ...fieldSchema, title: fieldTitle(titleName) }
    }
    if (fieldSchema.$ref === undefined) fieldSchema.title ??= fieldTitle(titleName)
    const parameter: OpenAPI.ParameterObject = { name, in: location, required: location === 'path' || required.has(key), schema: fieldSchema }
    if (typeof fieldSchema.description === 'string') parameter.description = fieldSchema.description
    if (fieldSchema.deprecated === true) parameter.deprecated = true
    const examples = openapiExamplesOf(field)
    if (examples !== undefined) parameter.examples = examples
    return parameter
  })
}

// A callback's `{$request.body.id}` is a runtime expression, no param.
function pathParamNames (path: string): string[] {
  return [...path.matchAll(/\{([^$}][^}]*)\}/g)].map((match) => match[1] as string)
}

function responsesOf (description: RouteDescription, operationId: string, validates: boolean, context: DocumentContext): Record<string, OpenAPI.ResponseObject> {
  const { options } = description
  const { components } = context
  const responses: Record<string, OpenAPI.ResponseObject> = {}
  const models: Record<number, z.core.$ZodType> = isModelMap(options.response) ? options.response : {}
  const responseClass = options.responseClass as ResponseClass | undefined
  const kind = routeResponseKind(responseClass, isGeneratorHandler(description.handler))
  // What the route sends when the handler returns: its `status`, else its class's (a redirect's 307), else 200.
  const success = options.status ?? (kind === 'class' ? (responseClass as ResponseClass).defaultStatus : 200)
  const successModel = isModelMap(options.response) ? models[success] : options.response

  const successResponse: OpenAPI.ResponseObject = { description: options.responseDescription ?? 'Successful Response' }
  if (!NO_BODY_STATUSES.has(success) && success >= 200) {
    const content = successContent(kind, responseClass, successModel, operationId, components)
    if (content !== undefined) successResponse.content = content
  }
  responses[String(success)] = successResponse
  // FastAPI documents a model of `responses` under the route's own media type, JSON by default.
  const mediaType = kind === 'class' ? responseClass?.mediaType ?? JSON_MEDIA_TYPE : JSON_MEDIA_TYPE

  for (const [status, model] of Object.entries(models)) {
    if (Number(status) === success) continue
    responses[status] = { description: statusText(Number(status)) ?? 'Additional Response', content: { [JSON_MEDIA_TYPE]: { schema: components.schemaFor(model, 'output') } } }
  }
  for (const error of description.errors) addDeclaredError(responses, error)
  if (context.securityResponses) for (const error of securityErrorsOf(description.dependencies)) addDeclaredError(responses, error)
  addDocumented(responses, options.responses ?? {}, components, mediaType)
  if (validates && !(context.validation.status in responses)) {
    responses[context.validation.status] = context.validation.response(components)
  }
  return responses
}

function isModelMap (response: unknown): response is Record<number, z.core.$ZodType> {
  return typeof response === 'object' && response !== null && !('_zod' in response)
}

function addDeclaredError (responses: Record<string, OpenAPI.ResponseObject>, error: DeclaredError): void {
  const key = String(error.status)
  if (key in responses) return
  const response: OpenAPI.ResponseObject = { description: error.description ?? statusText(error.status) ?? 'Additional Response' }
  if (error.headers !== undefined) {
    response.headers = Object.fromEntries(Object.keys(error.headers).map((name) => [name, { schema: { type: 'string' } }]))
  }
  responses[key] = response
}

// The schema of the JSON items of a server-sent event (FastAPI's _SSE_EVENT_SCHEMA, OpenAPI 3.2's).
function sseItemSchema (): JsonSchema {
  return {
    type: 'object',
    properties: { data: { type: 'string' }, event: { type: 'string' }, id: { type: 'string' }, retry: { type: 'integer', minimum: 0 } },
  }
}

// As FastAPI's get_openapi_path: JSON with the model; a stream's `itemSchema`; a class with a
// media type a string of it (`text/html`); one without (a redirect, a file, a stream) no content.
function successContent (
  kind: ReturnType<typeof routeResponseKind>, responseClass: ResponseClass | undefined, model: z.core.$ZodType | undefined,
  operationId: string, components: SchemaComponents,
): Record<string, OpenAPI.MediaTypeObject> | undefined {
  if (kind === 'json') {
    const schema = model === undefined ? {} : components.schemaFor(model, 'output')
    if (model !== undefined && schema.$ref === undefined) schema.title ??= fieldTitle(`Response_${operationId}`)
    return { [JSON_MEDIA_TYPE]: { schema } }
  }
  if (kind === 'json-lines') return { 'application/jsonl': { itemSchema: model === undefined ? {} : components.schemaFor(model, 'output') } }
  if (kind === 'event-stream') {
    const itemSchema = sseItemSchema()
    if (model !== undefined) {
      (itemSchema.properties as Record<string, JsonSchema>).data = { type: 'string', contentMediaType: 'application/json', contentSchema: components.schemaFor(model, 'output') }
      itemSchema.required = ['data']
    }
    return { 'text/event-stream': { itemSchema } }
  }
  const mediaType = responseClass?.mediaType
  return mediaType === undefined ? undefined : { [mediaType]: { schema: { type: 'string' } } }
}

function documentedContent (content: NonNullable<DocumentedResponse['content']>, components: SchemaComponents): Record<string, OpenAPI.MediaTypeObject> {
  const documented: Record<string, OpenAPI.MediaTypeObject> = {}
  for (const [mediaType, entry] of Object.entries(content)) {
    const { schema, ...rest } = entry
    // The user's own OpenAPI (examples by name ...), as FastAPI passes it on.
    const object = { ...rest } as OpenAPI.MediaTypeObject
    if (schema !== undefined) object.schema = isZodSchema(schema) ? components.schemaFor(schema, 'output') : structuredClone(schema)
    documented[mediaType] = object
  }
  return documented
}

// FastAPI's `responses={404: {"model": Message, "description": ...}, 200: {"content": {"image/png": {}}}}`:
// merged over what the route says, the model under the route's media type.
function addDocumented (responses: Record<string, OpenAPI.ResponseObject>, documented: DocumentedResponses, components: SchemaComponents, mediaType: string): void {
  for (const [status, entry] of Object.entries(documented)) {
    const response = (responses[status] ?? {}) as OpenAPI.ResponseObject
    response.description = entry.description ?? response.description ?? statusText(Number(status)) ?? 'Additional Response'
    if (entry.model !== undefined || entry.content !== undefined) {
      const content = (response.content ?? {}) as Record<string, unknown>
      if (entry.model !== undefined) deepUpdate(content, { [mediaType]: { schema: components.schemaFor(entry.model, 'output') } })
      if (entry.content !== undefined) deepUpdate(content, documentedContent(entry.content, components))
      response.content = content as Record<string, OpenAPI.MediaTypeObject>
    }
    if (entry.headers !== undefined) {
      response.headers = Object.fromEntries(Object.entries(entry.headers).map(([name, header]) => {
        const object: OpenAPI.HeaderObject = { schema: (header.schema === undefined ? { type: 'string' } : components.schemaFor(header.schema, 'output')) }
        if (header.description !== undefined) object.description = header.description
        return [name, object]
      }))
    }
    responses[status] = response
  }
}

// The docs' `securityResponses`: what the schemes of a route answer. Every scheme answers a
// request without credentials 401 with a challenge; a route that asks scopes may answer 403.
const NOT_AUTHENTICATED: DeclaredError = { status: 401, description: 'Not authenticated', headers: { 'WWW-Authenticate': '' } }
const NOT_ENOUGH_PERMISSIONS: DeclaredError = { status: 403, description: 'Not enough permissions' }

function securityErrorsOf (plan: DependencyPlan | null): DeclaredError[] {
  const uses = plan?.securityUses ?? []
  if (uses.length === 0) return []
  return uses.some(({ scopes }) => scopes.length > 0) ? [NOT_AUTHENTICATED, NOT_ENOUGH_PERMISSIONS] : [NOT_AUTHENTICATED]
}

// One requirement per use of a security dependency, with every scope asked along the chain
// to it, as FastAPI lists them (identical ones once).
function securityOf (plan: DependencyPlan | null, schemes: Record<string, OpenAPI.SecuritySchemeObject>): OpenAPI.SecurityRequirementObject[] {
  const requirements = new Map<string, OpenAPI.SecurityRequirementObject>()
  for (const { scheme, scopes } of plan?.securityUses ?? []) {
    schemes[scheme.name] ??= scheme.scheme
    requirements.set(`${scheme.name}\u0000${scopes.join(' ')}`, { [scheme.name]: [...scopes] })
  }
  return [...requirements.values()]
}
