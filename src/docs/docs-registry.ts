import type { FastifyInstance, RouteOptions as FastifyRouteOptions } from 'fastify'
import type * as OpenAPI from './openapi-types.js'
import type { RouteDescription } from '../routing/compile-route.js'
import { kRouteDescription } from '../symbols.js'
import type { ResolvedDocsOptions } from './docs-options.js'
import { buildOpenApiDocument, type CollectedRoute } from './openapi-document.js'
import { swaggerUiPage } from './swagger-ui-page.js'
import type { ValidationResponse } from './validation-responses.js'

interface Version {
  name: string
  /** Where it is mounted: `/v1`, or `/api/v1` under a prefix. */
  prefix: string
}

const HIDDEN = { schema: { hide: true } }

function descriptionOf (config: unknown): RouteDescription | undefined {
  return (config as Record<symbol, RouteDescription | undefined> | undefined)?.[kRouteDescription]
}

/**
 * What the docs know of the app: its routes as they are registered, its API versions, and
 * the documents built from them at startup (the whole app's, and one per version).
 */
export class DocsRegistry {
  private readonly routes: CollectedRoute[] = []
  private readonly versions: Version[] = []
  private readonly versionDocuments = new Map<string, OpenAPI.OpenAPIDocument>()
  private readonly pages = new Map<string, string>()

  constructor (private readonly options: ResolvedDocsOptions) {}

  collect (route: FastifyRouteOptions): void {
    const description = descriptionOf(route.config)
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true
    if (hidden) return
    this.routes.push({ methods: [route.method].flat(), url: route.url, description })
  }

  isDescribed (route: FastifyRouteOptions): boolean {
    return descriptionOf(route.config) !== undefined
  }

  /** Builds the app's document and each version's, from the base @fastify/swagger made. */
  build (base: OpenAPI.OpenAPIDocument, validation: ValidationResponse): OpenAPI.OpenAPIDocument {
    for (const version of this.versions) {
      const routes = this.routes.filter((route) => route.url.startsWith(`${version.prefix}/`))
      const info = { ...base.info, title: `${base.info.title} ${version.name}` }
      this.versionDocuments.set(version.name, buildOpenApiDocument({ base: { ...base, info }, routes, validation }))
    }
    return buildOpenApiDocument({ base, routes: this.routes, validation })
  }

  /**
   * A version of the API gets its document (`/v1/openapi.json`) and its docs page
   * (`/v1/docs`), and a place in the version selector of `/docs`.
   */
  addVersion (scope: FastifyInstance, name: string, prefix: string): void {
    const { openapiUrl, docsUrl } = this.options
    if (openapiUrl === null) return
    this.versions.push({ name, prefix })
    scope.get(openapiUrl, HIDDEN, async () => {
      scope.swagger() // builds every document once
      return this.versionDocuments.get(name)
    })
    if (docsUrl === null) return
    scope.get(docsUrl, HIDDEN, async (_request, reply) => reply.type('text/html; charset=utf-8').send(this.swaggerUiPage(name)))
  }

  /**
   * FastAPI's Swagger UI page: the app's document, or with versions a selector of the whole
   * API and each version, opened on `version`. Made at the first visit, when every version
   * is known, then kept.
   */
  swaggerUiPage (version?: string): string {
    const key = version ?? ''
    let page = this.pages.get(key)
    if (page === undefined) {
      const { openapiUrl, docsUrl, info, swaggerUiParameters, swaggerUiInitOAuth, oauth2RedirectUrl } = this.options
      const documents = this.versions.length === 0
        ? { url: openapiUrl }
        : {
            // Swagger UI's top bar holds the selector.
            layout: 'StandaloneLayout',
            urls: [
              { url: openapiUrl, name: 'all' },
              ...this.versions.map((known) => ({ url: `${known.prefix}${openapiUrl}`, name: known.name })),
            ],
            'urls.primaryName': version ?? 'all',
          }
      page = swaggerUiPage({
        title: `${info.title}${version === undefined ? '' : ` ${version}`} - Swagger UI`,
        assetsUrl: `${docsUrl}/static`,
        config: { ...swaggerUiParameters, ...documents },
        initOAuth: swaggerUiInitOAuth,
        oauth2RedirectUrl,
      })
      this.pages.set(key, page)
    }
    return page
  }
}
