// The endpoints of the main table: every app that implements one answers it the same way,
// and the harness checks that before it measures (see check.ts).
import { benchToken } from './apps/shared-jwt.js'
import { shopBenchToken } from './apps/shared-shop.js'
import { WEBHOOK_EVENT, webhookHeaders } from './apps/shared-webhook.js'
export interface Endpoint {
  /** Short key, for BENCH_ONLY and the progress line. */
  key: string
  /** The row's label in the table. */
  label: string
  /** 'routes', 'dependencies', 'forms', 'security', 'middleware', 'webhooks' or 'database': BENCH_GROUP picks one. */
  group: string
  method: 'GET' | 'POST'
  path: string
  body?: unknown
  /** An `application/x-www-form-urlencoded` body, sent as it is written. */
  form?: string
  headers?: Record<string, string>
  /**
   * 'body': status and JSON body deep-equal to the baseline's.
   * 'status': the status only, as error bodies differ between frameworks (ours is checked
   * against FastAPI's shape separately).
   */
  compare: 'body' | 'status'
  /** A second baseline for this row (the same work written by hand another way). */
  alsoVersus?: string
  /** The baseline of this row, when it is not bare Fastify's `json-schema` (a database row's: the same engine). */
  baseline?: string
  /** Response headers that are part of the answer, checked against the baseline's like the body. */
  answerHeaders?: readonly string[]
}

export const ENDPOINTS: readonly Endpoint[] = [
  { key: 'hello', label: 'hello `GET /hello`', group: 'routes', method: 'GET', path: '/hello', compare: 'body' },
  { key: 'item', label: '`GET /items/{item_id}?q&skip&limit`', group: 'routes', method: 'GET', path: '/items/5?q=foo&skip=1&limit=20', compare: 'body' },
  {
    key: 'create', label: '`POST /items/` body + response model', group: 'routes', method: 'POST', path: '/items/',
    body: { name: 'hammer', price: 9.5, tags: ['tools'] }, compare: 'body',
  },
  {
    key: 'me', label: '`GET /users/me` 2-level chain + Bearer', group: 'dependencies', method: 'GET', path: '/users/me',
    headers: { authorization: 'Bearer rick' }, compare: 'body', alsoVersus: 'prehandler',
  },
  { key: 'invalid', label: '`GET /items/abc` (422)', group: 'routes', method: 'GET', path: '/items/abc', compare: 'status' },
  { key: 'list', label: '`GET /items-list` 100 items, response model', group: 'routes', method: 'GET', path: '/items-list', compare: 'body' },
  // The baseline reads it with @fastify/formbody and a hand-written JSON Schema (Ajv coerces the int).
  {
    key: 'form', label: '`POST /login/` urlencoded form, 3 fields, an int', group: 'forms', method: 'POST', path: '/login/',
    form: 'username=rick&password=secret&age=70', compare: 'body',
  },
  // The baseline verifies the same HS256 token with @fastify/jwt in a preHandler and checks the scope by hand.
  {
    key: 'jwt', label: '`GET /users/me/claims` HS256 JWT + scope', group: 'security', method: 'GET', path: '/users/me/claims',
    headers: { authorization: `Bearer ${benchToken()}` }, compare: 'body',
  },
  // The baseline sets the same header in an onSend hook written by hand, around the same route.
  {
    key: 'header', label: '`GET /middleware/hello`, an HTTP middleware that sets a header', group: 'middleware', method: 'GET', path: '/middleware/hello',
    compare: 'body', answerHeaders: ['x-content-type-options'],
  },
  // The shop's stack (CORS, gzip, security headers, an app-wide rate limit, request ids and one
  // HTTP middleware) against @fastify/cors, @fastify/compress, @fastify/helmet, @fastify/rate-limit,
  // genReqId and one onSend hook by hand: a cross-origin GET of 20 catalogue items, gzipped.
  {
    key: 'stack', label: '`GET /stack/items` CORS + gzip + helmet + rate limit + request id + HTTP middleware', group: 'middleware', method: 'GET', path: '/stack/items',
    headers: { origin: 'http://localhost:5173', 'accept-encoding': 'gzip' },
    compare: 'body', answerHeaders: ['access-control-allow-origin', 'access-control-allow-credentials', 'content-encoding', 'x-content-type-options', 'strict-transport-security'],
  },
  // A Stripe-signed webhook (1 KB event) through `webhook: Webhook({ preset: 'stripe' })` and a
  // body model, against the same check by hand: bare Fastify, a raw-body content-type parser in
  // the route's scope, createHmac over "<t>.<body>", timingSafeEqual, then JSON Schema. No
  // deduplication on either side: autocannon sends the same event id again and again.
  {
    key: 'webhook', label: '`POST /webhooks/stripe` Stripe-Signature (HMAC-SHA256) + body model', group: 'webhooks', method: 'POST', path: '/webhooks/stripe',
    body: WEBHOOK_EVENT, headers: webhookHeaders(), compare: 'body',
  },
  // The shop (templates/shop) against the same SQL in one transaction per request, written by
  // hand in bare Fastify, on the same engine: PGlite in the process, or PostgreSQL over a pool.
  ...(['pglite', 'postgres'] as const).flatMap((engine): Endpoint[] => [
    {
      key: `shop-list-${engine}`, label: `shop \`GET /items/?limit=50\` (${engine}), 50 rows, response model`, group: 'database',
      method: 'GET', path: '/items/?limit=50', compare: 'body', baseline: `db-json-schema-${engine}`,
    },
    {
      key: `shop-create-${engine}`, label: `shop \`POST /items/\` (${engine}), staff token, INSERT`, group: 'database',
      method: 'POST', path: '/items/', body: { name: 'Fleeb', price: 4.25, tags: ['bench'] }, headers: { authorization: `Bearer ${shopBenchToken()}` },
      compare: 'body', baseline: `db-json-schema-${engine}`,
    },
  ]),
]

/** BENCH_GROUP (or BENCH_ONLY) selects a group ('routes', 'dependencies') or one endpoint by key. */
export function selectEndpoints (only: string | undefined): Endpoint[] {
  if (only === undefined || only === '') return [...ENDPOINTS]
  const wanted = new Set(only.split(','))
  const selected = ENDPOINTS.filter((endpoint) => wanted.has(endpoint.group) || wanted.has(endpoint.key))
  if (selected.length === 0) {
    throw new Error(`BENCH_GROUP/BENCH_ONLY '${only}' matches no group or endpoint; use one of: ` +
      [...new Set(ENDPOINTS.flatMap((endpoint) => [endpoint.group, endpoint.key]))].join(', '))
  }
  return selected
}
