import { APIRouter, HTTPException, Idempotency, Security } from 'fastify-fastapi'
import { z } from 'zod'
import { deleteOrder, getOrder, insertOrder, listOrders, lockItems, moveStock } from '../crud/orders.js'
import { currentActiveUser, getClock, getDb, pagination } from '../dependencies.js'
import { OutOfStockError } from '../exceptions.js'
import type { OrderLine } from '../models/order.js'
import { OrderCreate, OrderOut } from '../schemas/order.js'
import { announceOrder } from './orders-live.js'

const OrderPath = z.object({ order_id: z.int() })

// Money in cents while adding, so that 3 x 6.5 + 19.99 is 39.49, not 39.489999999999995.
function totalOf (lines: readonly OrderLine[]): number {
  const cents = lines.reduce((sum, line) => sum + Math.round(line.unit_price * 100) * line.quantity, 0)
  return cents / 100
}

/**
 * `/orders`: the current user's orders. The router-level dependency makes every route here,
 * present or future, answer 401 without a valid token (FastAPI's
 * `APIRouter(dependencies=[Depends(get_current_active_user)])`); the routes that need the user
 * declare it too, and it still runs once per request.
 */
export const router = new APIRouter({ prefix: '/orders', tags: ['orders'], dependencies: [Security(currentActiveUser, ['orders'])] })

router.get('/', {
  deps: { db: getDb, page: pagination, user: currentActiveUser },
  response: z.array(OrderOut),
  summary: 'List my orders',
}, ({ deps }) => listOrders(deps.db, deps.user.id, deps.page))

// Someone else's order answers as one that does not exist: its id tells nothing.
router.get('/{order_id}', {
  params: OrderPath,
  deps: { db: getDb, user: currentActiveUser },
  response: OrderOut,
  summary: 'Read one of my orders',
}, async ({ params, deps }) => {
  const order = await getOrder(deps.db, deps.user.id, params.order_id)
  if (order === undefined) throw new HTTPException(404, 'Order not found')
  return order
})

/**
 * A retried order (the client timed out, the connection dropped) places one order: the
 * client sends an `Idempotency-Key` (a UUID it made for this order), and a retry with it
 * gets the first 201 again instead of a second order. Optional, and per user: two users'
 * same key never meet. Kept 24 hours, in Redis when SHOP_REDIS_URL is set (a retry may reach
 * another instance).
 */
const orderKey = Idempotency({ name: 'orderKey', deps: { user: currentActiveUser } }, ({ deps }) => deps.user.id)

router.post('/', {
  body: OrderCreate,
  deps: { db: getDb, user: currentActiveUser, now: getClock, key: orderKey },
  response: OrderOut,
  status: 201,
  summary: 'Place an order',
  responseDescription: 'The order, priced; its items are out of stock now',
}, async ({ body, deps, background, request }) => {
  const { db, user } = deps
  // One item may appear on several lines: its stock is checked against their sum.
  const wanted = new Map<number, number>()
  for (const { item_id, quantity } of body.lines) wanted.set(item_id, (wanted.get(item_id) ?? 0) + quantity)
  // Locked until the transaction ends: fifty orders for the last Portal Gun queue here, and
  // each reads the stock the one before it left. Exactly one gets it.
  const items = await lockItems(db, [...wanted.keys()].sort((a, b) => a - b))
  const lines: OrderLine[] = body.lines.map(({ item_id, quantity }) => {
    const item = items.get(item_id)
    if (item === undefined) throw new HTTPException(404, `Item ${item_id} not found`)
    return { item_id, name: item.name, quantity, unit_price: item.price }
  })
  for (const [itemId, quantity] of wanted) {
    const { stock } = items.get(itemId) as { stock: number }
    if (stock < quantity) throw new OutOfStockError(itemId, quantity, stock)
  }
  for (const [itemId, quantity] of wanted) await moveStock(db, itemId, quantity)
  const order = await insertOrder(db, { user_id: user.id, total: totalOf(lines), created_at: deps.now() }, lines)
  // To the user's live sockets (/orders/live), once the order is committed.
  background.add(announceOrder, request.server, user.username, { type: 'order_created', order: { id: order.id, total: order.total, created_at: order.created_at.toISOString() } }, request.log)
  return order
})

router.delete('/{order_id}', {
  params: OrderPath,
  deps: { db: getDb, user: currentActiveUser },
  status: 204,
  summary: 'Cancel one of my orders',
}, async ({ params, deps, background, request }) => {
  const { db, user } = deps
  const order = await getOrder(db, user.id, params.order_id, true)
  if (order === undefined) throw new HTTPException(404, 'Order not found')
  // In item order, as placing an order locks them: a cancel and an order never wait for each
  // other. Items deleted since have no stock to return to: their UPDATE matches no row.
  for (const line of [...order.lines].sort((a, b) => a.item_id - b.item_id)) await moveStock(db, line.item_id, -line.quantity)
  await deleteOrder(db, order.id)
  background.add(announceOrder, request.server, user.username, { type: 'order_cancelled', order_id: order.id }, request.log)
})
