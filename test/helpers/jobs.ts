import type { FastifyInstance } from 'fastify'
import { vi } from 'vitest'
import type { JobInfo, JobStatus } from 'fastify-fastapi/jobs'

/** Polls `app.jobs.get(id)` until the job has one of `statuses` (10 s at most), and returns it. */
export async function untilStatus (app: FastifyInstance, id: string, ...statuses: JobStatus[]): Promise<JobInfo> {
  return vi.waitFor(async () => {
    const job = await app.jobs.get(id)
    if (job === undefined || !statuses.includes(job.status)) throw new Error(`job ${id} is ${job?.status ?? 'unknown'}, not ${statuses.join(' or ')}`)
    return job
  }, { timeout: 10_000, interval: 10 })
}
