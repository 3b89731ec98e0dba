// Hono with @hono/zod-validator on @hono/node-server: the same routes, validation answered as
// FastAPI does (422), the chain in one middleware, response models applied by hand with zod.
import { serve } from '@hono/node-server'
import { zValidator } from '@hono/zod-validator'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Listenable } from './listenable.js'
import { STORED_ITEMS } from './shared-items.js'
import { bearerTokenOf, db, type User } from './shared-users.js'

const ItemIn = z.object({ name: z.string().min(1), price: z.number().gt(0), tags: z.array(z.string()).default([]) })
const ItemOut = z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()) })
const ListedItems = z.array(z.object({ id: z.number().int(), name: z.string(), price: z.number(), tags: z.array(z.string()) }))

// Hono answers a failed validation with a 400 and zod's error; FastAPI's answer is a 422.
function as422 (where: string) {
  return (result: { success: true } | { success: false, error: { issues: ReadonlyArray<{ code: string, path: PropertyKey[], message: string }> } }, c: Context) => {
    if (!result.success) {
      return c.json({ detail: result.error.issues.map((issue) => ({ type: issue.code, loc: [where, ...issue.path], msg: issue.message })) }, 422)
    }
    return undefined
  }
}

export async function build (): Promise<Listenable> {
  const app = new Hono<{ Variables: { user: User } }>()
  app.get('/hello', (c) => c.json({ hello: 'world' }))
  app.get('/items/:item_id',
    zValidator('param', z.object({ item_id: z.coerce.number().int() }), as422('path')),
    zValidator('query', z.object({ q: z.string().optional(), skip: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().max(100).default(10) }), as422('query')),
    (c) => {
      const { item_id: itemId } = c.req.valid('param')
      const query = c.req.valid('query')
      return c.json({ item_id: itemId, q: query.q ?? null, skip: query.skip, limit: query.limit })
    })
  app.post('/items/', zValidator('json', ItemIn, as422('body')), (c) => c.json(ItemOut.parse({ ...c.req.valid('json'), secret: 'hidden' })))
  app.get('/users/me', async (c, next) => {
    const token = bearerTokenOf(c.req.header('authorization'))
    if (token === undefined) return c.json({ detail: 'Not authenticated' }, 401, { 'WWW-Authenticate': 'Bearer' })
    const user = await db.findUserByToken(token)
    if (user === undefined) return c.json({ detail: 'Could not validate credentials' }, 401, { 'WWW-Authenticate': 'Bearer' })
    c.set('user', user)
    await next()
    return undefined
  }, (c) => c.json(c.get('user')))
  app.get('/items-list', (c) => c.json(ListedItems.parse(STORED_ITEMS)))
  return {
    listen: ({ port, host }) => new Promise((resolve) => { serve({ fetch: app.fetch, port, hostname: host }, resolve) }),
  }
}
