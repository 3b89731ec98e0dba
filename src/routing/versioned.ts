import type { FastifyInstance, FastifyReply } from 'fastify'
import { inspect } from 'node:util'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { HTTPException } from '../errors/http-exception.js'
import { isDocsRoute } from '../shared/docs-route.js'
import { kDocsState } from '../shared/symbols.js'
import { APIRouter } from './api-router.js'

/** When and how a version is retired. */
export interface VersionDeprecation {
  /** When it was deprecated: sent as RFC 9745's `Deprecation: @<unix time>`. */
  since: Date | string
  /** When it goes away: sent as RFC 8594's `Sunset` header. */
  sunset?: Date | string
  /** The version that replaces it: its docs are linked with `rel="successor-version"`. */
  successor?: string
  /** After the sunset, answer 410 Gone (in the app's error shape) instead of serving it. */
  goneAfterSunset?: boolean
}

export interface VersionOptions {
  /** The routers of this version; a router shared by two versions is mounted under both. */
  routers: APIRouter | APIRouter[]
  deprecated?: VersionDeprecation
}

/** The versions by name ("v1", "v2" ...): the routers alone, or with a deprecation. */
export type Versions = Record<string, APIRouter | APIRouter[] | VersionOptions>

/** What `versioned` asks of the docs plugin, when it is there (its DocsRegistry): a document and a docs page per version. */
export interface VersionDocs {
  /** Where a version's docs page is, for its predecessor's `Link: rel="successor-version"`. */
  docsPageOf (prefix: string): string
  /** Gives the version mounted at `prefix` its document, its docs page and a place in the version selector. */
  addVersion (scope: FastifyInstance, name: string, prefix: string): void
}

const PLUGIN = 'versioned'
const VERSION_NAME = /^[A-Za-z0-9][\w.-]*$/

function dateOf (version: string, option: string, value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) throw new FFA_ERR_OPTION_INVALID(PLUGIN, `${version}.deprecated.${option}`, `must be a date (a Date or an ISO string like "2027-01-01"); got ${inspect(value)}`)
  return date
}

interface CompiledVersion {
  name: string
  routers: APIRouter[]
  headers: Record<string, string> | undefined
  goneAt: Date | undefined
  successor: string | undefined
}

function compileVersions (versions: Versions): CompiledVersion[] {
  if (typeof versions !== 'object' || versions === null || Object.keys(versions).length === 0) {
    throw new FFA_ERR_OPTION_INVALID(PLUGIN, '(versions)', `must name at least one version, like { v1: routerV1, v2: routerV2 }; got ${inspect(versions)}`)
  }
  const names = Object.keys(versions)
  return names.map((name) => {
    if (!VERSION_NAME.test(name)) throw new FFA_ERR_OPTION_INVALID(PLUGIN, name, 'is not a version name that can be a path segment (letters, digits, ".", "-", "_")')
    const value = versions[name]
    const options: VersionOptions = value instanceof APIRouter || Array.isArray(value) ? { routers: value } : value as VersionOptions
    const routers = Array.isArray(options.routers) ? options.routers : [options.routers]
    if (routers.length === 0 || routers.some((router) => !(router instanceof APIRouter))) {
      throw new FFA_ERR_OPTION_INVALID(PLUGIN, `${name}.routers`, `must be an APIRouter or an array of them; got ${inspect(options.routers, { depth: 0 })}`)
    }
    const deprecation = options.deprecated
    if (deprecation === undefined) return { name, routers, headers: undefined, goneAt: undefined, successor: undefined }
    const since = dateOf(name, 'since', deprecation.since)
    if (since === undefined) throw new FFA_ERR_OPTION_INVALID(PLUGIN, `${name}.deprecated.since`, 'is required: the date the version was deprecated (RFC 9745)')
    const sunset = dateOf(name, 'sunset', deprecation.sunset)
    const { successor } = deprecation
    if (successor !== undefined && !names.includes(successor)) {
      throw new FFA_ERR_OPTION_INVALID(PLUGIN, `${name}.deprecated.successor`, `names the unknown version ${inspect(successor)}; the versions are ${names.join(', ')}`)
    }
    if (deprecation.goneAfterSunset === true && sunset === undefined) {
      throw new FFA_ERR_OPTION_INVALID(PLUGIN, `${name}.deprecated.goneAfterSunset`, 'needs a sunset date to be gone after')
    }
    const headers: Record<string, string> = { deprecation: `@${Math.floor(since.getTime() / 1000)}` }
    if (sunset !== undefined) headers.sunset = sunset.toUTCString()
    return { name, routers, headers, goneAt: deprecation.goneAfterSunset === true ? sunset : undefined, successor }
  })
}

/**
 * Mounts versions of an API under `/v1`, `/v2` ... from routers, sharing the routers that did
 * not change. A deprecated version's responses carry `Deprecation` (RFC 9745), `Sunset`
 * (RFC 8594) and a `Link` to its successor's docs, its operations are deprecated in the
 * docs, and after its sunset it can answer 410 Gone.
 *
 * @example
 * await app.register(versioned({
 *   v1: { routers: [users, itemsV1], deprecated: { since: '2026-06-01', sunset: '2027-01-01', successor: 'v2' } },
 *   v2: [users, itemsV2],
 * }))
 */
export function versioned (versions: Versions) {
  const compiled = compileVersions(versions)
  return async function versionedApi (app: FastifyInstance): Promise<void> {
    // Known only now: the versions may be mounted under a prefix ("/api"), and the successor's
    // link and the 410's hint must point below it.
    const base = app.prefix.endsWith('/') ? app.prefix.slice(0, -1) : app.prefix
    for (const version of compiled) {
      const successorPath = version.successor === undefined ? undefined : `${base}/${version.successor}`
      const docs = (app as unknown as Record<symbol, VersionDocs | undefined>)[kDocsState]
      await app.register(async function mountVersion (scope: FastifyInstance) {
        if (version.headers !== undefined) {
          // The successor's docs page, where the docs plugin serves it (or the successor itself).
          const successorDocs = successorPath === undefined ? undefined : docs?.docsPageOf(successorPath) ?? successorPath
          const headers = successorDocs === undefined
            ? version.headers
            : { ...version.headers, link: `<${successorDocs}>; rel="successor-version"` }
          scope.addHook('onSend', async (_request, reply: FastifyReply, payload) => {
            const ownLink = reply.getHeader('link')
            reply.headers(headers)
            // RFC 8288: a response may carry several links; the route's own (pagination ...) stay.
            if (ownLink !== undefined && headers.link !== undefined) reply.header('link', `${[ownLink].flat().join(', ')}, ${headers.link}`)
            return payload
          })
        }
        const goneAt = version.goneAt
        if (goneAt !== undefined) {
          scope.addHook('onRequest', async (request) => {
            if (Date.now() >= goneAt.getTime() && !isDocsRoute(request)) {
              const successor = successorPath === undefined ? '' : `: use ${successorPath}`
              throw new HTTPException(410, `API version ${version.name} was retired on ${goneAt.toUTCString()}${successor}`)
            }
          })
        }
        // With the docs plugin: `/v1/openapi.json`, `/v1/docs`, and a place in `/docs`'s version selector.
        docs?.addVersion(scope, version.name, `${base}/${version.name}`)
        for (const router of version.routers) {
          await scope.register(router, version.headers === undefined ? {} : { deprecated: true })
        }
      }, { prefix: `/${version.name}` })
    }
  }
}
