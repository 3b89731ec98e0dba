// The shape of each item, as pydantic's `errors()` gives it: ctx only where the error has
// one, a refinement's message where it points, every loc kept apart, and no more items
// converted than the limit lets through.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { RequestValidationError } from 'fastify-fastapi'
import { zodIssuesToItems } from '../src/errors/zod-issues.js'
import type { ValidationErrorItem } from '../src/errors/validation-item.js'
import { buildApp } from './helpers/app.js'

describe('the shape of validation items', () => {
  it('gives an item a ctx key only when pydantic\'s error has a context, as exc.errors() shows', async () => {
    const app = await buildApp()
    app.exceptionHandler(RequestValidationError, (error, request, reply) => reply.code(422).send({ keys: error.errors.map((item) => Object.keys(item)) }))
    app.api.post('/items/', { body: z.object({ name: z.string(), code: z.string().min(3) }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/items/', payload: { name: 5, code: 'a' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ keys: [['type', 'loc', 'msg', 'input'], ['type', 'loc', 'msg', 'input', 'ctx']] })
  })

  it('reports a refinement that points at a field not sent with its own message there, not as missing', async () => {
    const app = await buildApp()
    const SignUp = z.object({ password: z.string(), confirm: z.string().optional() })
      .refine((form) => form.password === form.confirm, { message: 'passwords do not match', path: ['confirm'] })
    app.api.post('/sign-up/', { body: SignUp }, () => ({ ok: true }))

    const res = await app.inject({ method: 'POST', url: '/sign-up/', payload: { password: 'hunter2' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'value_error', loc: ['body', 'confirm'], msg: 'Value error, passwords do not match', input: null, ctx: { error: {} } }],
    })
  })

  it('keeps apart two errors whose locs read alike joined together (subtotal, and total under sub)', async () => {
    const app = await buildApp()
    app.api.post('/invoices/', { body: z.object({ subtotal: z.number(), sub: z.object({ total: z.number() }) }) }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/invoices/', payload: { sub: {} } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'subtotal'], msg: 'Field required', input: { sub: {} } },
        { type: 'missing', loc: ['body', 'sub', 'total'], msg: 'Field required', input: {} },
      ],
    })
  })

  it('converts issues only until one past the limit, which is enough to say that the others were cut', () => {
    const values = [1, 2, 3, 4, 5]
    const result = z.array(z.string()).safeParse(values)
    const items: ValidationErrorItem[] = []
    zodIssuesToItems(result.error?.issues ?? [], ['body'], values, 'parent', items, 2)
    expect(items.map((item) => item.loc)).toEqual([['body', 0], ['body', 1], ['body', 2]])
  })
})
