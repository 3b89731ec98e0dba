// FastAPI's `app.webhooks`: the requests the app sends to its users, documented as OpenAPI
// 3.1 `webhooks` and never served (FastAPI's tests/test_webhooks_security.py, docs_src/openapi_webhooks).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, HTTPBearer, Security } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const Subscription = z.object({ username: z.string(), monthly_fee: z.number(), start_date: z.iso.datetime({ offset: true }) }).meta({ id: 'Subscription' })
const DESCRIPTION = "When a new user subscribes to your service we'll send you a POST request with this\ndata to the URL that you register for the event `new-subscription` in the dashboard."

describe('app.webhooks', () => {
  it('documents a webhook with a security dependency as FastAPI does, and serves nothing for it', async () => {
    const app = await buildApp()
    const bearerScheme = HTTPBearer()
    app.webhooks.post('new-subscription', { body: Subscription, deps: { token: Security(bearerScheme) } }, function new_subscription () {
      `When a new user subscribes to your service we'll send you a POST request with this
data to the URL that you register for the event \`new-subscription\` in the dashboard.`
    })
    const doc = (await app.inject('/openapi.json')).json()
    expect(doc).toEqual({
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {},
      webhooks: {
        'new-subscription': {
          post: {
            summary: 'New Subscription',
            description: DESCRIPTION,
            operationId: 'new_subscriptionnew_subscription_post',
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Subscription' } } }, required: true },
            responses: {
              200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
              422: { description: 'Validation Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } } },
            },
            security: [{ HTTPBearer: [] }],
          },
        },
      },
      // The schemas are FastAPI's own: test/docs.callbacks-webhooks.test.ts and test/docs.fastapi-tutorial.test.ts check them.
      components: {
        schemas: { HTTPValidationError: expect.any(Object), Subscription: expect.any(Object), ValidationError: expect.any(Object) },
        securitySchemes: { HTTPBearer: { type: 'http', scheme: 'bearer' } },
      },
    })
    expect((await app.inject({ method: 'POST', url: '/new-subscription', payload: {} })).statusCode).toBe(404)
  })

  it('has no webhooks key while no webhook is declared, as FastAPI', async () => {
    const app = await buildApp()
    expect(app.webhooks).toBeInstanceOf(APIRouter)
    expect(Object.keys((await app.inject('/openapi.json')).json())).toEqual(['openapi', 'info', 'paths'])
  })

  it('is the docs option\'s router when one is given (FastAPI\'s FastAPI(webhooks=router))', async () => {
    const webhooks = new APIRouter()
    const app = await buildApp({ docs: { webhooks } })
    expect(app.webhooks).toBe(webhooks)
    app.webhooks.post('cancelled-subscription', { body: z.object({ username: z.string() }) }, function cancelled_subscription () {})
    const doc = (await app.inject('/openapi.json')).json()
    expect(Object.keys(doc.webhooks)).toEqual(['cancelled-subscription'])
  })
})
