import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions as FastifyRouteOptions } from 'fastify'
import type * as OpenAPI from '../shared/openapi-types.js'
import type { RouteDescription } from '../routing/compile-route.js'
import type { VersionDocs } from '../routing/versioned.js'
import { rootPathOf } from '../shared/behind-proxy.js'
import { docsRoute } from '../shared/docs-route.js'
import { kRouteDescription } from '../shared/symbols.js'
import type { ResolvedDocsOptions } from './docs-options.js'
import { buildOpenApiDocument, type CollectedRoute } from './openapi-document.js'
import { perRootPath } from './per-root-path.js'
import { sendHtmlPage, type HtmlPage } from './html.js'
import { swaggerUiPage } from './swagger-ui-page.js'
import type { ValidationResponse } from './validation-responses.js'
import { describeZodRoute } from './zod-route.js'

interface Version {
  name: string
  /** Where it is mounted: `/v1`, or `/api/v1` under a prefix. */
  prefix: string
}

function descriptionOf (config: unknown): RouteDescription | undefined {
  return (config as Record<symbol, RouteDescription | undefined> | undefined)?.[kRouteDescription]
}

function collectedRoute (route: FastifyRouteOptions): CollectedRoute {
  const compiled = descriptionOf(route.config)
  return { methods: [route.method].flat(), url: route.url, description: compiled ?? describeZodRoute(route), compiled: compiled !== undefined }
}

/**
 * What the docs know of the app: its routes as they are registered, its API versions, and
 * the documents built from them at their first use (the whole app's, and one per version).
 */
export class DocsRegistry implements VersionDocs {
  private readonly collected: FastifyRouteOptions[] = []
  private readonly versions: Version[] = []
  private readonly versionDocuments = new Map<string, OpenAPI.OpenAPIDocument>()
  private readonly pages = perRootPath<HtmlPage>()
  private readonly texts = perRootPath()

  constructor (private readonly options: ResolvedDocsOptions) {}

  collect (route: FastifyRouteOptions): void {
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true
    if (!hidden) this.collected.push(route)
  }

  /** Whether the docs describe a route themselves (@fastify/swagger documents the others). */
  isDescribed (route: FastifyRouteOptions): boolean {
    return descriptionOf(route.config) !== undefined || describeZodRoute(route) !== undefined
  }

  /** Builds the app's document and each version's, from the base @fastify/swagger made. */
  build (base: OpenAPI.OpenAPIDocument, validation: ValidationResponse): OpenAPI.OpenAPIDocument {
    // Read when the document is built, not as they are registered: the depends plugin may wrap a route after us.
    const routes = this.collected.map(collectedRoute)
    for (const version of this.versions) {
      const versionRoutes = routes.filter((route) => route.url.startsWith(`${version.prefix}/`))
      const info = { ...base.info, title: `${base.info.title} ${version.name}` }
      this.versionDocuments.set(version.prefix, buildOpenApiDocument({ base: { ...base, info }, routes: versionRoutes, validation, options: this.options.document }))
    }
    return buildOpenApiDocument({ base, routes, validation, options: this.options.document })
  }

  /** Where a version's docs page is, for its predecessor's `Link: rel="successor-version"`. */
  docsPageOf (prefix: string): string {
    return `${prefix}${this.options.docsUrl ?? ''}`
  }

  /**
   * A version of the API gets its document (`/v1/openapi.json`) and its docs page
   * (`/v1/docs`), and a place in the version selector of `/docs`. Its routes are marked as
   * docs pages: a version retired after its sunset still shows its docs.
   */
  addVersion (scope: FastifyInstance, name: string, prefix: string): void {
    const { openapiUrl, docsUrl } = this.options
    if (openapiUrl === null) return
    this.versions.push({ name, prefix })
    scope.get(openapiUrl, docsRoute(), async (request, reply) => {
      scope.swagger() // builds every document once
      return this.sendJson(request, reply, prefix, this.versionDocuments.get(prefix))
    })
    if (docsUrl === null) return
    scope.get(docsUrl, docsRoute(), async (request, reply) => sendHtmlPage(reply, this.swaggerUiPage(request, prefix)))
  }

  /**
   * FastAPI's `servers`: the root path first, unless it is listed already or
   * `rootPathInServers` is false, then the app's own.
   */
  serversFor (rootPath: string): OpenAPI.ServerObject[] | undefined {
    const { servers, rootPathInServers } = this.options
    if (rootPath === '' || !rootPathInServers || servers?.some((server) => server.url === rootPath)) return servers
    return [{ url: rootPath }, ...(servers ?? [])]
  }

  /** The request's root path: its trusted proxy's `X-Forwarded-Prefix`, else the app's. */
  rootPathOf (request: FastifyRequest): string {
    return rootPathOf(request, this.options.rootPath)
  }

  /**
   * A document as JSON text, made at the first request (after every `onReady` hook that
   * extends it) and then kept: the document does not change once the app runs. Under
   * another root path than the app's, its `servers` name that one.
   */
  sendJson (request: FastifyRequest, reply: FastifyReply, key: string, document: OpenAPI.OpenAPIDocument | undefined): FastifyReply {
    const rootPath = this.rootPathOf(request)
    const text = this.texts(`${key} ${rootPath}`, () => {
      if (document === undefined || rootPath === this.options.rootPath) return JSON.stringify(document)
      const { servers: _configured, ...rest } = document
      const servers = this.serversFor(rootPath)
      return JSON.stringify(servers === undefined ? rest : { ...rest, servers })
    })
    return reply.type('application/json; charset=utf-8').send(text)
  }

  /**
   * FastAPI's Swagger UI page: the app's document, or with versions a selector of the whole
   * API and each version, opened on the version mounted at `prefix`. Made at the first
   * visit, when every version is known, then kept.
   */
  swaggerUiPage (request: FastifyRequest, prefix?: string): HtmlPage {
    const rootPath = this.rootPathOf(request)
    return this.pages(`${prefix ?? ''} ${rootPath}`, () => {
      const { openapiUrl, docsUrl, info, swaggerUiParameters, swaggerUiInitOAuth, oauth2RedirectUrl } = this.options
      // A version mounted twice (under /public and /internal) is named by its prefix.
      const labelOf = (version: Version): string =>
        this.versions.filter((other) => other.name === version.name).length > 1 ? version.prefix.slice(1) : version.name
      const current = this.versions.find((version) => version.prefix === prefix)
      // The browser fetches them through the proxy: under the root path, as FastAPI's page does.
      const documents = this.versions.length === 0
        ? { url: `${rootPath}${openapiUrl}` }
        : {
            // Swagger UI's top bar holds the selector.
            layout: 'StandaloneLayout',
            urls: [
              { url: `${rootPath}${openapiUrl}`, name: 'all' },
              ...this.versions.map((version) => ({ url: `${rootPath}${version.prefix}${openapiUrl}`, name: labelOf(version) })),
            ],
            'urls.primaryName': current === undefined ? 'all' : labelOf(current),
          }
      return swaggerUiPage({
        title: `${info.title}${current === undefined ? '' : ` ${current.name}`} - Swagger UI`,
        assetsUrl: `${rootPath}${docsUrl}/static`,
        config: { ...swaggerUiParameters, ...documents },
        initOAuth: swaggerUiInitOAuth,
        oauth2RedirectUrl: oauth2RedirectUrl === null ? null : `${rootPath}${oauth2RedirectUrl}`,
      })
    })
  }
}
