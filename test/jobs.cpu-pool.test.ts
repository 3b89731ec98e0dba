import { describe, expect, expectTypeOf, it, onTestFinished } from 'vitest'
import { Depends } from 'fastify-fastapi'
import { z } from 'zod'
import { defineJob, CpuPool } from 'fastify-fastapi/jobs'
import type { burn as Burn, fail as Fail } from './fixtures/cpu/tasks.js'
import { burn as burnHere } from './fixtures/cpu/tasks.js'
import { buildApp } from './helpers/app.js'
import { untilStatus } from './helpers/jobs.js'

// FastAPI runs a `def` endpoint in a threadpool, so CPU-bound work does not stop the other
// requests. In Node it would: CpuPool runs such a function on worker threads instead.

const TASKS = new URL('./fixtures/cpu/tasks.ts', import.meta.url)

function pool (): CpuPool {
  const created = new CpuPool({ maxThreads: 1 })
  onTestFinished(() => created.close())
  return created
}

// Sends the heavy request, then the cheap one once the heavy one is being handled, and says
// which answered first.
async function raceCheapAgainstHeavy (address: string, heavy: string): Promise<string[]> {
  const order: string[] = []
  const heavyDone = fetch(`${address}${heavy}`).then(async (res) => { expect(res.status).toBe(200); order.push('heavy') })
  await new Promise((resolve) => setTimeout(resolve, 50))
  const cheapDone = fetch(`${address}/cheap`).then(async (res) => { expect(await res.text()).toBe('"ok"'); order.push('cheap') })
  await Promise.all([heavyDone, cheapDone])
  return order
}

describe('CPU-bound work on a pool of worker threads', () => {
  it('lets a cheap request answer while a CPU-heavy route works, where the same work inline makes it wait', async () => {
    const burn = pool().task<typeof Burn>(TASKS, 'burn')
    const app = await buildApp()
    app.api.get('/inline', () => burnHere({ ms: 600 }))
    app.api.get('/pooled', () => burn({ ms: 600 }))
    app.api.get('/cheap', () => 'ok')
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    // The thread starts with the first task.
    expect((await burn({ ms: 1 })).loops).toBeGreaterThan(0)

    expect(await raceCheapAgainstHeavy(address, '/inline')).toEqual(['heavy', 'cheap'])
    expect(await raceCheapAgainstHeavy(address, '/pooled')).toEqual(['cheap', 'heavy'])
  }, 20_000)

  it('answers an HTTP error the task threw with its status, and any other error as a 500', async () => {
    const fail = pool().task<typeof Fail>(TASKS, 'fail')
    const app = await buildApp()
    app.api.get('/digest', { query: z.object({ http: z.stringbool() }) }, async ({ query }) => fail({ http: query.http }))
    const notFound = await app.inject({ url: '/digest?http=true' })
    expect(notFound.statusCode, notFound.body).toBe(404)
    expect(notFound.json()).toEqual({ detail: 'No such digest' })
    const crashed = await app.inject({ url: '/digest?http=false' })
    expect(crashed.statusCode, crashed.body).toBe(500)
    expect(crashed.json()).toEqual({ detail: 'Internal Server Error' })
    await expect(fail({ http: false })).rejects.toMatchObject({ name: 'RangeError', message: 'rounds out of range' })
  })

  it('runs from a job and from a dependency alike, typed as the function', async () => {
    const burn = pool().task<typeof Burn>(TASKS, 'burn')
    const crunch = defineJob({ name: 'crunch', payload: z.object({ ms: z.number() }) }, ({ payload }) => burn({ ms: payload.ms }))
    const work = Depends({ query: z.object({ ms: z.coerce.number() }) }, ({ query }) => burn({ ms: query.ms }))
    const app = await buildApp({ jobs: { jobs: [crunch] } })
    app.api.get('/work', { deps: { work } }, ({ deps }) => {
      expectTypeOf(deps.work).toEqualTypeOf<{ loops: number }>()
      return { busy: deps.work.loops > 0 }
    })
    expect((await app.inject({ url: '/work?ms=5' })).json()).toEqual({ busy: true })
    const { id } = await app.jobs.enqueue(crunch, { ms: 5 })
    const job = await untilStatus(app, crunch, id, 'succeeded')
    expectTypeOf(job.result).toEqualTypeOf<{ loops: number } | null>()
    expect(job.result?.loops).toBeGreaterThan(0)
  })

  it('answers 503 when more tasks wait than maxQueue allows', async () => {
    const small = new CpuPool({ maxThreads: 1, maxQueue: 1 })
    onTestFinished(() => small.close())
    const burn = small.task<typeof Burn>(TASKS, 'burn')
    await burn({ ms: 1 })
    const outcomes = await Promise.allSettled([burn({ ms: 200 }), burn({ ms: 1 }), burn({ ms: 1 }), burn({ ms: 1 })])
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome as PromiseRejectedResult).reason as { status: number, detail: string })
    expect(refused.length).toBeGreaterThan(0)
    expect(refused[0]).toMatchObject({ status: 503, detail: 'The server is too busy: try again later' })
    expect(outcomes[0]?.status).toBe('fulfilled')
  })

  it('refuses a module that is not a file URL, and options out of range, with coded errors', () => {
    expect(() => pool().task('./tasks.js', 'burn')).toThrow(expect.objectContaining({ code: 'FFA_ERR_CPU_TASK_INVALID' }))
    expect(() => new CpuPool({ maxThreads: 0 })).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message: "CpuPool: option 'maxThreads' must be an integer of at least 1, like 2; got number 0" }))
  })
})
