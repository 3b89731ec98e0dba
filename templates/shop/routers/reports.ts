import { APIRouter, HTTPException, Response, Security } from 'fastify-fastapi'
import { defineJob, Jobs, jobAccepted } from 'fastify-fastapi/jobs'
import { z } from 'zod'
import { countOrdersSince, orderPageSince } from '../crud/orders.js'
import { currentActiveUser, getDatabase } from '../dependencies.js'

// The orders export: a job, started by POST (202 and where to follow it), followed with its
// progress at /jobs/{id} (and /jobs/{id}/events), fetched as CSV when done. FastAPI users reach
// for Celery here; this runs in the shop's process, or on BullMQ workers (SHOP_REDIS_URL).

// Orders read per query: a page's rows are held in memory at once.
const PAGE = 500

export const ExportRequest = z.object({ since: z.iso.date().describe('Orders placed from this day on (UTC), such as 2025-01-01') }).meta({ id: 'OrdersExportRequest' })
export const ExportResult = z.object({
  user_id: z.int(),
  rows: z.int(),
  csv: z.string(),
}).meta({ id: 'OrdersExport' })

/**
 * The export: reads the user's orders page by page, reports its progress, and returns the CSV.
 * Its database is the app's (`getDatabase`, app-scoped): the job shares the routes' pool, and
 * a test's override of the database reaches it too. It runs outside any request, so it does
 * not take the request's transaction (`getDb`), which has ended by then.
 */
export const exportOrders = defineJob({
  name: 'export-orders',
  payload: ExportRequest.extend({ user_id: z.int() }),
  deps: { database: getDatabase },
  result: ExportResult,
  retries: 2,
  timeoutMs: 120_000,
}, async ({ payload, deps, progress, signal }) => {
  const since = new Date(`${payload.since}T00:00:00Z`)
  const expected = await countOrdersSince(deps.database, payload.user_id, since)
  const lines = ['id,total,created_at']
  for (let after = 0; ;) {
    signal.throwIfAborted()
    const page = await orderPageSince(deps.database, payload.user_id, since, after, PAGE)
    if (page.length === 0) break
    for (const order of page) lines.push(`${order.id},${order.total.toFixed(2)},${order.created_at.toISOString()}`)
    after = (page.at(-1) as { id: number }).id
    // Orders placed while it runs are read too: 99 at most until the last page is behind it.
    await progress(Math.min(99, Math.floor(100 * (lines.length - 1) / Math.max(1, expected))), `${lines.length - 1} of ${expected} orders`)
  }
  await progress(100, 'done')
  return { user_id: payload.user_id, rows: lines.length - 1, csv: `${lines.join('\n')}\n` }
})

/** `/reports`: the current user's exports; like `/orders`, a token with the `orders` scope. */
export const router = new APIRouter({ prefix: '/reports', tags: ['reports'], dependencies: [Security(currentActiveUser, ['orders'])] })

router.post('/orders', {
  ...jobAccepted,
  body: ExportRequest,
  deps: { jobs: Jobs, user: currentActiveUser },
  summary: 'Export my orders as CSV',
  description: 'Starts the export and answers at once: follow it at the `Location` (its progress at `Location` + `/events`), then download it from `/reports/orders/{job_id}/csv`.',
}, ({ body, deps }) =>
  // Held until the request's transaction (the current user's `getDb`) has committed: sent
  // just before the 202, dropped if the request fails.
  deps.jobs.accept(exportOrders, { ...body, user_id: deps.user.id }))

router.get('/orders/{job_id}/csv', {
  params: z.object({ job_id: z.string().max(200) }),
  deps: { user: currentActiveUser },
  summary: 'Download a finished export of my orders',
  responses: { 404: { description: 'No such export of yours' }, 409: { description: 'The export has not finished' } },
}, async ({ params, deps, request }) => {
  const job = await request.server.jobs.get(exportOrders, params.job_id)
  if (job === undefined) throw new HTTPException(404, 'Export not found')
  if (job.status !== 'succeeded' || job.result === null) throw new HTTPException(409, `The export is ${job.status}`)
  // Someone else's export answers as one that does not exist, as their orders do.
  if (job.result.user_id !== deps.user.id) throw new HTTPException(404, 'Export not found')
  return new Response(job.result.csv, { mediaType: 'text/csv', headers: { 'content-disposition': 'attachment; filename="orders.csv"' } })
})
