// Type tests for adopting one plugin in an existing Fastify app: checked by `tsc` in `npm test`.
import Fastify from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { Depends, depsOf, fastapiDepends, fastapiErrorHandler, fastapiErrors } from 'fastify-fastapi'

const app = Fastify()
app.setValidatorCompiler(validatorCompiler)
app.setSerializerCompiler(serializerCompiler)

// The app keeps its own not-found and error handlers; its handler hands the rest to the plugin's.
await app.register(fastapiErrors, { notFound: false, errorHandler: false })
app.setErrorHandler((error, request, reply) => fastapiErrorHandler(error, request, reply))
// @ts-expect-error  notFound is true or false, not a handler
await app.register(fastapiErrors, { notFound: () => 'gone' })
await app.register(fastapiDepends)

// A fastify-type-provider-zod route takes deps: its query is zod's output, its deps read typed with depsOf.
const pagination = Depends({ query: z.object({ skip: z.coerce.number().default(0) }) }, ({ query }) => query)
const deps = { page: pagination }
app.withTypeProvider<ZodTypeProvider>().get('/items', { deps, schema: { querystring: z.object({ limit: z.coerce.number() }) } }, async (request) => {
  expectTypeOf(request.query.limit).toEqualTypeOf<number>()
  expectTypeOf(depsOf(request, deps).page.skip).toEqualTypeOf<number>()
  return []
})
