import Fastify from 'fastify'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { fastapi } from '../index.js'
import { compileExactInput, REFUSED } from '../src/inputs/exact-input.js'
import { validSample, variants } from './helpers/near-misses.js'

// Request bodies, params models and messages a model JSON Schema states exactly are checked by
// Ajv and copied, not parsed by zod: the handler must get what zod would have given it.
const Owner = z.object({ name: z.string() })
const MODELS: Record<string, z.ZodType> = {
  ItemIn: z.object({ name: z.string().min(1), price: z.number().gt(0), tags: z.array(z.string()).default([]) }),
  Query: z.object({ q: z.string().optional(), skip: z.int().min(0).default(0), limit: z.int().max(100).default(10) }),
  Nested: z.object({ name: z.string(), owner: Owner, variants: z.array(z.object({ sku: z.string(), size: z.int().default(1) })) }),
  List: z.array(z.object({ name: z.string(), price: z.number() })),
  Defaults: z.object({ price: z.number(), tax: z.number().default(10.5), tags: z.array(z.string()).default(() => ['new']), note: z.string().nullable().default(null) }),
  Bounds: z.object({
    short: z.string().min(1).max(3),
    exact: z.string().length(2),
    ratio: z.number().gt(0).lt(1),
    small: z.int32(),
    count: z.uint32(),
    few: z.array(z.boolean()).min(1).max(2),
  }),
  Choices: z.object({ kind: z.literal('a'), level: z.enum(['low', 'high']), code: z.literal(7), flag: z.literal(true), none: z.null() }),
  Optional: z.object({ q: z.string().optional(), n: z.number().nullable(), o: Owner.nullable(), r: Owner.readonly(), l: z.array(z.int()).readonly().optional(), s: z.string().readonly() }),
  DefaultedBody: z.object({ a: z.int(), b: z.array(Owner).default([]) }).default({ a: 1, b: [] }),
  Strict: z.strictObject({ id: z.string(), inner: z.strictObject({ a: z.number() }) }),
  Pattern: z.object({ code: z.string().regex(/^[A-Z]{3}$/) }),
  Coerced: z.object({ order_id: z.coerce.number().int() }),
  Scalar: z.number(),
}

// What zod gives, including what toStrictEqual cannot see: the order of keys and frozen parts.
function shapeOf (value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const frozen = Object.isFrozen(value)
  if (Array.isArray(value)) return { frozen, items: value.map(shapeOf) }
  return { frozen, prototype: Object.getPrototypeOf(value) === Object.prototype, entries: Object.entries(value).map(([key, item]) => [key, shapeOf(item)]) }
}

