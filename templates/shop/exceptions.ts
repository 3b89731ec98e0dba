import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * An order asked for more of an item than the shop has. Thrown by the orders router and
 * answered by `outOfStockHandler` (FastAPI's "Install custom exception handlers"): the
 * business rule stays in plain code, the HTTP answer in one place.
 */
export class OutOfStockError extends Error {
  readonly itemId: number
  readonly requested: number
  readonly available: number

  constructor (itemId: number, requested: number, available: number) {
    super(`Not enough stock for item ${itemId}: ${requested} requested, ${available} available`)
    this.name = 'OutOfStockError'
    this.itemId = itemId
    this.requested = requested
    this.available = available
  }
}

/** 409 Conflict, with what a client needs to retry with a smaller quantity. */
export function outOfStockHandler (error: OutOfStockError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  request.log.info({ itemId: error.itemId, requested: error.requested, available: error.available }, 'Order refused: out of stock')
  return reply.code(409).send({
    detail: { msg: 'Not enough stock', item_id: error.itemId, requested: error.requested, available: error.available },
  })
}
