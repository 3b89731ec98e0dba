import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { APIRouter, Depends, HTTPException, Security } from 'fastify-fastapi'
import { z } from 'zod'
import { getUserByUsername } from '../crud/users.js'
import { getDatabase } from '../dependencies.js'
import { jwt } from '../security.js'

// `/orders/live`: a websocket that pushes the current user's order events (placed,
// cancelled) as they happen, on every instance of the shop when SHOP_REDIS_URL is set.

/**
 * The access token of a websocket: `Authorization: Bearer ...` from a client that can set
 * headers, else `?token=...`, as a browser's `new WebSocket(url)` sends no header.
 */
const liveToken = Depends({
  query: z.object({ token: z.string().optional() }),
  headers: z.object({ authorization: z.string().optional() }),
}, function liveToken ({ query, headers }) {
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1]
  return bearer ?? query.token ?? null
})

/**
 * The user the token belongs to, if active. Read outside any transaction: a websocket lives
 * for minutes, and `getDb`'s transaction would stay open as long.
 */
export const liveUser = Depends({ deps: { claims: jwt.claims(liveToken), database: getDatabase } }, async function liveUser ({ deps }) {
  const user = deps.claims === null ? undefined : await getUserByUsername(deps.database, deps.claims.sub)
  if (user === undefined || user.disabled) throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
  return user
})

// Plain JSON values: a broadcast reaches the other instances as JSON through Redis.
const LiveOrder = z.object({ id: z.int(), total: z.number(), created_at: z.iso.datetime() })

/** What the channel sends. */
export const OrderEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribed'), username: z.string() }),
  z.object({ type: z.literal('order_created'), order: LiveOrder }),
  z.object({ type: z.literal('order_cancelled'), order_id: z.int() }),
]).meta({ id: 'OrderEvent' })

const roomOf = (username: string): string => `orders:${username}`

export const ordersLiveRouter = new APIRouter({ prefix: '/orders', tags: ['orders'] })

ordersLiveRouter.websocket('/live', {
  deps: { user: Security(liveUser, ['orders']) },
  outgoing: OrderEvent,
  summary: 'My orders, live',
  description: 'Pushes `order_created` and `order_cancelled` for the token\'s user. Token in `Authorization: Bearer`, or `?token=` from a browser.',
}, async function orders_live ({ deps, socket }) {
  await socket.join(roomOf(deps.user.username))
  socket.send({ type: 'subscribed', username: deps.user.username })
})

/**
 * Pushes an order event to its user's sockets, on every instance (Redis) — from the orders
 * routes, as a background task: it runs after the answer, so after the order's commit, and
 * never for a replayed Idempotency-Key (the route does not run). Logged if it cannot be sent.
 */
export async function announceOrder (app: FastifyInstance, username: string, event: z.input<typeof OrderEvent>, log: FastifyBaseLogger): Promise<void> {
  try {
    await app.websockets.broadcast(roomOf(username), event)
  } catch (error) {
    log.error({ err: error }, 'order event not broadcast')
  }
}
