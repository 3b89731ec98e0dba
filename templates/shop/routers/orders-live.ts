import type { FastifyInstance } from 'fastify'
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

const LiveOrder = z.object({ id: z.int(), total: z.number(), created_at: z.string() })

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
 * Broadcasts the orders routes' successes to their user's room, once they are committed
 * (the orders' transaction commits before the response): a hook, so the routes stay as they are.
 */
export function pushOrderEvents (app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url
    const placed = reply.statusCode === 201 && request.method === 'POST' && route === '/orders/'
    const cancelled = reply.statusCode === 204 && request.method === 'DELETE' && route === '/orders/:order_id'
    // A replayed Idempotency-Key answers the first order again: no new event.
    if ((!placed && !cancelled) || reply.getHeader('idempotent-replayed') === 'true') return payload
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    if (token === undefined) return payload
    // An event that cannot be made or sent is logged: the order's answer goes out all the same.
    try {
      const room = roomOf(jwt.verify(token).sub)
      const event = placed
        ? { type: 'order_created', order: JSON.parse(String(payload)) as unknown }
        : { type: 'order_cancelled', order_id: Number((request.params as { order_id: string }).order_id) }
      app.websockets.broadcast(room, event).catch((error: unknown) => { request.log.error({ err: error }, 'order event not broadcast') })
    } catch (error) {
      request.log.error({ err: error }, 'order event not made')
    }
    return payload
  })
}
