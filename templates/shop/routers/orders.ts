import { APIRouter, HTTPException } from 'fastify-fastapi'
import { z } from 'zod'
import type { Database } from '../database.js'
import { OutOfStockError } from '../exceptions.js'
import type { Item } from '../models/item.js'
import type { Order, OrderLine } from '../models/order.js'
import { OrderCreate, OrderFilter, OrderOut } from '../schemas/order.js'
import { paginate } from '../schemas/pagination.js'

const OrderPath = z.object({ order_id: z.int() })

// Money in cents while adding, so that 3 x 6.5 + 19.99 is 39.49, not 39.489999999999995.
function totalOf (lines: OrderLine[]): number {
  const cents = lines.reduce((sum, line) => sum + Math.round(line.unit_price * 100) * line.quantity, 0)
  return cents / 100
}

function getOrderOr404 (db: Database, orderId: number): Order {
  const order = db.orders.get(orderId)
  if (order === undefined) throw new HTTPException(404, 'Order not found')
  return order
}

/** `/orders`: placing an order takes its items out of stock; cancelling puts them back. */
export function createOrdersRouter (db: Database): APIRouter {
  const router = new APIRouter({ prefix: '/orders', tags: ['orders'] })

  router.get('/', {
    query: OrderFilter,
    response: z.array(OrderOut),
    summary: 'List orders',
  }, ({ query }) => {
    const orders = [...db.orders.values()]
    return paginate(query.user_id === undefined ? orders : orders.filter((order) => order.user_id === query.user_id), query)
  })

  router.get('/{order_id}', {
    params: OrderPath,
    response: OrderOut,
    summary: 'Read one order',
  }, ({ params }) => getOrderOr404(db, params.order_id))

  router.post('/', {
    body: OrderCreate,
    response: OrderOut,
    status: 201,
    summary: 'Place an order',
    responseDescription: 'The order, priced; its items are out of stock now',
  }, ({ body }) => {
    const user = db.users.get(body.user_id)
    if (user === undefined) throw new HTTPException(404, 'User not found')
    if (user.disabled) throw new HTTPException(400, 'Inactive user')

    const lines: OrderLine[] = []
    // One item may appear on several lines: its stock is checked against their sum.
    const wanted = new Map<Item, number>()
    for (const { item_id, quantity } of body.lines) {
      const item = db.items.get(item_id)
      if (item === undefined) throw new HTTPException(404, `Item ${item_id} not found`)
      lines.push({ item_id, name: item.name, quantity, unit_price: item.price })
      wanted.set(item, (wanted.get(item) ?? 0) + quantity)
    }
    for (const [item, quantity] of wanted) {
      if (item.stock < quantity) throw new OutOfStockError(item.id, quantity, item.stock)
    }
    // All or nothing: stock moves only once every line has been checked.
    for (const [item, quantity] of wanted) item.stock -= quantity

    const order: Order = { id: db.nextOrderId(), user_id: user.id, lines, total: totalOf(lines), created_at: db.now() }
    db.orders.set(order.id, order)
    return order
  })

  router.delete('/{order_id}', {
    params: OrderPath,
    status: 204,
    summary: 'Cancel an order',
  }, ({ params }) => {
    const order = getOrderOr404(db, params.order_id)
    // Items deleted since the order was placed have no stock to return to.
    for (const line of order.lines) {
      const item = db.items.get(line.item_id)
      if (item !== undefined) item.stock += line.quantity
    }
    db.orders.delete(order.id)
  })

  return router
}
