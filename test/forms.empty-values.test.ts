import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Form } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A blank input of an HTML form is sent as `name=`. Since FastAPI 0.123 (PR #13537, "form
// values with empty strings interpreted as missing"), `_get_multidict_value` reads an empty
// string for a Form field as not sent: the default when there is one, `missing` otherwise.
// A list field sent as `tags=` is `[""]`, a list of one empty string, as there.

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

async function echo (form: z.ZodObject) {
  const app = await buildApp()
  app.api.post('/', { form }, ({ form }) => form)
  return app
}

const post = (app: Awaited<ReturnType<typeof echo>>, payload: string) => app.inject({ method: 'POST', url: '/', headers: FORM, payload })

describe('empty form values', () => {
  it('gives an optional field sent empty its default (tests/test_form_default.py)', async () => {
    const app = await buildApp()
    app.api.post('/urlencoded', { form: z.object({ age: z.int().nullable().default(null) }) }, ({ form }) => form.age)
    const res = await app.inject({ method: 'POST', url: '/urlencoded', headers: FORM, payload: 'age=' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('null')
  })

  it('answers a required field sent empty as missing, input null', async () => {
    const app = await echo(z.object({ username: z.string(), password: z.string() }))
    const res = await post(app, 'username=&password=secret')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null }] })
  })

  it('leaves a model\'s field sent empty out of a missing field\'s input', async () => {
    const app = await echo(Form(z.object({ username: z.string(), password: z.string() })))
    const res = await post(app, 'username=Foo&password=')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: { username: 'Foo' } }] })
  })

  it('gives an unchecked checkbox of a form model its default, sent empty or not at all (request_form_models tutorial003)', async () => {
    const app = await echo(Form(z.object({ checkbox: z.boolean().default(true) })))
    for (const payload of ['', 'checkbox=', 'checkbox=on']) {
      const res = await post(app, payload)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ checkbox: true })
    }
  })

  it('keeps an empty value inside a list, as FastAPI does', async () => {
    const app = await echo(z.object({ tags: z.array(z.string()).default([]), ids: z.array(z.int()).default([]) }))
    let res = await post(app, 'tags=')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ tags: [''], ids: [] })
    res = await post(app, 'ids=1&ids=')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'ids', 1], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '' }],
    })
  })
})

describe('form values are coerced as query values', () => {
  const Settings = z.object({ count: z.int(), price: z.number(), remember: z.boolean(), sizes: z.array(z.int()).default([]) })

  it('reads ints, numbers and lists of ints from their text', async () => {
    const app = await echo(Settings)
    const res = await post(app, 'count=3&price=9.5&remember=true&sizes=1&sizes=2')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ count: 3, price: 9.5, remember: true, sizes: [1, 2] })
  })

  it('reads a checkbox\'s "on" and pydantic\'s other booleans', async () => {
    const app = await echo(z.object({ remember: z.boolean() }))
    for (const [text, value] of [['on', true], ['off', false], ['1', true], ['0', false], ['yes', true], ['False', false]] as const) {
      const res = await post(app, `remember=${text}`)
      expect(res.json(), text).toEqual({ remember: value })
    }
  })

  it('reports every value it cannot read, with pydantic\'s error types, at once', async () => {
    const app = await echo(Settings)
    const res = await post(app, 'count=three&price=cheap&remember=maybe&sizes=1&sizes=x')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['body', 'count'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'three' },
        { type: 'float_parsing', loc: ['body', 'price'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'cheap' },
        { type: 'bool_parsing', loc: ['body', 'remember'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
        { type: 'int_parsing', loc: ['body', 'sizes', 1], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' },
      ],
    })
  })

  it('takes the last value of a field repeated where one value belongs, as Starlette\'s FormData.get does', async () => {
    const app = await echo(z.object({ count: z.int() }))
    const res = await post(app, 'count=1&count=2')
    expect(res.json()).toEqual({ count: 2 })
  })

  it('reads a field by its alias', async () => {
    const app = await echo(z.object({ item_query: z.string().meta({ alias: 'item-query' }) }))
    let res = await post(app, 'item-query=foo')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_query: 'foo' })
    res = await post(app, 'item_query=foo')
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'item-query'], msg: 'Field required', input: null }] })
  })
})
