// FastAPI's "OpenAPI Callbacks" and "OpenAPI Webhooks": requests the API makes to its users,
// documented from routes that are never served.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const VALIDATION_ERROR = {
  description: 'Validation Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
}

describe('callbacks', () => {
  const Invoice = z.object({ id: z.string(), title: z.string().nullable().default(null), customer: z.string(), total: z.number() }).meta({ id: 'Invoice' })
  const InvoiceEvent = z.object({ description: z.string(), paid: z.boolean() }).meta({ id: 'InvoiceEvent' })
  const InvoiceEventReceived = z.object({ ok: z.boolean() }).meta({ id: 'InvoiceEventReceived' })

  const invoicesCallbackRouter = new APIRouter()
  invoicesCallbackRouter.post('{$callback_url}/invoices/{$request.body.id}', { body: InvoiceEvent, response: InvoiceEventReceived }, function invoice_notification () {
    return { ok: true }
  })

  async function invoicesApp () {
    const app = await buildApp()
    app.api.post('/invoices/', {
      query: z.object({ callback_url: z.httpUrl().max(2083).nullable().default(null) }),
      body: Invoice,
      callbacks: invoicesCallbackRouter,
    }, function create_invoice () {
      return { msg: 'Invoice received' }
    })
    return app
  }

  it('serves the route, not its callbacks', async () => {
    const app = await invoicesApp()
    const res = await app.inject({ method: 'POST', url: '/invoices/', payload: { id: 'fooinvoice', customer: 'John', total: 5.3 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ msg: 'Invoice received' })
    expect((await app.inject({ method: 'POST', url: '/invoices/fooinvoice' })).statusCode).toBe(404)
  })

  it('documents each callback under its name and its runtime-expression path', async () => {
    const app = await invoicesApp()
    const doc = (await app.inject('/openapi.json')).json()
    expect(doc.paths['/invoices/'].post.callbacks).toEqual({
      invoice_notification: {
        '{$callback_url}/invoices/{$request.body.id}': {
          post: {
            summary: 'Invoice Notification',
            operationId: 'invoice_notification__callback_url__invoices___request_body_id__post',
            requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/InvoiceEvent' } } } },
            responses: {
              200: { description: 'Successful Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/InvoiceEventReceived' } } } },
              422: VALIDATION_ERROR,
            },
          },
        },
      },
    })
    expect(Object.keys(doc.paths)).toEqual(['/invoices/'])
    expect(doc.components.schemas.InvoiceEventReceived).toEqual({
      properties: { ok: { type: 'boolean', title: 'Ok' } }, type: 'object', required: ['ok'], title: 'InvoiceEventReceived',
    })
  })

  it('refuses callbacks that are no router, at registration', async () => {
    const app = await buildApp()
    expect(() => app.api.post('/invoices/', { callbacks: {} as APIRouter }, () => null)).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID' }))
  })
})

describe('webhooks', () => {
  const Subscription = z.object({ username: z.string(), monthly_fee: z.number(), start_date: z.iso.datetime({ offset: true }) }).meta({ id: 'Subscription' })

  it('documents the app\'s webhooks by name, beside its paths', async () => {
    const webhooks = new APIRouter()
    webhooks.post('new-subscription', { body: Subscription }, function new_subscription () {
      `When a new user subscribes to your service we'll send you a POST request with this
data to the URL that you register for the event \`new-subscription\` in the dashboard.`
    })
    const app = await buildApp({ docs: { webhooks } })
    app.api.get('/users/', function read_users () { return ['Rick', 'Morty'] })

    const res = await app.inject('/users/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual(['Rick', 'Morty'])
    const doc = (await app.inject('/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(['/users/'])
    expect(doc.webhooks).toEqual({
      'new-subscription': {
        post: {
          summary: 'New Subscription',
          description: "When a new user subscribes to your service we'll send you a POST request with this\ndata to the URL that you register for the event `new-subscription` in the dashboard.",
          operationId: 'new_subscriptionnew_subscription_post',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Subscription' } } }, required: true },
          responses: {
            200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
            422: VALIDATION_ERROR,
          },
        },
      },
    })
    expect(doc.components.schemas.Subscription).toEqual({
      properties: {
        username: { type: 'string', title: 'Username' },
        monthly_fee: { type: 'number', title: 'Monthly Fee' },
        start_date: { type: 'string', format: 'date-time', title: 'Start Date' },
      },
      type: 'object',
      required: ['username', 'monthly_fee', 'start_date'],
      title: 'Subscription',
    })
  })

  it('refuses webhooks that are no router', async () => {
    await expect(buildApp({ docs: { webhooks: [] as unknown as APIRouter } })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID' })
  })
})
