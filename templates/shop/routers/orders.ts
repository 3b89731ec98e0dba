import { APIRouter, HTTPException, Security } from 'fastify-fastapi'
import { z } from 'zod'
import { currentActiveUser, getDb, pagination } from '../dependencies.js'
import { OutOfStockError } from '../exceptions.js'
import type { Item } from '../models/item.js'
import type { Order, OrderLine } from '../models/order.js'
import type { User } from '../models/user.js'
import { OrderCreate, OrderOut } from '../schemas/order.js'
import { paginate } from '../schemas/pagination.js'
import type { Session } from '../session.js'

const OrderPath = z.object({ order_id: z.int() })

// Money in cents while adding, so that 3 x 6.5 + 19.99 is 39.49, not 39.489999999999995.
function totalOf (lines: OrderLine[]): number {
  const cents = lines.reduce((sum, line) => sum + Math.round(line.unit_price * 100) * line.quantity, 0)
  return cents / 100
}

// Someone else's order answers as one that does not exist: its id tells nothing.
function getOrderOr404 (db: Session, user: Readonly<User>, orderId: number): Readonly<Order> {
  const order = db.orders.get(orderId)
  if (order === undefined || order.user_id !== user.id) throw new HTTPException(404, 'Order not found')
  return order
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
}, ({ deps }) => {
  const mine = [...deps.db.orders.values()].filter((order) => order.user_id === deps.user.id)
  return paginate(mine, deps.page)
})

router.get('/{order_id}', {
  params: OrderPath,
  deps: { db: getDb, user: currentActiveUser },
  response: OrderOut,
  summary: 'Read one of my orders',
}, ({ params, deps }) => getOrderOr404(deps.db, deps.user, params.order_id))

router.post('/', {
  body: OrderCreate,
  deps: { db: getDb, user: currentActiveUser },
  response: OrderOut,
  status: 201,
  summary: 'Place an order',
  responseDescription: 'The order, priced; its items are out of stock now',
}, ({ body, deps }) => {
  const { db, user } = deps
  const lines: OrderLine[] = []
  // One item may appear on several lines: its stock is checked against their sum.
  const wanted = new Map<Readonly<Item>, number>()
  for (const { item_id, quantity } of body.lines) {
    const item = db.items.get(item_id)
    if (item === undefined) throw new HTTPException(404, `Item ${item_id} not found`)
    lines.push({ item_id, name: item.name, quantity, unit_price: item.price })
    wanted.set(item, (wanted.get(item) ?? 0) + quantity)
  }
  // Stock moves item by item, in the session. An item short of stock throws after earlier
  // ones moved: getDb's rollback puts them back before the 409 goes out. All or nothing.
  for (const [item, quantity] of wanted) {
    if (item.stock < quantity) throw new OutOfStockError(item.id, quantity, item.stock)
    db.items.update(item.id, { stock: item.stock - quantity })
  }
  return db.orders.put({ id: db.nextOrderId(), user_id: user.id, lines, total: totalOf(lines), created_at: db.now() })
})

router.delete('/{order_id}', {
  params: OrderPath,
  deps: { db: getDb, user: currentActiveUser },
  status: 204,
  summary: 'Cancel one of my orders',
}, ({ params, deps }) => {
  const { db, user } = deps
  const order = getOrderOr404(db, user, params.order_id)
  for (const line of order.lines) {
    // Items deleted since the order was placed have no stock to return to.
    const item = db.items.get(line.item_id)
    if (item !== undefined) db.items.update(item.id, { stock: item.stock + line.quantity })
  }
  db.orders.delete(order.id)
})
