// pydantic's errors for unions: a discriminated union names the tag it could not match (or
// could not find), a plain union reports each member's error, a Literal member is
// literal_error and an Enum member enum.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

const Cat = z.object({ pet_type: z.literal('cat'), meows: z.int() })
const Dog = z.object({ pet_type: z.literal('dog'), barks: z.number() })
const Pet = z.discriminatedUnion('pet_type', [Cat, Dog])

describe('unions', () => {
  it('refuses an unknown tag of a discriminated union with union_tag_invalid, on the union, with the object as input', async () => {
    const app = await buildApp()
    app.api.post('/pets/', { body: z.object({ pet: Pet, n: z.int() }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/pets/', payload: { pet: { pet_type: 'fish', fins: 2 }, n: 1 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'union_tag_invalid',
        loc: ['body', 'pet'],
        msg: "Input tag 'fish' found using 'pet_type' does not match any of the expected tags: 'cat', 'dog'",
        input: { pet_type: 'fish', fins: 2 },
        ctx: { discriminator: "'pet_type'", tag: 'fish', expected_tags: "'cat', 'dog'" },
      }],
    })
  })

  it('refuses a discriminated union\'s object without its tag with union_tag_not_found', async () => {
    const app = await buildApp()
    app.api.post('/pets/', { body: Pet }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/pets/', payload: { meows: 3 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'union_tag_not_found', loc: ['body'], msg: "Unable to extract tag using discriminator 'pet_type'", input: { meows: 3 }, ctx: { discriminator: "'pet_type'" },
      }],
    })
    const cat = await app.inject({ method: 'POST', url: '/pets/', payload: { pet_type: 'cat', meows: 'loud' } })
    expect(cat.statusCode, cat.body).toBe(422)
    expect(cat.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'meows'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'loud' }],
    })
  })

  it('names the tags of numbers without quotes', async () => {
    const app = await buildApp()
    const Shape = z.discriminatedUnion('version', [z.object({ version: z.literal(1), a: z.string() }), z.object({ version: z.literal(2), b: z.string() })])
    app.api.post('/shapes/', { body: Shape }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/shapes/', payload: { version: 3 } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'union_tag_invalid', loc: ['body'], msg: "Input tag '3' found using 'version' does not match any of the expected tags: 1, 2", input: { version: 3 },
        ctx: { discriminator: "'version'", tag: '3', expected_tags: '1, 2' },
      }],
    })
  })

  it('reports a Literal member\'s error as literal_error and an Enum member\'s as enum', async () => {
    const app = await buildApp()
    app.api.get('/images/', {
      query: z.object({ width: z.union([z.literal('auto'), z.coerce.number()]).optional(), fit: z.union([z.enum(['cover', 'contain']), z.literal(false)]).optional() }),
    }, ({ query }) => query)

    const res = await app.inject('/images/?width=wide&fit=fill')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'literal_error', loc: ['query', 'width'], msg: "Input should be 'auto'", input: 'wide', ctx: { expected: "'auto'" } },
        { type: 'float_parsing', loc: ['query', 'width'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'wide' },
        { type: 'enum', loc: ['query', 'fit'], msg: "Input should be 'cover' or 'contain'", input: 'fill', ctx: { expected: "'cover' or 'contain'" } },
        { type: 'literal_error', loc: ['query', 'fit'], msg: 'Input should be false', input: 'fill', ctx: { expected: 'false' } },
      ],
    })
  })

  it('refuses a value that more than one member of z.xor accepts with a value_error', async () => {
    const app = await buildApp()
    app.api.post('/ids/', { body: z.object({ id: z.xor([z.string().min(1), z.string().max(8)]) }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/ids/', payload: { id: 'abc' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'value_error', loc: ['body', 'id'], msg: 'Value error, Invalid input: more than one option matched', input: 'abc', ctx: { error: {} } }],
    })
  })
})
