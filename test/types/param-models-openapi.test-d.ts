// Type tests for parameter models and the OpenAPI options: checked by `tsc` in `npm test`.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { APIRouter, Cookie, fastapi, Header, Query, type GenerateUniqueId, type OperationRoute } from 'fastify-fastapi'

const webhooks = new APIRouter()
const app = Fastify()
await app.register(fastapi, { docs: { webhooks, separateInputOutputSchemas: false, generateUniqueIdFunction: (route) => `${route.tags[0]}-${route.name}` } })

// A model keeps its schema's type: the handler reads the model's output.
const FilterParams = Query(z.strictObject({ limit: z.int().default(100), order_by: z.literal(['created_at', 'updated_at']).default('created_at') }))
const CommonHeaders = Header(z.object({ save_data: z.boolean(), x_tag: z.array(z.string()).default([]) }), { convertUnderscores: false })
const Cookies = Cookie(z.object({ session_id: z.string() }))

app.api.get('/items/', { query: FilterParams, headers: CommonHeaders, cookies: Cookies }, ({ query, headers, cookies }) => {
  expectTypeOf(query.limit).toEqualTypeOf<number>()
  expectTypeOf(query.order_by).toEqualTypeOf<'created_at' | 'updated_at'>()
  expectTypeOf(headers.save_data).toEqualTypeOf<boolean>()
  expectTypeOf(headers.x_tag).toEqualTypeOf<string[]>()
  expectTypeOf(cookies.session_id).toEqualTypeOf<string>()
  // @ts-expect-error  a model's field is read by its name, not the header's
  void headers['save-data']
})

// @ts-expect-error  only an object schema is a params model
Query(z.string())
// @ts-expect-error  convertUnderscores is a boolean
Header(z.object({}), { convertUnderscores: 'no' })

const callbacks = new APIRouter()
callbacks.post('{$callback_url}/invoices/{$request.body.id}', { body: z.object({ paid: z.boolean() }) }, function invoice_notification () { return { ok: true } })

app.api.post('/invoices/', {
  callbacks,
  openapiExtra: { 'x-aperture-labs-portal': 'blue' },
  generateUniqueIdFunction: (route) => {
    expectTypeOf(route).toEqualTypeOf<OperationRoute>()
    return `${route.method}-${route.name}`
  },
}, () => ({ msg: 'Invoice received' }))

const byTag: GenerateUniqueId = (route) => `${route.tags[0]}-${route.name}`
void new APIRouter({ generateUniqueIdFunction: byTag })

// @ts-expect-error  an operationId generator returns a string
app.api.get('/users/', { generateUniqueIdFunction: () => 1 }, () => [])
// @ts-expect-error  openapiExtra is an object merged into the operation
app.api.get('/users/', { openapiExtra: 'blue' }, () => [])
