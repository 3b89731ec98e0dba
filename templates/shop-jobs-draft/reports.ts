// DRAFT for templates/shop (issue 21), kept apart while the shop moves to a database
// (issue 20): the shop's orders export as a job, started by POST, followed with progress,
// fetched when done. After both land, the lead moves this to templates/shop/routers/reports.ts,
// swaps `orderRows` for a query on the shop's database (the Kysely `db`), adds `exportOrders`
// to the app's `jobs: { jobs: [...] }` and includes `router`; see README.md beside this file.
import { APIRouter, Depends, HTTPException, Response } from 'fastify-fastapi'
import { defineJob, Jobs, jobAccepted } from 'fastify-fastapi/jobs'
import { z } from 'zod'

/** One order as the export reads it. */
export interface OrderRow { id: number, user_id: number, total: number, created_at: string }

/** What the export reads: how many orders a user has since a day, and a page of them after an id. */
export interface OrderSource {
  count (userId: number, since: string): Promise<number>
  page (userId: number, since: string, afterId: number, limit: number): Promise<OrderRow[]>
}

/**
 * The draft's stand-in for the shop's database (an app-scoped pool in the shop, so the job
 * shares it with the routes). Tests override it with `app.dependencyOverrides.set(orderRows, ...)`.
 */
export const orderRows = Depends({ scope: 'app' }, function orderRows (): OrderSource {
  return { count: async () => 0, page: async () => [] }
})

const PAGE = 500

export const ExportRequest = z.object({ since: z.iso.date().describe('Orders from this day on') })
export const ExportResult = z.object({ rows: z.int(), csv: z.string() }).meta({ id: 'OrdersExport' })

/** The export: reads the user's orders page by page, reports its progress, and returns the CSV. */
export const exportOrders = defineJob({
  name: 'export-orders',
  payload: ExportRequest.extend({ user_id: z.int() }),
  deps: { orders: orderRows },
  result: ExportResult,
  retries: 2,
  timeoutMs: 120_000,
}, async ({ payload, deps, progress, signal }) => {
  const expected = await deps.orders.count(payload.user_id, payload.since)
  const lines = ['id,total,created_at']
  for (let after = 0; ;) {
    signal.throwIfAborted()
    const page = await deps.orders.page(payload.user_id, payload.since, after, PAGE)
    if (page.length === 0) break
    for (const order of page) lines.push(`${order.id},${order.total.toFixed(2)},${order.created_at}`)
    after = (page.at(-1) as OrderRow).id
    await progress(Math.min(99, Math.floor(100 * (lines.length - 1) / Math.max(1, expected))), `${lines.length - 1} of ${expected} orders`)
  }
  await progress(100, 'done')
  return { rows: lines.length - 1, csv: `${lines.join('\n')}\n` }
})

/**
 * `/reports`: in the shop, behind `Security(currentActiveUser, ['orders'])` like `/orders`,
 * with `user_id` from the current user. The draft reads it from a header to stay alone.
 */
export const router = new APIRouter({ prefix: '/reports', tags: ['reports'] })

router.post('/orders', {
  ...jobAccepted,
  body: ExportRequest,
  headers: z.object({ x_user_id: z.coerce.number().int() }),
  deps: { jobs: Jobs },
  summary: 'Export my orders as CSV',
}, ({ body, headers, deps }) =>
  // One export per user and day: asking twice follows the same job.
  deps.jobs.accept(exportOrders, { ...body, user_id: headers.x_user_id }, { key: `${headers.x_user_id}:${body.since}` }))

router.get('/orders/{job_id}/csv', {
  params: z.object({ job_id: z.string() }),
  summary: 'Download a finished export',
  responses: { 404: { description: 'No such export' }, 409: { description: 'The export has not finished' } },
}, async ({ params, request }) => {
  const job = await request.server.jobs.get(exportOrders, params.job_id)
  if (job === undefined) throw new HTTPException(404, 'Export not found')
  if (job.status !== 'succeeded' || job.result === null) throw new HTTPException(409, `The export is ${job.status}`)
  return new Response(job.result.csv, { mediaType: 'text/csv', headers: { 'content-disposition': 'attachment; filename="orders.csv"' } })
})
