import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

// pydantic refuses a value outside a `Literal[...]` with literal_error and outside an Enum with
// enum, whatever the number of values.
describe('literal and enum values', () => {
  it('refuses a value outside z.literal([...]) with literal_error, and outside z.enum([...]) with enum', async () => {
    const app = await buildApp()
    app.api.post('/models/', {
      body: z.object({
        order_by: z.literal(['created_at', 'updated_at']),
        model_name: z.enum(['alexnet', 'resnet', 'lenet']),
        only: z.enum(['one']),
        role: z.literal('admin'),
      }),
    }, ({ body }) => body)

    const res = await app.inject({ method: 'POST', url: '/models/', payload: { order_by: 'name', model_name: 'vgg', only: 'two', role: 'root' } })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'literal_error', loc: ['body', 'order_by'], msg: "Input should be 'created_at' or 'updated_at'", input: 'name', ctx: { expected: "'created_at' or 'updated_at'" } },
        { type: 'enum', loc: ['body', 'model_name'], msg: "Input should be 'alexnet', 'resnet' or 'lenet'", input: 'vgg', ctx: { expected: "'alexnet', 'resnet' or 'lenet'" } },
        { type: 'enum', loc: ['body', 'only'], msg: "Input should be 'one'", input: 'two', ctx: { expected: "'one'" } },
        { type: 'literal_error', loc: ['body', 'role'], msg: "Input should be 'admin'", input: 'root', ctx: { expected: "'admin'" } },
      ],
    })
  })
})
