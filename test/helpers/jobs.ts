import type { FastifyInstance } from 'fastify'
import { vi } from 'vitest'
import type { JobInfo, JobResult, JobStatus, JobType } from 'fastify-fastapi/jobs'

/**
 * Polls `app.jobs.get(id)` until the job has one of `statuses` (10 s at most), and returns
 * it; typed by its job type when given first.
 */
export async function untilStatus<TJob extends JobType> (app: FastifyInstance, job: TJob, id: string, ...statuses: JobStatus[]): Promise<JobInfo<JobResult<TJob>>>
export async function untilStatus (app: FastifyInstance, id: string, ...statuses: JobStatus[]): Promise<JobInfo>
export async function untilStatus (app: FastifyInstance, first: JobType | string, ...rest: string[]): Promise<JobInfo> {
  const id = typeof first === 'string' ? first : rest.shift() as string
  const statuses = rest as JobStatus[]
  return vi.waitFor(async () => {
    const job = await app.jobs.get(id)
    if (job === undefined || !statuses.includes(job.status)) throw new Error(`job ${id} is ${job?.status ?? 'unknown'}, not ${statuses.join(' or ')}`)
    return job
  }, { timeout: 10_000, interval: 10 })
}

/** The events of a text/event-stream body: the `event:` and the JSON `data:` of each. */
export function parseEvents (text: string): Array<{ event: string, data: Record<string, unknown> }> {
  return text.split('\n\n').filter((block) => block.includes('data:')).map((block) => {
    const lines = block.split('\n')
    return {
      event: lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '',
      data: JSON.parse(lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n')) as Record<string, unknown>,
    }
  })
}

/** Reads a streamed body until `until` holds of the text so far (or the stream ends); returns the text. */
export async function readUntil (reader: ReadableStreamDefaultReader<Uint8Array>, text: string, until: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder()
  while (!until(text)) {
    const chunk = await reader.read()
    if (chunk.done) break
    text += decoder.decode(chunk.value)
  }
  return text
}
