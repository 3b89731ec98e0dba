// pydantic's set, frozenset and bytes as FastAPI documents them ("Body - Nested Models": `tags: set[str]`).
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

it('documents `tags: set[str]` as an array of unique items, and a set of models by $ref', async () => {
  const app = await buildApp()
  const Image = z.object({ url: z.string() }).meta({ id: 'Image' })
  const Item = z.object({ name: z.string(), tags: z.set(z.string()), images: z.set(Image).nullable() }).meta({ id: 'Item' })
  app.api.put('/items/{item_id}', { params: z.object({ item_id: z.coerce.number().int() }), body: Item, response: Item }, async function update_item ({ body }) { return body })
  const res = await app.inject('/openapi.json')
  expect(res.statusCode, res.body).toBe(200)
  const { schemas } = res.json().components
  expect(schemas.Item.properties).toEqual({
    name: { type: 'string', title: 'Name' },
    tags: { type: 'array', uniqueItems: true, items: { type: 'string' }, title: 'Tags' },
    images: { anyOf: [{ type: 'array', uniqueItems: true, items: { $ref: '#/components/schemas/Image' } }, { type: 'null' }], title: 'Images' },
  })
  expect(schemas.Image).toEqual({ type: 'object', properties: { url: { type: 'string', title: 'Url' } }, required: ['url'], title: 'Image' })
})

it('documents `bytes` (a Buffer or a Uint8Array) as {"type":"string","format":"binary"}', async () => {
  const app = await buildApp()
  const File = z.object({ content: z.instanceof(Buffer), raw: z.instanceof(Uint8Array) }).meta({ id: 'File' })
  app.api.get('/files/notes', { response: File }, async function read_file () { return { content: Buffer.from('hi'), raw: new Uint8Array() } })
  const res = await app.inject('/openapi.json')
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json().components.schemas.File.properties).toEqual({
    content: { type: 'string', format: 'binary', title: 'Content' },
    raw: { type: 'string', format: 'binary', title: 'Raw' },
  })
})
