// The documents are valid OpenAPI 3.1, checked by a real validator.
import { validate, compileErrors } from '@readme/openapi-parser'
import { expect, it } from 'vitest'
import { buildApp as buildShop } from '../templates/shop/app.js'
import { buildDocsApp } from './helpers/docs-app.js'

// `itemSchema` (a streamed response's items: JSON Lines, server-sent events) is OpenAPI 3.2's,
// which FastAPI writes into its 3.1 documents and this validator (3.1) does not know: each is
// checked as the media type's `schema` instead, so the item schemas are still validated.
function asOpenAPI31 (document: unknown): unknown {
  const copy = structuredClone(document) as { paths?: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, Record<string, unknown>> }> }>> }
  for (const operation of Object.values(copy.paths ?? {}).flatMap((path) => Object.values(path))) {
    for (const media of Object.values(operation.responses ?? {}).flatMap((response) => Object.values(response.content ?? {}))) {
      if (!('itemSchema' in media)) continue
      media.schema = media.itemSchema
      delete media.itemSchema
    }
  }
  return copy
}

async function expectValid (document: unknown): Promise<void> {
  const result = await validate(asOpenAPI31(document) as never)
  expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true)
  expect(result.warnings).toEqual([])
}

it('validates the document of an app that uses every documented feature, and each version\'s', async () => {
  const app = await buildDocsApp()
  await expectValid((await app.inject('/openapi.json')).json())
  await expectValid((await app.inject('/v1/openapi.json')).json())
  await expectValid((await app.inject('/v2/openapi.json')).json())
}, 30_000) // three documents through a full OpenAPI validator: seconds on a busy two-core machine

it("validates the flagship shop's document", async () => {
  const app = await buildShop({ logger: false })
  try {
    const document = (await app.inject('/openapi.json')).json()
    expect(Object.keys(document.paths).length).toBeGreaterThan(10)
    await expectValid(document)
  } finally {
    await app.close()
  }
}, 60_000) // the shop starts its database: a PGlite in memory (initdb, the migrations), seconds on a busy machine

it('is caught by the validator when a document is broken', async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  document.paths['/items/'].get.responses = { 200: { content: {} } } // a response without its description
  const result = await validate(document)
  expect(result.valid).toBe(false)
})
