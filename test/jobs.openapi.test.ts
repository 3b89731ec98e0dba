import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineJob, Jobs, jobAccepted } from 'fastify-fastapi/jobs'
import { buildApp } from './helpers/app.js'

// The job routes and a route that accepts a job, in /openapi.json: a client generated from
// the document can start a job, read it, cancel it and follow it.

describe('jobs in the OpenAPI document', () => {
  it('documents the 202 with its Location, the job routes with their statuses and the job model with the types\' results', async () => {
    const exportOrders = defineJob({ name: 'export-orders', payload: z.object({ since: z.string() }), result: z.object({ rows: z.number() }) }, () => ({ rows: 1 }))
    const app = await buildApp({ jobs: { jobs: [exportOrders], routes: { prefix: '/tasks', tags: ['tasks'] } } })
    app.api.post('/reports', { ...jobAccepted, body: z.object({ since: z.string() }), deps: { jobs: Jobs } }, ({ body, deps }) => deps.jobs.accept(exportOrders, body))
    const doc = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { tags?: string[], responses: Record<string, Record<string, unknown>> }>>, components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>()

    expect(Object.keys(doc.paths).sort()).toEqual(['/reports', '/tasks/{job_id}', '/tasks/{job_id}/cancel', '/tasks/{job_id}/events'])
    expect(doc.paths['/reports']?.post?.responses['202']).toEqual({
      description: 'Accepted: the job is queued. Follow it at the `Location` header\'s URL, and its progress at that URL + `/events`.',
      headers: { Location: { description: 'Where to read the job (`GET`), and to follow it (`/events` below it)', schema: { type: 'string' } } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/JobAccepted' } } },
    })
    const read = doc.paths['/tasks/{job_id}']?.get
    expect(read?.tags).toEqual(['tasks'])
    expect(Object.keys(read?.responses ?? {})).toEqual(['200', '404', '422'])
    expect(read?.responses['200']?.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/JobInfo' } } })
    expect(Object.keys(doc.paths['/tasks/{job_id}/cancel']?.post?.responses ?? {})).toEqual(['200', '202', '404', '409', '422'])
    expect(Object.keys(doc.paths['/tasks/{job_id}/events']?.get?.responses['200']?.content as object)).toEqual(['text/event-stream'])

    const info = doc.components.schemas.JobInfo
    expect(Object.keys(info?.properties ?? {})).toEqual(['id', 'name', 'status', 'progress', 'attempts', 'maxAttempts', 'result', 'error', 'createdAt', 'startedAt', 'finishedAt'])
    expect(info?.properties.status).toMatchObject({ enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] })
    expect(info?.properties.result).toMatchObject({ anyOf: [{ type: 'object', properties: { rows: { type: 'number' } } }, { type: 'null' }] })
  })

  it('leaves the job routes out of the document, and out of the app, with routes: false', async () => {
    const noop = defineJob({ name: 'noop', payload: z.object({}) }, () => null)
    const app = await buildApp({ jobs: { jobs: [noop], routes: false } })
    const doc = (await app.inject({ url: '/openapi.json' })).json<{ paths?: Record<string, unknown> }>()
    expect(Object.keys(doc.paths ?? {})).toEqual([])
    expect((await app.inject({ url: '/jobs/x' })).statusCode).toBe(404)
  })
})
