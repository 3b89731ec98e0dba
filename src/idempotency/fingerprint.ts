import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'

/**
 * What makes two requests "the same request" for one key (the draft's fingerprint): the
 * method, the URL (path and query) and the body as parsed (JSON, or a form's fields), its
 * object keys sorted, so that `{"a":1,"b":2}` and `{ "b": 2, "a": 1 }` are one body. A SHA-256
 * of them: the store keeps 64 characters, never the body itself.
 */
export function requestFingerprint (request: FastifyRequest): string {
  const hash = createHash('sha256')
  hash.update(`${request.method} ${request.url}\n`)
  hash.update(canonicalJson(request.body, new WeakSet()))
  return hash.digest('hex')
}

// JSON with sorted keys; bytes (a form's file read into memory) as base64, a value with a
// toJSON (a Date) as it serializes, a cycle as a marker rather than a stack overflow.
function canonicalJson (value: unknown, seen: WeakSet<object>): string {
  if (value === undefined) return 'null'
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? `"${value}n"` : JSON.stringify(value) ?? 'null'
  if (seen.has(value)) return '"[Circular]"'
  if (value instanceof Uint8Array) return JSON.stringify({ $bytes: Buffer.from(value).toString('base64') })
  const withJson = value as { toJSON?: () => unknown }
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON(), seen)
  seen.add(value)
  let text: string
  if (Array.isArray(value)) {
    text = `[${value.map((item) => canonicalJson(item, seen)).join(',')}]`
  } else {
    const record = value as Record<string, unknown>
    text = `{${Object.keys(record).sort().filter((key) => record[key] !== undefined).map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], seen)}`).join(',')}}`
  }
  seen.delete(value)
  return text
}
