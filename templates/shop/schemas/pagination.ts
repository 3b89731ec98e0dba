import { z } from 'zod'

/**
 * `?skip=0&limit=10`, bounded (FastAPI's `skip: int = 0, limit: int = Query(10, ge=1, le=100)`).
 * Every list route reads it through the `pagination` dependency (dependencies.ts), and the
 * crud functions turn it into OFFSET and LIMIT.
 */
export const Pagination = z.object({
  skip: z.int().min(0).default(0),
  limit: z.int().min(1).max(100).default(10),
})

export type Pagination = z.output<typeof Pagination>
