import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

describe('header params', () => {
  it("reads a key with underscores from the header with hyphens (FastAPI's convert_underscores)", async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_token: z.string(), user_agent: z.string() }) },
      ({ headers }) => ({ 'X-Token': headers.x_token, 'User-Agent': headers.user_agent }))

    const res = await app.inject({ url: '/items/', headers: { 'X-Token': 'coneofsilence', 'User-Agent': 'curl/8' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ 'X-Token': 'coneofsilence', 'User-Agent': 'curl/8' })
  })

  it('collects a header sent twice into a list header', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_token: z.array(z.string()) }) },
      ({ headers }) => ({ 'X-Token values': headers.x_token }))

    const res = await app.inject({ url: '/items/', headers: { 'x-token': ['foo', 'bar'] } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ 'X-Token values': ['foo', 'bar'] })
  })

  it('keeps commas inside one value of a list header', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_token: z.array(z.string()) }) }, ({ headers }) => headers)

    const res = await app.inject({ url: '/items/', headers: { 'x-token': 'a, b' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ x_token: ['a, b'] })
  })

  it('coerces header values: an int and a list of ints', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_count: z.number().int(), x_ids: z.array(z.number().int()) }) },
      ({ headers }) => headers)

    const res = await app.inject({ url: '/items/', headers: { 'x-count': '3', 'x-ids': ['1', '2'] } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ x_count: 3, x_ids: [1, 2] })
  })

  it('reports a bad item of a list header at its index', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_ids: z.array(z.number().int()) }) }, ({ headers }) => headers)

    const res = await app.inject({ url: '/items/', headers: { 'x-ids': ['1', 'two'] } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'int_parsing',
        loc: ['header', 'x-ids', 1],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'two',
      }],
    })
  })

  it('answers a missing header with missing at ["header", "x-token"]', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_token: z.string() }) }, ({ headers }) => headers)

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null }],
    })
  })

  it('names the header in the loc of a constraint error', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_token: z.string().max(5) }) }, ({ headers }) => headers)

    const res = await app.inject({ url: '/items/', headers: { 'x-token': 'abcdef' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'string_too_long',
        loc: ['header', 'x-token'],
        msg: 'String should have at most 5 characters',
        input: 'abcdef',
        ctx: { max_length: 5 },
      }],
    })
  })

  it('gives an absent optional header its default', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_tenant: z.string().default('public'), x_trace: z.string().optional() }) },
      ({ headers }) => headers)

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ x_tenant: 'public' })
  })

  it('reads a header by its alias, whatever its case, and names the alias in the loc', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ custom: z.string().meta({ alias: 'X-Custom' }) }) },
      ({ headers }) => ({ custom: headers.custom }))

    const ok = await app.inject({ url: '/items/', headers: { 'x-custom': 'hi' } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ custom: 'hi' })

    // FastAPI writes the alias as declared in the loc.
    const res = await app.inject({ url: '/items/', headers: { custom: 'hi' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'missing', loc: ['header', 'X-Custom'], msg: 'Field required', input: null }],
    })
  })

  it('reads an alias with underscores as it is, without converting them', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ token: z.string().meta({ alias: 'x_raw_token' }) }) },
      ({ headers }) => headers)

    const res = await app.inject({ url: '/items/', headers: { x_raw_token: 'abc' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ token: 'abc' })
  })
})

describe('cookie params', () => {
  it('reads a cookie by its name', async () => {
    const app = await buildApp()
    app.api.get('/items/', { cookies: z.object({ ads_id: z.string() }) }, ({ cookies }) => ({ ads_id: cookies.ads_id }))

    const res = await app.inject({ url: '/items/', cookies: { ads_id: 'abc123' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ads_id: 'abc123' })
  })

  it('coerces a cookie to the declared type', async () => {
    const app = await buildApp()
    app.api.get('/items/', { cookies: z.object({ visits: z.number().int(), beta: z.boolean().default(false) }) },
      ({ cookies }) => cookies)

    const res = await app.inject({ url: '/items/', headers: { cookie: 'visits=12; beta=yes; other=x' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ visits: 12, beta: true })
  })

  it('answers a cookie that is not an int with int_parsing at ["cookie", name]', async () => {
    const app = await buildApp()
    app.api.get('/items/', { cookies: z.object({ visits: z.number().int() }) }, ({ cookies }) => cookies)

    const res = await app.inject({ url: '/items/', cookies: { visits: 'many' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'int_parsing',
        loc: ['cookie', 'visits'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'many',
      }],
    })
  })

  it('answers a missing cookie with missing at ["cookie", name], with or without a Cookie header', async () => {
    const app = await buildApp()
    app.api.get('/items/', { cookies: z.object({ session: z.string() }) }, ({ cookies }) => cookies)

    const expected = { detail: [{ type: 'missing', loc: ['cookie', 'session'], msg: 'Field required', input: null }] }
    const none = await app.inject('/items/')
    expect(none.statusCode, none.body).toBe(422)
    expect(none.json()).toEqual(expected)

    const other = await app.inject({ url: '/items/', cookies: { theme: 'dark' } })
    expect(other.statusCode, other.body).toBe(422)
    expect(other.json()).toEqual(expected)
  })

  it('gives an absent optional cookie its default', async () => {
    const app = await buildApp()
    app.api.get('/items/', { cookies: z.object({ theme: z.string().default('light') }) }, ({ cookies }) => cookies)

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ theme: 'light' })
  })
})

describe('inputs together', () => {
  it('reports path, query, header and cookie errors in one 422, in that order', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', {
      params: z.object({ item_id: z.number().int() }),
      query: z.object({ q: z.string() }),
      headers: z.object({ x_token: z.string() }),
      cookies: z.object({ session: z.string() }),
    }, () => 'unreachable')

    const res = await app.inject('/items/foo')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['path', 'item_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'foo' },
        { type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['cookie', 'session'], msg: 'Field required', input: null },
      ],
    })
  })

  it('reads list headers when the client sends headers named like Object properties ("constructor")', async () => {
    const app = await buildApp()
    app.api.get('/items/', { headers: z.object({ x_token: z.array(z.string()).default([]) }) }, ({ headers }) => headers)

    const res = await app.inject({ url: '/items/', headers: { constructor: 'x', 'x-token': ['a', 'b'] } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ x_token: ['a', 'b'] })
  })
})
