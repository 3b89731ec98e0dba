import { describe, expect, it } from 'vitest'
import { backoffDelay, JobCancelledError, PermanentJobError, type Attempt, type NewJob } from '../src/jobs/backend.js'
import type { JobInfo } from '../src/jobs/job-info.js'
import { MemoryBackend } from '../src/jobs/memory-backend.js'
import { UnitOfWork } from '../src/shared/unit-of-work.js'

// The in-process backend and the unit of work alone, without Fastify: the core under the plugin.

const retention = { finishedMs: 60_000, failedMs: 60_000, count: 100 }
const job = (id: string, maxAttempts = 1): NewJob => ({ id, name: 'work', payload: { id }, maxAttempts, backoff: { type: 'fixed', delayMs: 0 } })
const silent = { error: () => undefined } as never

describe('the in-process backend', () => {
  it('runs jobs in the order they came, `concurrency` at a time, and tells watchers each change', async () => {
    const backend = new MemoryBackend(retention)
    const order: string[] = []
    let running = 0
    let most = 0
    backend.work(async (attempt: Attempt) => {
      running++
      most = Math.max(most, running)
      order.push(attempt.id)
      await attempt.progress(50, 'half')
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
      return attempt.id.toUpperCase()
    }, 2)
    const changes: Array<Pick<JobInfo, 'status' | 'progress'>> = []
    await backend.watch('a', (info) => changes.push({ status: info.status, progress: info.progress }))
    for (const id of ['a', 'b', 'c', 'd']) await backend.add(job(id))
    await backend.close(1000, silent)
    expect(order).toEqual(['a', 'b', 'c', 'd'])
    expect(most).toBe(2)
    expect(await backend.get('d')).toMatchObject({ status: 'succeeded', result: 'D', attempts: 1 })
    expect(changes).toEqual([
      { status: 'running', progress: { percent: 0, message: null } },
      { status: 'running', progress: { percent: 50, message: 'half' } },
      { status: 'succeeded', progress: { percent: 50, message: 'half' } },
    ])
  })

  it('stores one job per id, retries until maxAttempts, and never retries a permanent error or a cancel', async () => {
    const backend = new MemoryBackend(retention)
    const attempts = new Map<string, number>()
    backend.work(async (attempt) => {
      attempts.set(attempt.id, attempt.attempt)
      if (attempt.id === 'permanent') throw new PermanentJobError('never')
      if (attempt.id === 'cancelled') throw new JobCancelledError()
      throw new Error(`failed ${attempt.attempt}`)
    }, 1)
    await backend.add(job('flaky', 3))
    await backend.add(job('flaky', 3))
    await backend.add(job('permanent', 3))
    await backend.add(job('cancelled', 3))
    await backend.close(1000, silent)
    expect(Object.fromEntries(attempts)).toEqual({ flaky: 3, permanent: 1, cancelled: 1 })
    expect(await backend.get('flaky')).toMatchObject({ status: 'failed', error: 'failed 3' })
    expect(await backend.get('cancelled')).toMatchObject({ status: 'cancelled' })
    expect((await backend.deadLetters(10)).map((info) => info.id)).toEqual(['permanent', 'flaky'])
  })

  it('keeps at most `count` finished jobs, dropping the oldest first', async () => {
    const backend = new MemoryBackend({ ...retention, count: 2 })
    backend.work(async () => null, 1)
    for (const id of ['1', '2', '3']) await backend.add(job(id))
    await backend.close(1000, silent)
    await backend.add(job('4'))
    expect(await backend.get('1')).toBeUndefined()
    expect(await backend.get('2')).toMatchObject({ status: 'succeeded' })
  })

  it('waits `delayMs` between attempts, doubled each time when exponential', () => {
    expect([1, 2, 3].map((attempt) => backoffDelay({ type: 'exponential', delayMs: 100 }, attempt))).toEqual([100, 200, 400])
    expect([1, 2, 3].map((attempt) => backoffDelay({ type: 'fixed', delayMs: 100 }, attempt))).toEqual([100, 100, 100])
  })
})

describe('a unit of work', () => {
  it('runs what waits for its commit once committed, in order, after a failure too, and throws the first error', async () => {
    const work = new UnitOfWork()
    const ran: string[] = []
    await work.afterCommit(async () => { ran.push('a') })
    await work.afterCommit(async () => { throw new Error('queue down') })
    await work.afterCommit(async () => { ran.push('c') })
    expect(ran).toEqual([])
    await expect(work.committed()).rejects.toThrow('queue down')
    expect(ran).toEqual(['a', 'c'])
    await work.afterCommit(async () => { ran.push('late') })
    expect(ran).toEqual(['a', 'c', 'late'])
  })

  it('drops what waits when it rolls back, and what comes after', async () => {
    const work = new UnitOfWork()
    const ran: string[] = []
    await work.afterCommit(async () => { ran.push('a') })
    work.rolledBack()
    await work.afterCommit(async () => { ran.push('b') })
    expect(work.state).toBe('rolledBack')
    expect(ran).toEqual([])
  })
})
