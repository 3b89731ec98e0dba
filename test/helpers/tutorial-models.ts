// Models of FastAPI's tutorial, as the README maps them, shared by the tests that port it.
import { z } from 'zod'

/** "Request Body": `name: str`, `description: str | None = None`, `price: float`, `tax: float | None = None`. */
export const Item = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().nullable().default(null),
}).meta({ id: 'Item' })

/** "Response Model": the item with real defaults, `tax: float = 10.5`, `tags: list[str] = []`. */
export const ResponseItem = z.object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().default(10.5),
  tags: z.array(z.string()).default([]),
}).meta({ id: 'Item' })
