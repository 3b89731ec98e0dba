// Type tests for the docs: checked by `tsc` in `npm test`. The document is typed for the code
// that reads or extends it; options and security schemes are checked where they are written.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { Depends, fastapi, fastapiDocs, type DocsOptions, type OpenAPIDocument, type OperationObject, type SecuritySchemeObject } from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi, { docs: { title: 'Shop', openapiTags: [{ name: 'items', description: 'The catalogue' }] } })
await app.register(fastapiDocs, { docsUrl: null, redocUrl: '/reference', swaggerUiParameters: { syntaxHighlight: false } })

const document = app.openapi()
expectTypeOf(document).toEqualTypeOf<OpenAPIDocument>()
expectTypeOf(document.info.title).toEqualTypeOf<string>()
expectTypeOf(document.paths?.['/items/']?.get).toEqualTypeOf<OperationObject | undefined>()
expectTypeOf(document.components?.securitySchemes?.HTTPBearer).toEqualTypeOf<SecuritySchemeObject | undefined>()

// @ts-expect-error  a docs URL is a path or null, not a number
await app.register(fastapiDocs, { docsUrl: 5 })
// @ts-expect-error  FastAPI's snake_case names are camelCase here: docsUrl
await app.register(fastapiDocs, { docs_url: '/docs' })
// @ts-expect-error  the preset's docs are options or false, not true
await app.register(fastapi, { docs: true })
// FastAPI's root_path: for the whole app on the preset, or on the docs plugin with root_path_in_servers.
await app.register(fastapi, { rootPath: '/api/v1' })
await app.register(fastapiDocs, { rootPath: '/api/v1', rootPathInServers: false })
// @ts-expect-error  root_path_in_servers is a boolean, not a string
await app.register(fastapiDocs, { rootPathInServers: 'no' })
// @ts-expect-error  FastAPI's snake_case names are camelCase here: rootPath
await app.register(fastapi, { root_path: '/api/v1' })
// @ts-expect-error  a tag needs a name
const badTags: DocsOptions = { openapiTags: [{ description: 'no name' }] }

// A security scheme is an OpenAPI security scheme object, checked by its type.
Depends({ securityScheme: { name: 'HTTPBearer', scheme: { type: 'http', scheme: 'bearer' } } }, () => 'token')
Depends({ securityScheme: { name: 'APIKeyHeader', scheme: { type: 'apiKey', in: 'header', name: 'x-key' } } }, () => 'key')
// @ts-expect-error  an API key lives in a header, a query or a cookie
Depends({ securityScheme: { name: 'APIKeyBody', scheme: { type: 'apiKey', in: 'body', name: 'x-key' } } }, () => 'key')
// @ts-expect-error  an oauth2 scheme needs its flows
Depends({ securityScheme: { name: 'OAuth2', scheme: { type: 'oauth2' } } }, () => 'token')

void badTags
