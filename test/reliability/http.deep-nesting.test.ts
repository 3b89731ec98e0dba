import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { exceedsJsonNesting } from '../../src/inputs/json-nesting.js'
import { buildApp } from '../helpers/app.js'

const Item = z.object({ name: z.string(), tags: z.array(z.unknown()).default([]) })

function nested (depth: number, inner = '"x"'): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth)
}

function post (payload: string) {
  return { method: 'POST' as const, url: '/items/', headers: { 'content-type': 'application/json' }, payload }
}

describe('Deeply nested JSON bodies', () => {
  it('answers tags nested 5,000 levels deep with 400 {"detail":"There was an error parsing the body"}, as FastAPI does', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject(post(`{"name":"Foo","tags":${nested(5000)}}`))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'There was an error parsing the body' })
  })

  it('answers a top-level array nested 10,000 levels deep with the same 400', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject(post(nested(10_000, '1')))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ detail: 'There was an error parsing the body' })
  })

  it('accepts a body nested up to jsonNestingLimit and refuses one level more', async () => {
    const app = await buildApp({ errors: { jsonNestingLimit: 4 } })
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const atLimit = await app.inject(post(`{"name":"Foo","tags":${nested(3)}}`))
    expect(atLimit.statusCode, atLimit.body).toBe(200)
    expect(atLimit.json()).toEqual({ name: 'Foo', tags: [[['x']]] })

    const over = await app.inject(post(`{"name":"Foo","tags":${nested(4)}}`))
    expect(over.statusCode, over.body).toBe(400)
    expect(over.json()).toEqual({ detail: 'There was an error parsing the body' })
  })

  it('answers a body nested to the default limit of 256 with its 422, the input echoed', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: z.object({ name: z.string(), tags: z.array(z.string()) }) }, ({ body }) => body)

    const deep = JSON.parse(nested(254)) as unknown[]
    const res = await app.inject(post(JSON.stringify({ name: 'Foo', tags: deep })))
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'string_type', loc: ['body', 'tags', 0], msg: 'Input should be a valid string', input: deep[0] }],
    })
  })

  it('does not count brackets inside strings, escaped quotes included', async () => {
    const app = await buildApp({ errors: { jsonNestingLimit: 2 } })
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const name = `\\"${'['.repeat(50)}`
    const res = await app.inject(post(`{"name":"${name}","tags":["{{{{"]}`))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ name: `"${'['.repeat(50)}`, tags: ['{{{{'] })
  })

  it('tells deep from merely long: many shallow objects pass, one path of limit + 1 levels does not', () => {
    const shallow = JSON.stringify(Array.from({ length: 1000 }, (_, index) => ({ id: index, tags: [String(index)] })))
    expect(exceedsJsonNesting(shallow, 256)).toBe(false)
    expect(exceedsJsonNesting(`${'['.repeat(257)}${']'.repeat(257)}`, 256)).toBe(true)
    expect(exceedsJsonNesting(`${'['.repeat(256)}${']'.repeat(256)}`, 256)).toBe(false)
    expect(exceedsJsonNesting(JSON.stringify({ text: '['.repeat(1000) }), 256)).toBe(false)
  })

  it('answers a too deep body sent to a path no route takes with 404, as any body there', async () => {
    const app = await buildApp()
    app.api.post('/items/', { body: Item }, ({ body }) => body)

    const res = await app.inject({ ...post(nested(10_000)), url: '/nope' })
    expect(res.statusCode, res.body).toBe(404)
    expect(res.json()).toEqual({ detail: 'Not Found' })
  })

  it('refuses a jsonNestingLimit that is not a positive integer at registration', async () => {
    await expect(buildApp({ errors: { jsonNestingLimit: 0 } })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "fastify-fastapi/errors: option 'jsonNestingLimit' must be an integer of at least 1, such as 256 (arrays and objects inside each other); got number 0",
    })
  })
})
