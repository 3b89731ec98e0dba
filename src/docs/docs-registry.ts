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
    const { openapiUrl, docsUrl, info, swaggerUiParameters, swaggerUiInitOAuth } = this.options
    if (openapiUrl === null) return
    this.versions.push({ name, prefix })
    scope.get(openapiUrl, HIDDEN, async () => {
      scope.swagger() // builds every document once
      return this.versionDocuments.get(name)
    })
    if (docsUrl === null) return
    // Built at the first visit: by then every version is known, for the selector.
    let page: string | undefined
    scope.get(docsUrl, HIDDEN, async (_request, reply) => {
      page ??= swaggerUiPage({
        title: `${info.title} ${name} - Swagger UI`,
        assetsUrl: `${docsUrl}/static`,
        config: { ...swaggerUiParameters, ...this.swaggerUiConfig(openapiUrl), 'urls.primaryName': name },
        initOAuth: swaggerUiInitOAuth,
      })
      return reply.type('text/html; charset=utf-8').send(page)
    })
  }

  /** What `/docs` reads at load: with versions, a selector of their documents. */
  swaggerUiConfig (openapiUrl: string): Record<string, unknown> {
    if (this.versions.length === 0) return {}
    return {
      layout: 'StandaloneLayout',
      urls: [
        { url: openapiUrl, name: 'all' },
        ...this.versions.map((version) => ({ url: `${version.prefix}${openapiUrl}`, name: version.name })),
      ],
    }
  }
}
