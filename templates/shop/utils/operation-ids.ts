import { generateUniqueId, type OperationRoute } from 'fastify-fastapi'

/**
 * Operation ids that read as method names in a client generated from /openapi.json
 * (`items-read_one_item` rather than `items__item_id__get`): the route's first tag and its
 * summary, as FastAPI's "Generate Clients" page makes them with `generate_unique_id_function`;
 * under a version, the version first (`v1-items-read_one_item`). A route without a tag or a
 * summary keeps FastAPI's default.
 */
export function clientOperationId (route: OperationRoute): string {
  const [tag] = route.tags
  if (tag === undefined || route.summary === undefined) return generateUniqueId(route)
  const version = /^\/(v\d+)\//.exec(route.path)?.[1]
  const words = route.summary.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  return `${version === undefined ? '' : `${version}-`}${tag}-${words}`
}
