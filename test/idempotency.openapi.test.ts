import { validate, compileErrors } from '@readme/openapi-parser'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Idempotency } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A route with an Idempotency dependency documents the `Idempotency-Key` header as a header
// param (FastAPI's `Header()` style), required when the key is, with its length limit, and
// its 400 and 409 answers, as a RateLimit documents its 429; the 422 stays the validation one.

const DESCRIPTION = 'A unique key for this operation (a UUID): a retry with the same key gets the first answer again, without running twice.'

function header (required: boolean, maxLength = 255) {
  return {
    name: 'idempotency-key',
    in: 'header',
    required,
    schema: { type: 'string', maxLength, description: DESCRIPTION, title: 'Idempotency-Key' },
    description: DESCRIPTION,
  }
}

type Operation = { parameters: unknown[], responses: Record<string, { description: string, content?: unknown }> }

describe('Idempotency in OpenAPI', () => {
  it('documents the header param, required or not, with its length, and the 400 and 409 answers', async () => {
    const app = await buildApp({ idempotency: {} })
    app.api.post('/orders/', { body: z.object({ item: z.string() }), status: 201, deps: { key: Idempotency({ required: true }) } }, () => 'created')
    app.api.patch('/orders/{order_id}', { params: z.object({ order_id: z.coerce.number() }), deps: { key: Idempotency({ maxKeyLength: 64 }) } }, () => 'updated')
    app.api.post('/plain', () => 'no key')
    const document = (await app.inject('/openapi.json')).json<{ paths: Record<string, Record<string, Operation>> }>()

    const create = document.paths['/orders/']?.post as Operation
    expect(create.parameters).toEqual([header(true)])
    expect(create.responses[400]).toEqual({ description: 'Idempotency-Key missing or invalid' })
    expect(create.responses[409]).toEqual({ description: 'A request with this Idempotency-Key is still being processed' })
    expect(create.responses[422]?.description).toBe('Validation Error')
    const update = document.paths['/orders/{order_id}']?.patch as Operation
    expect(update.parameters).toContainEqual(header(false, 64))
    const plain = document.paths['/plain']?.post as Operation
    expect(plain.parameters).toBeUndefined()
    expect(Object.keys(plain.responses)).toEqual(['200'])

    const result = await validate(structuredClone(document) as never)
    expect(result.valid, compileErrors(result)).toBe(true)
  })
})