describe('the compiled input path', () => {
  for (const [name, model] of Object.entries(MODELS)) {
    it(`gives what zod gives for every value it accepts, and accepts a valid ${name}`, () => {
      const exact = compileExactInput(model)
      expect(exact(validSample(model)), name).not.toBe(REFUSED)
      let accepted = 0
      for (const value of variants(validSample(model))) {
        const fast = exact(value)
        if (fast === REFUSED) continue
        const parsed = model.safeParse(value)
        expect(parsed.success, `${name} with ${String(JSON.stringify(value))}`).toBe(true)
        expect(shapeOf(fast), `${name} with ${String(JSON.stringify(value))}`).toEqual(shapeOf(parsed.data))
        accepted++
      }
      expect(accepted).toBeGreaterThan(0)
    })
  }

  it('strips undeclared keys into a new object, in the model\'s order, with fresh defaults', () => {
    const exact = compileExactInput(MODELS.Defaults as z.ZodType)
    const sent = { tags: ['a'], secret: 'hidden', price: 2 }
    const first = exact(sent) as Record<string, unknown>
    expect(Object.keys(first)).toEqual(['price', 'tax', 'tags', 'note'])
    expect(first).toEqual({ price: 2, tax: 10.5, tags: ['a'], note: null })
    expect(first).not.toBe(sent)
    const filled = exact({ price: 2 }) as { tags: string[] }
    filled.tags.push('changed')
    expect((exact({ price: 2 }) as { tags: string[] }).tags).toEqual(['new'])
  })

  it('leaves to zod every value of what JSON Schema cannot state', () => {
    for (const [model, value] of [
      [z.object({ a: z.string().refine((text) => text !== 'x') }), { a: 'y' }],
      [z.object({ a: z.string().transform((text) => text.length) }), { a: 'y' }],
      [z.object({ a: z.union([z.string(), z.number()]) }), { a: 'y' }],
      [z.object({ a: z.email() }), { a: 'rick@example.com' }],
      [z.record(z.string(), z.number()), { a: 1 }],
      [z.looseObject({ a: z.string() }), { a: 'y' }],
      [z.object({ a: z.string().default('x').optional() }), { a: 'y' }],
    ] as const) {
      expect(model.safeParse(value).success).toBe(true)
      expect(compileExactInput(model)(value)).toBe(REFUSED)
    }
  })

  it('hands on a new list, never the caller\'s own (which may be frozen)', () => {
    const model = z.object({ tags: z.array(z.string()) })
    const tags = Object.freeze(['a'])
    const parsed = compileExactInput(model)({ tags }) as { tags: string[] }
    expect(parsed.tags).toEqual(['a'])
    expect(parsed.tags).not.toBe(tags)
    expect(Object.isFrozen(parsed.tags)).toBe(false)
  })

  it('leaves to zod a model whose JSON Schema Ajv will not compile (a length bound that is no integer)', () => {
    const model = z.object({ a: z.string().min(1.5) })
    expect(model.safeParse({ a: 'ab' }).success).toBe(true)
    expect(compileExactInput(model)({ a: 'ab' })).toBe(REFUSED)
    expect(compileExactInput(model)({ a: 'a' })).toBe(REFUSED)
  })

  it('compiles once per schema, at its first value', () => {
    const model = z.object({ a: z.int() })
    expect(compileExactInput(model)).toBe(compileExactInput(model))
    expect(compileExactInput(model)({ a: 1 })).toEqual({ a: 1 })
    expect(compileExactInput(model)({ a: 1.5 })).toBe(REFUSED)
  })
})

describe('a route whose inputs take the compiled path', () => {
  const ItemIn = z.object({ name: z.string().min(1), price: z.number().gt(0), tags: z.array(z.string()).default([]) })
  const Page = z.object({ skip: z.int().min(0).default(0), limit: z.int().max(100).default(10) })

  async function app () {
    const server = Fastify()
    await server.register(fastapi, { docs: false })
    server.api.post('/items/', { body: ItemIn }, ({ body }) => ({ body, keys: Object.keys(body) }))
    server.api.get('/items/', { query: Page }, ({ query }) => ({ query, plain: Object.getPrototypeOf(query) === Object.prototype }))
    return server
  }

  it('hands the handler zod\'s output without running zod: extra keys stripped, defaults filled, strings coerced as FastAPI does', async () => {
    const server = await app()
    const bodyRun = vi.spyOn(ItemIn._zod, 'run')
    const queryRun = vi.spyOn(Page._zod, 'run')
    const created = await server.inject({ method: 'POST', url: '/items/', payload: { price: '9.5', secret: 'x', name: 'hammer' } })
    expect(created.json()).toEqual({ body: { name: 'hammer', price: 9.5, tags: [] }, keys: ['name', 'price', 'tags'] })
    const listed = await server.inject({ method: 'GET', url: '/items/?limit=5' })
    expect(listed.json()).toEqual({ query: { skip: 0, limit: 5 }, plain: true })
    expect(bodyRun).not.toHaveBeenCalled()
    expect(queryRun).not.toHaveBeenCalled()
    bodyRun.mockRestore()
    queryRun.mockRestore()
  })

  it('answers an invalid input with zod\'s items, as before', async () => {
    const server = await app()
    const refused = await server.inject({ method: 'POST', url: '/items/', payload: { name: '', price: 0 } })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().detail.map((item: { type: string, loc: string[] }) => [item.type, item.loc])).toEqual([
      ['string_too_short', ['body', 'name']],
      ['greater_than', ['body', 'price']],
    ])
    const page = await server.inject({ method: 'GET', url: '/items/?limit=500&skip=x' })
    expect(page.json().detail.map((item: { type: string, loc: string[] }) => [item.type, item.loc])).toEqual([
      ['int_parsing', ['query', 'skip']],
      ['less_than_equal', ['query', 'limit']],
    ])
  })
})
