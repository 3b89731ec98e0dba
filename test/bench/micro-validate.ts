// Micro-benchmark of the validation and serialization paths, on the bench apps' schemas:
// `node --conditions=source --import tsx test/bench/micro-validate.ts`. Prints ops/s per
// candidate and its ratio to today's path. The machine is shared: read ratios, not absolutes.
import { Ajv2020 } from 'ajv/dist/2020.js'
import fastJson from 'fast-json-stringify'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { toJsonSchema } from '../../src/inputs/json-schema.js'
import { compileInputReader, validationError } from '../../src/inputs/request-inputs.js'
import { compileResponse } from '../../src/routing/response-model.js'
import type { ValidationErrorItem } from '../../src/errors/validation-item.js'

const SECONDS = Number(process.env.MICRO_SECONDS ?? 0.5)

// The schemas of test/bench/apps/fastapi.ts.
const Params = z.object({ item_id: z.number().int() })
const Query = z.object({ q: z.string().optional(), skip: z.number().int().min(0).default(0), limit: z.number().int().max(100).default(10) })
const ItemIn = z.object({ name: z.string().min(1), price: z.number().gt(0), tags: z.array(z.string()).default([]) })
const ItemOut = z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()) })

function measure (name: string, run: () => unknown): number {
  for (let index = 0; index < 20_000; index++) run()
  let ops = 0
  const start = process.hrtime.bigint()
  const end = start + BigInt(Math.round(SECONDS * 1e9))
  let now = start
  while (now < end) {
    for (let index = 0; index < 1000; index++) run()
    ops += 1000
    now = process.hrtime.bigint()
  }
  const perSecond = ops / (Number(now - start) / 1e9)
  return perSecond
}

function group (title: string, candidates: Array<[string, () => unknown]>): void {
  console.log(`\n${title}`)
  let baseline: number | undefined
  for (const [name, run] of candidates) {
    const perSecond = measure(name, run)
    baseline ??= perSecond
    console.log(`  ${name.padEnd(52)} ${Math.round(perSecond).toLocaleString('en').padStart(12)} ops/s  x${(perSecond / baseline).toFixed(2)}`)
  }
}

const ajv = new Ajv2020({ strict: false, strictNumbers: true, unicodeRegExp: false, allErrors: false })
const ajvAll = new Ajv2020({ strict: false, strictNumbers: true, unicodeRegExp: false, allErrors: true })

function fakeRequest (params: Record<string, string>, query: Record<string, string>, body?: unknown): FastifyRequest {
  return { params, query, headers: {}, body, server: {}, raw: { headers: {}, rawHeaders: [] } } as unknown as FastifyRequest
}

// Path + query: what a request to /items/5?q=foo&skip=1&limit=20 validates.
const readItem = compileInputReader({ params: Params, query: Query })!
const itemRequest = fakeRequest({ item_id: '5' }, { q: 'foo', skip: '1', limit: '20' })
const coercedQuery = { q: 'foo', skip: 1, limit: 20 }
const ajvQuery = ajv.compile(toJsonSchema(Query, 'input'))
group('path + query (valid)', [
  ['readInputs now (coerce + zod)', () => readItem(itemRequest, [])],
  ['zod safeParse of the coerced query alone', () => Query.safeParse(coercedQuery)],
  ['Ajv validate of the coerced query alone', () => ajvQuery(coercedQuery)],
])

// Invalid path: /items/abc, the 422.
const badRequest = fakeRequest({ item_id: 'abc' }, {})
const ajvParams = ajvAll.compile(toJsonSchema(Params, 'input'))
group('invalid path (422)', [
  ['zod safeParse of the raw params, reading .error', () => Params.safeParse({ item_id: 'abc' }).error],
  ['readInputs + validationError now', () => { const errors: ValidationErrorItem[] = []; readItem(badRequest, errors); return validationError(errors, badRequest) }],
  ['zod safeParse of the raw params, not reading .error', () => Params.safeParse({ item_id: 'abc' })],
  ['Ajv (allErrors) of the raw params alone (fails)', () => ajvParams({ item_id: 'abc' })],
])

// Body: POST /items/ with a valid item.
const readBody = compileInputReader({ body: ItemIn })!
const body = { name: 'hammer', price: 9.5, tags: ['tools'] }
const bodyRequest = fakeRequest({}, {}, body)
const ajvBody = ajv.compile(toJsonSchema(ItemIn, 'input'))
group('body (valid)', [
  ['readInputs now (coerce + zod)', () => readBody(bodyRequest, [])],
  ['zod safeParse alone', () => ItemIn.safeParse(body)],
  ['Ajv validate alone', () => ajvBody(body)],
])

// Response model: the handler returns the item with a secret the model strips.
const returned = { name: 'hammer', price: 9.5, tags: ['tools'], secret: 'hidden' }
const ajvOut = ajv.compile(toJsonSchema(ItemOut, 'input'))
const stringifyOut = fastJson(toJsonSchema(ItemOut, 'output') as Parameters<typeof fastJson>[0])
const sendResult = compileResponse(ItemOut, 'POST /items/')
const fakeReply = { statusCode: 200, sent: false, header () { return this }, send (payload: unknown) { return payload } }
group('response model (valid, one extra field)', [
  ['zod parse + JSON.stringify (before)', () => JSON.stringify(ItemOut.parse(returned))],
  ['zod parse + fast-json-stringify', () => stringifyOut(ItemOut.parse(returned))],
  ['Ajv validate + fast-json-stringify', () => ajvOut(returned) && stringifyOut(returned)],
  ['fast-json-stringify alone (no validation)', () => stringifyOut(returned)],
  ['sendResult now', () => sendResult(returned, fakeReply as never)],
])

// GET /items-list: 100 stored items through z.array(ListedItem).
const ListedItems = z.array(z.object({ id: z.number().int(), name: z.string(), price: z.number(), tags: z.array(z.string()) }))
const stored = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}`, price: i + 0.5, tags: ['tools', 'garden'], secret: 'hidden' }))
const sendList = compileResponse(ListedItems, 'GET /items-list')
group('response model (100 items, one extra field each)', [
  ['zod parse + JSON.stringify (before)', () => JSON.stringify(ListedItems.parse(stored))],
  ['sendResult now', () => sendList(stored, fakeReply as never)],
])
