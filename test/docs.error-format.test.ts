// The documented validation error follows the errors plugin: FastAPI's, problem details, or yours.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

async function validationResponses (options: Parameters<typeof buildApp>[0]) {
  const app = await buildApp(options)
  app.api.get('/items/{item_id}', { params: z.object({ item_id: z.int() }) }, async function read_item ({ params }) { return params })
  const document = (await app.inject('/openapi.json')).json()
  const real = await app.inject('/items/x')
  return { document, responses: document.paths['/items/{item_id}'].get.responses, real }
}

it("documents FastAPI's HTTPValidationError at 422 by default", async () => {
  const { responses, real } = await validationResponses({})
  expect(Object.keys(responses)).toEqual(['200', '422'])
  expect(real.statusCode).toBe(422)
})

it('documents problem details at the configured status when the format is "problem"', async () => {
  const { document, responses, real } = await validationResponses({ errors: { format: 'problem', validationStatus: 400 } })
  expect(responses[400]).toEqual({ description: 'Validation Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ValidationProblem' } } } })
  expect(responses[422]).toBeUndefined()
  expect(document.components.schemas.ValidationProblem.properties.errors.items).toEqual({ $ref: '#/components/schemas/ValidationError' })
  // What the document says is what the app answers.
  expect(real.statusCode).toBe(400)
  expect(real.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(Object.keys(real.json())).toEqual(expect.arrayContaining(Object.keys(document.components.schemas.ValidationProblem.properties).filter((key) => key !== 'details')))
})

it("documents an undescribed JSON body for a format of the user's own", async () => {
  const { document, responses } = await validationResponses({ errors: { format: (error) => ({ body: { oops: error.status } }) } })
  expect(responses[422]).toEqual({ description: 'Validation Error', content: { 'application/json': { schema: {} } } })
  expect(document.components?.schemas?.HTTPValidationError).toBeUndefined()
})
