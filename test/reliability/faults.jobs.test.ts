import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { defineJob, Jobs, jobAccepted, type JobType } from 'fastify-fastapi/jobs'
import { exportOrders } from '../fixtures/jobs/export-job.js'
import { untilStatus } from '../helpers/jobs.js'
import { REDIS_URL, testKeyPrefix } from '../helpers/redis.js'
import { tcpProxy } from '../helpers/tcp-proxy.js'

// The faults a job queue must survive, against a real Redis (CI starts one): a worker killed
// mid-job, a graceful shutdown with jobs queued and running, Redis gone or hanging at enqueue.

const root = join(import.meta.dirname, '../..')

async function instance (jobs: JobType[], redis: string, prefix: string, workers = true): Promise<FastifyInstance> {
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapi, { jobs: { jobs, workers, bullmq: { redis, prefix, lockDurationMs: 1000 } } })
  return app
}

// A worker in a process of its own, which the test can kill; resolves once it is ready.
async function workerProcess (prefix: string): Promise<{ child: ChildProcess, lines: string[], next: (start: string) => Promise<string> }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(root, 'test/fixtures/jobs/worker.ts'), REDIS_URL, prefix], {
    cwd: root, env: { ...process.env, FFA_JOBS_KILLABLE: '1' }, stdio: ['ignore', 'pipe', 'inherit'],
  })
  onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const lines: string[] = []
  const waiting: Array<{ start: string, resolve: (line: string) => void }> = []
  let buffered = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end)
      buffered = buffered.slice(end + 1)
      lines.push(line)
      for (const waiter of waiting.filter((candidate) => line.startsWith(candidate.start))) {
        waiting.splice(waiting.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  })
  const next = (start: string) => new Promise<string>((resolve, reject) => {
    const found = lines.find((line) => line.startsWith(start))
    if (found !== undefined) return resolve(found)
    waiting.push({ start, resolve })
    child.once('exit', (code) => reject(new Error(`the worker exited (${String(code)}) before printing '${start}'`)))
  })
  await next('ready')
  return { child, lines, next }
}

describe('faults on the BullMQ backend', () => {
  it('runs again, elsewhere, a job whose worker was killed with SIGKILL mid-job: no job is lost', async () => {
    const prefix = testKeyPrefix()
    const killable = await workerProcess(prefix)
    const api = await instance([exportOrders], REDIS_URL, prefix, false)
    const { id } = await api.jobs.enqueue(exportOrders, { since: '2026-01-01' })
    expect(await killable.next('started')).toBe(`started ${id} 1`)
    expect((await api.jobs.get(id))?.status).toBe('running')

    killable.child.kill('SIGKILL')
    await new Promise((resolve) => killable.child.once('exit', resolve))
    // Its lock expires (lockDurationMs); a live worker takes the job back and runs it again.
    const survivor = await instance([exportOrders], REDIS_URL, prefix)
    await survivor.ready()
    const job = await untilStatus(api, id, 'succeeded')
    expect(job).toMatchObject({ attempts: 2, result: { since: '2026-01-01', attempt: 2 } })
  }, 30_000)

  it('loses no job in a graceful shutdown: the running one finishes, the queued ones wait in Redis for the next worker', async () => {
    const prefix = testKeyPrefix()
    const runs: number[] = []
    const resize = defineJob({ name: 'resize', payload: z.object({ n: z.number() }) }, async ({ payload }) => {
      await new Promise((resolve) => setTimeout(resolve, 100))
      runs.push(payload.n)
      return payload.n
    })
    const api = await instance([resize], REDIS_URL, prefix, false)
    const accepted = await Promise.all([0, 1, 2, 3, 4].map((n) => api.jobs.enqueue(resize, { n })))
    const first = await instance([resize], REDIS_URL, prefix)
    await first.ready()
    await expect.poll(async () => (await Promise.all(accepted.map(async (job) => (await api.jobs.get(job.id))?.status))).includes('running')).toBe(true)
    await first.close()
    const afterClose = await Promise.all(accepted.map(async (job) => (await api.jobs.get(job.id))?.status))
    expect(afterClose.filter((status) => status === 'running')).toEqual([])
    expect(afterClose.filter((status) => status === 'succeeded').length).toBeGreaterThanOrEqual(1)

    const second = await instance([resize], REDIS_URL, prefix)
    await second.ready()
    for (const job of accepted) await untilStatus(api, job.id, 'succeeded')
    expect(runs.sort()).toEqual([0, 1, 2, 3, 4])
  }, 30_000)

  it('answers 503 in the error format within a second when Redis is down at enqueue, and gives no Location', async () => {
    const prefix = testKeyPrefix()
    const proxy = await tcpProxy(6379)
    const api = await instance([exportOrders], proxy.url('redis'), prefix, false)
    api.api.post('/exports', { ...jobAccepted, body: z.object({ since: z.string() }), deps: { jobs: Jobs } }, ({ body, deps }) => deps.jobs.accept(exportOrders, body))
    expect((await api.inject({ method: 'POST', url: '/exports', payload: { since: 'a' } })).statusCode).toBe(202)

    await proxy.cut()
    const started = Date.now()
    const res = await api.inject({ method: 'POST', url: '/exports', payload: { since: 'b' } })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toEqual({ detail: 'The job queue is unavailable: try again later' })
    expect(res.headers['retry-after']).toBe('5')
    expect(res.headers.location).toBeUndefined()
  })

  it('answers 503 within a second, not a hang, when Redis stops answering', async () => {
    const prefix = testKeyPrefix()
    const proxy = await tcpProxy(6379)
    const api = await instance([exportOrders], proxy.url('redis'), prefix, false)
    api.api.post('/exports', { ...jobAccepted, body: z.object({ since: z.string() }), deps: { jobs: Jobs } }, ({ body, deps }) => deps.jobs.accept(exportOrders, body))
    await api.ready()
    proxy.freeze()
    const started = Date.now()
    const res = await api.inject({ method: 'POST', url: '/exports', payload: { since: 'c' } })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(res.statusCode, res.body).toBe(503)
    expect(res.json()).toEqual({ detail: 'The job queue is unavailable: try again later' })
  })
})
