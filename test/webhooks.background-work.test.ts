// Providers time out and retry a slow endpoint (Stripe waits seconds, not minutes): answer
// 2xx at once and do the work after the response, in a background task or a job.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineJob, Jobs } from 'fastify-fastapi/jobs'
import { Webhook } from 'fastify-fastapi/webhooks'
import { buildApp } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'
import { untilStatus } from './helpers/jobs.js'
import { stripeEvent, stripeSignature } from './helpers/webhooks.js'

const SECRET = 'whsec_background'
const Event = z.object({ id: z.string(), type: z.string(), data: z.object({ object: z.object({ id: z.string() }) }) })

function delivery (id: string) {
  const body = JSON.stringify(stripeEvent(id))
  return { method: 'POST' as const, url: '/webhooks/stripe', payload: body, headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, SECRET) } }
}

describe('webhook work after the response', () => {
  it('answers before a background task runs, and a retry does not add the task again', async () => {
    const app = await buildApp()
    const release = deferred()
    const done: string[] = []
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET }), body: Event }, ({ body, background }) => {
      background.add(async () => {
        await release.promise
        done.push(body.data.object.id)
      })
      return { received: true }
    })
    const request = delivery('evt_bg')
    const res = await app.inject(request)
    expect(res.statusCode, res.body).toBe(200)
    expect(done).toEqual([])
    release.resolve()
    await expect.poll(() => done).toEqual(['pi_1'])
    expect((await app.inject(request)).json()).toEqual({ received: true })
    await new Promise((resolve) => setImmediate(resolve))
    expect(done).toEqual(['pi_1'])
  })

  it('hands the event to a job keyed by its id: a retry makes no second job', async () => {
    const fulfil = defineJob({ name: 'fulfil-payment', payload: z.object({ payment: z.string() }) }, ({ payload }) => ({ fulfilled: payload.payment }))
    const app = await buildApp({ jobs: { jobs: [fulfil] } })
    app.api.post('/webhooks/stripe', { webhook: Webhook({ preset: 'stripe', secret: SECRET, dedupe: false }), body: Event, status: 202, deps: { jobs: Jobs } }, async ({ body, deps }) => {
      const job = await deps.jobs.enqueue(fulfil, { payment: body.data.object.id }, { key: body.id })
      return { job: job.id }
    })
    const first = await app.inject(delivery('evt_job'))
    expect(first.statusCode, first.body).toBe(202)
    const { job } = first.json<{ job: string }>()
    const info = await untilStatus(app, job, 'succeeded')
    expect(info.result).toEqual({ fulfilled: 'pi_1' })
    // Even without the receiver's deduplication, the job's key keeps the work to one job.
    expect((await app.inject(delivery('evt_job'))).json()).toEqual({ job })
  })
})
