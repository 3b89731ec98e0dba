// Type tests for FastAPI's response_model_* options: `responseModelInclude` and
// `responseModelExclude` name the fields of the route's response model.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { APIRouter, fastapi, type FieldSelection } from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi)

const Image = z.object({ url: z.string(), name: z.string() })
const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().default(10.5),
  images: z.array(Image).default([]),
  thumbnail: Image.nullable().default(null),
})
const item = { name: 'Foo', price: 50.2 }

app.api.get('/items/{item_id}', {
  params: z.object({ item_id: z.string() }),
  response: Item,
  responseModelExcludeUnset: true,
  responseModelExcludeDefaults: false,
  responseModelExcludeNone: true,
  responseModelInclude: ['name', 'description'],
  responseModelExclude: new Set(['tax'] as const),
}, () => item)

// Nested: `true` for a whole field, a selection inside a model, a list's items or a nullable model.
app.api.get('/nested', {
  response: Item,
  responseModelInclude: { name: true, images: ['url'], thumbnail: { url: true } },
}, () => item)

// A list response model: its items' fields.
const router = new APIRouter()
router.get('/items/', { response: z.array(Item), responseModelExclude: ['tax'] }, () => [item])

// A model per status: the fields of any of them.
app.api.get('/by-status', { response: { 200: Item, 404: z.object({ message: z.string() }) }, responseModelInclude: ['name', 'message'] }, () => item)

// @ts-expect-error  'nme' is not a field of Item (misspelled 'name')
app.api.get('/typo', { response: Item, responseModelInclude: ['nme'] }, () => item)

// @ts-expect-error  'path' is not a field of Image, the items of `images`
app.api.get('/typo-nested', { response: Item, responseModelExclude: { images: ['path'] } }, () => item)

// @ts-expect-error  the options act on the response model, and this route has none
app.api.get('/no-model', { responseModelExcludeUnset: true }, () => item)

// @ts-expect-error  the flag is a boolean
app.api.get('/flag', { response: Item, responseModelExcludeNone: 'yes' }, () => item)

// The selection type, on its own.
expectTypeOf<['name', 'tax']>().toExtend<FieldSelection<z.output<typeof Item>>>()
expectTypeOf<{ images: ['url'] }>().toExtend<FieldSelection<z.output<typeof Item>>>()
expectTypeOf<['secret']>().not.toExtend<FieldSelection<z.output<typeof Item>>>()
