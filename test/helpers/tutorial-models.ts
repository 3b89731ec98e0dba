// Models of FastAPI's tutorial, as the README maps them, shared by the tests that port it.
import { z } from 'zod'

/** "Request Body": `name: str`, `description: str | None = None`, `price: float`, `tax: float | None = None`. */
export const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().nullable().default(null),
}).meta({ id: 'Item' })
