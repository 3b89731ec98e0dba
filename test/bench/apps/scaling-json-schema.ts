// Scaling figures, the baseline: the same chains as plain functions run one after the other
// in a preHandler, the same lists through a hand-written response schema.
import Fastify, { type FastifyRequest } from 'fastify'
import { DEPTHS, RESPONSE_SIZES } from '../scaling/shapes.js'
import { storedItems } from './shared-items.js'

const listedItem = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, price: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['id', 'name', 'price', 'tags'] }

type WithValue = FastifyRequest & { value?: number }

export async function build () {
  const app = Fastify()
  app.decorateRequest('value', 0)
  for (const depth of DEPTHS) {
    const levels: Array<(previous: number) => number> = [() => 1, ...Array.from({ length: depth - 1 }, () => (previous: number) => previous + 1)]
    app.get(`/depth/${depth}`, {
      schema: { response: { 200: { type: 'object', properties: { depth: { type: 'integer' } } } } },
      preHandler: async (request: WithValue) => {
        let value = 0
        for (const level of levels) value = level(value)
        request.value = value
      },
    }, async (request: WithValue) => ({ depth: request.value }))
  }
  for (const size of RESPONSE_SIZES) {
    const items = storedItems(size)
    app.get(`/list/${size}`, { schema: { response: { 200: { type: 'array', items: listedItem } } } }, async () => items)
  }
  return app
}
