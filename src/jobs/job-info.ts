import { z } from 'zod'

/**
 * Where a job is: `queued` (waiting for a worker, or for its next attempt), `running`,
 * `succeeded`, `failed` (the dead-letter state: every attempt failed, or it can never
 * succeed; kept until retried or expired) or `cancelled`.
 */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled']

/** Whether a job is done for good: nothing changes it any more (but a retry of a failed one). */
export function isFinished (status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled'
}

export interface JobProgress {
  /** 0 to 100. */
  percent: number
  message: string | null
}

/** A job as `GET /jobs/{id}` answers it and `app.jobs.get(id)` returns it. */
export interface JobInfo<TResult = unknown> {
  id: string
  /** The job type's name. */
  name: string
  status: JobStatus
  progress: JobProgress
  /** Attempts started so far (a worker killed mid-job counts one). */
  attempts: number
  maxAttempts: number
  /** The handler's value, once `succeeded`; `null` before. */
  result: TResult | null
  /** Why it failed or was cancelled; while it waits for a retry, why the last attempt failed; `null` otherwise. */
  error: string | null
  /** ISO 8601 times. */
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

/** The answer of a route that accepted a job: 202, `Location: /jobs/{id}`. */
export interface JobAccepted {
  id: string
  status: JobStatus
  /** Where to follow it: `GET` for its status, `/events` below it for its progress as server-sent events. */
  location: string | null
}

const JobProgressModel = z.object({
  percent: z.number().min(0).max(100),
  message: z.string().nullable(),
}).meta({ id: 'JobProgress' })

/** The documented model of `GET /jobs/{id}`; `result` is any JSON, or one of the job types' `result` models. */
export function jobInfoModel (result: z.core.$ZodType = z.unknown()): z.core.$ZodType<JobInfo> {
  return z.object({
    id: z.string(),
    name: z.string(),
    status: z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]]),
    progress: JobProgressModel,
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    result: z.nullable(result),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  }).meta({ id: 'JobInfo' }) as unknown as z.core.$ZodType<JobInfo>
}

/** The documented model of a `202 Accepted` answer. */
export const JobAcceptedModel = z.object({
  id: z.string(),
  status: z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]]),
  location: z.string().nullable(),
}).meta({ id: 'JobAccepted' })
