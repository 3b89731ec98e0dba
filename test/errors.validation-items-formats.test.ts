// pydantic's errors for strings in a format: EmailStr's reasons (email_validator's words),
// dates, and patterns as pydantic shows them.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

describe('string formats', () => {
  it('gives email_validator\'s reason for an address EmailStr refuses, in the message and as ctx.reason', async () => {
    const app = await buildApp()
    app.api.post('/users/', { body: z.object({ email: z.email() }) }, ({ body }) => body)

    const reasons: Array<[string, string]> = [
      ['rick', 'An email address must have an @-sign.'],
      ['@example.com', 'There must be something before the @-sign.'],
      ['rick@', 'There must be something after the @-sign.'],
      ['rick@localhost', 'The part after the @-sign is not valid. It should have a period.'],
      ['rick sanchez@example.com', 'The email address is not valid.'],
    ]
    for (const [email, reason] of reasons) {
      const res = await app.inject({ method: 'POST', url: '/users/', payload: { email } })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json(), email).toEqual({
        detail: [{ type: 'value_error', loc: ['body', 'email'], msg: `value is not a valid email address: ${reason}`, input: email, ctx: { reason } }],
      })
    }
    const ok = await app.inject({ method: 'POST', url: '/users/', payload: { email: 'rick@example.com' } })
    expect(ok.statusCode, ok.body).toBe(200)
  })

  it('refuses a date that is not one as pydantic\'s date does', async () => {
    const app = await buildApp()
    app.api.get('/events/', { query: z.object({ day: z.iso.date() }) }, ({ query }) => query)

    const res = await app.inject('/events/?day=not-a-date')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'date_from_datetime_parsing', loc: ['query', 'day'], msg: 'Input should be a valid date or datetime, invalid character in year', input: 'not-a-date',
        ctx: { error: 'invalid character in year' },
      }],
    })
  })

  it('shows a pattern by its source, without the slashes and flags of a JavaScript RegExp', async () => {
    const app = await buildApp()
    app.api.get('/items/', {
      query: z.object({ code: z.string().regex(/^[a-z]+$/i).optional(), ratio: z.string().regex(/^\d+\/\d+$/).optional() }),
    }, ({ query }) => query)

    const res = await app.inject('/items/?code=abc1&ratio=3:4')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_pattern_mismatch', loc: ['query', 'code'], msg: "String should match pattern '^[a-z]+$'", input: 'abc1', ctx: { pattern: '^[a-z]+$' } },
        { type: 'string_pattern_mismatch', loc: ['query', 'ratio'], msg: "String should match pattern '^\\d+\\/\\d+$'", input: '3:4', ctx: { pattern: '^\\d+\\/\\d+$' } },
      ],
    })
    const ok = await app.inject('/items/?code=ABC&ratio=3/4')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ code: 'ABC', ratio: '3/4' })
  })
})
