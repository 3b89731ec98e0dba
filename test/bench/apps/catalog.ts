// Which apps the main table compares, in column order, and which endpoints each implements.
export interface BenchApp {
  name: string
  /** 'node': test/bench/apps/<name>.ts through server.ts; 'python': apps/fastapi_python.py under uvicorn. */
  runtime: 'node' | 'python'
  /** Endpoint keys (endpoints.ts) this app implements; the others show as '-'. */
  endpoints: readonly string[]
}

const ALL = ['hello', 'item', 'create', 'me', 'invalid', 'list']

/** The baseline of every ratio: bare Fastify with hand-written JSON Schema. */
export const BASELINE = 'json-schema'

export const APPS: readonly BenchApp[] = [
  // The form, jwt, header, stack and webhook rows compare the library with @fastify/formbody, @fastify/jwt,
  // an onSend hook and the @fastify/* middleware plugins by hand (in json-schema) only.
  { name: 'fastapi', runtime: 'node', endpoints: [...ALL, 'form', 'jwt', 'header', 'stack', 'webhook'] },
  { name: 'type-provider-zod', runtime: 'node', endpoints: ALL },
  { name: 'json-schema', runtime: 'node', endpoints: [...ALL, 'form', 'jwt', 'header', 'stack', 'webhook'] },
  { name: 'hono', runtime: 'node', endpoints: ALL },
  // The floor: nothing but node:http and JSON.stringify.
  { name: 'node-http', runtime: 'node', endpoints: ['hello'] },
  { name: 'fastapi-python', runtime: 'python', endpoints: ALL },
  // The dependency row's own baseline: the same chain written by hand in a preHandler.
  { name: 'prehandler', runtime: 'node', endpoints: ['me'] },
  // The database group: the shop and its baseline, once per engine (shared-shop.ts).
  { name: 'shop-pglite', runtime: 'node', endpoints: ['shop-list-pglite', 'shop-create-pglite'] },
  { name: 'db-json-schema-pglite', runtime: 'node', endpoints: ['shop-list-pglite', 'shop-create-pglite'] },
  { name: 'shop-postgres', runtime: 'node', endpoints: ['shop-list-postgres', 'shop-create-postgres'] },
  { name: 'db-json-schema-postgres', runtime: 'node', endpoints: ['shop-list-postgres', 'shop-create-postgres'] },
]
