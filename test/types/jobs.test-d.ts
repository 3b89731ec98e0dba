// Type tests for jobs: checked by `tsc` in `npm test`. A job type carries its payload's and
// its result's types from `defineJob` to `enqueue`, `get` and the handler's context.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { Depends, fastapi } from 'fastify-fastapi'
import { CpuPool, defineJob, Jobs, jobAccepted, type JobAccepted, type JobInfo, type PayloadInput, type JobResult } from 'fastify-fastapi/jobs'
import type { burn as Burn } from '../fixtures/cpu/tasks.js'

const getDb = Depends(async function * () { yield { orders: (since: string) => [since] } })

const exportOrders = defineJob({
  name: 'export-orders',
  payload: z.object({ since: z.string(), limit: z.coerce.number().default(100) }),
  deps: { db: getDb },
}, async ({ id, payload, deps, progress, signal, attempt }) => {
  expectTypeOf(id).toEqualTypeOf<string>()
  // The payload as the schema outputs it: the default filled in, the coercion done.
  expectTypeOf(payload).toEqualTypeOf<{ since: string, limit: number }>()
  expectTypeOf(deps.db.orders).toEqualTypeOf<(since: string) => string[]>()
  expectTypeOf(progress).toEqualTypeOf<(percent: number, message?: string) => Promise<void>>()
  expectTypeOf(signal).toEqualTypeOf<AbortSignal>()
  expectTypeOf(attempt).toEqualTypeOf<number>()
  // @ts-expect-error  'until' is not in the payload
  void payload.until
  // @ts-expect-error  no dependency is named 'cache'
  void deps.cache
  return { rows: deps.db.orders(payload.since).length }
})

// What enqueue takes is the schema's input (the default is optional); what get returns is the handler's result.
expectTypeOf<PayloadInput<typeof exportOrders>>().toEqualTypeOf<{ since: string, limit?: unknown }>()
expectTypeOf<JobResult<typeof exportOrders>>().toEqualTypeOf<{ rows: number }>()

// @ts-expect-error  'qurey' is not an option of defineJob
defineJob({ name: 'typo', payload: z.object({}), qurey: 1 }, () => null)

const app = Fastify()
await app.register(fastapi, { jobs: { jobs: [exportOrders] } })

const accepted = await app.jobs.enqueue(exportOrders, { since: '2026-01-01' })
expectTypeOf(accepted).toEqualTypeOf<JobAccepted>()
// @ts-expect-error  the payload needs 'since'
await app.jobs.enqueue(exportOrders, { limit: 5 })
// @ts-expect-error  'since' is a string
await app.jobs.enqueue(exportOrders, { since: 2026 })

const typed = await app.jobs.get(exportOrders, accepted.id)
expectTypeOf(typed).toEqualTypeOf<JobInfo<{ rows: number }> | undefined>()
expectTypeOf(typed?.result).toEqualTypeOf<{ rows: number } | null | undefined>()
expectTypeOf(await app.jobs.get(accepted.id)).toEqualTypeOf<JobInfo | undefined>()

app.api.post('/reports', { ...jobAccepted, body: z.object({ since: z.string() }), deps: { jobs: Jobs } }, async ({ body, deps }) => {
  // @ts-expect-error  the payload needs 'since'
  await deps.jobs.enqueue(exportOrders, {})
  return deps.jobs.accept(exportOrders, body)
})

// A CPU task is typed as its function: its argument, and a promise of its result.
const burn = new CpuPool().task<typeof Burn>(new URL('../fixtures/cpu/tasks.ts', import.meta.url), 'burn')
expectTypeOf(burn).parameter(0).toEqualTypeOf<{ ms: number }>()
expectTypeOf(burn).returns.toEqualTypeOf<Promise<{ loops: number }>>()
// @ts-expect-error  ms is a number
void burn({ ms: '5' })
