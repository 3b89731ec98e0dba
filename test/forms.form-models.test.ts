import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Form } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "Form Models" tutorial (docs_src/request_form_models/tutorial001.py, 002) and
// tests/test_forms_single_model.py:
//
//   class FormData(BaseModel):
//       username: str
//       password: str
//       model_config = {"extra": "forbid"}      # tutorial002
//
//   @app.post("/login/")
//   async def login(data: Annotated[FormData, Form()]):
//       return data

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

const FormData = Form(z.object({ username: z.string(), password: z.string() }).meta({ id: 'FormData' }))
const StrictFormData = Form(z.strictObject({ username: z.string(), password: z.string() }).meta({ id: 'FormData' }))

async function loginApp (model: z.ZodObject) {
  const app = await buildApp()
  app.api.post('/login/', { form: model }, async function login ({ form }) {
    return form
  })
  return app
}

const post = (app: Awaited<ReturnType<typeof loginApp>>, payload: string | undefined, headers: Record<string, string> = FORM) =>
  app.inject({ method: 'POST', url: '/login/', headers, payload })

describe('a form model (FastAPI\'s Form Models tutorial)', () => {
  it('reads the whole form into the model', async () => {
    const app = await loginApp(FormData)
    const res = await post(app, 'username=Foo&password=secret')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'Foo', password: 'secret' })
  })

  it('answers a missing field with the form received as its input', async () => {
    const app = await loginApp(FormData)
    let res = await post(app, 'username=Foo')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: { username: 'Foo' } }] })
    res = await post(app, 'password=secret')
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: { password: 'secret' } }] })
  })

  it('answers no data, and a JSON body, with one item per field, input {}', async () => {
    const app = await loginApp(FormData)
    const expected = {
      detail: [
        { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: {} },
        { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: {} },
      ],
    }
    const empty = await post(app, undefined, {})
    expect(empty.statusCode, empty.body).toBe(422)
    expect(empty.json()).toEqual(expected)
    const json = await app.inject({ method: 'POST', url: '/login/', payload: { username: 'Foo', password: 'secret' } })
    expect(json.statusCode, json.body).toBe(422)
    expect(json.json()).toEqual(expected)
  })

  it('keeps the fields it does not declare out of the handler\'s form, and in a missing field\'s input', async () => {
    const app = await loginApp(FormData)
    let res = await post(app, 'username=Foo&password=secret&extra=extra')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'Foo', password: 'secret' })
    res = await post(app, 'username=Foo&extra=a&extra=b')
    expect(res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: { username: 'Foo', extra: ['a', 'b'] } }] })
  })

  it('refuses a field a strict model does not declare, as extra="forbid" does', async () => {
    const app = await loginApp(StrictFormData)
    let res = await post(app, 'username=Foo&password=secret&extra=extra')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({ detail: [{ type: 'extra_forbidden', loc: ['body', 'extra'], msg: 'Extra inputs are not permitted', input: 'extra' }] })
    res = await post(app, 'username=Foo&password=secret')
    expect(res.statusCode, res.body).toBe(200)
  })

  it('documents the form by the model\'s own name, additionalProperties false when strict', async () => {
    for (const [model, extra] of [[FormData, {}], [StrictFormData, { additionalProperties: false }]] as const) {
      const app = await loginApp(model)
      const doc = (await app.inject({ url: '/openapi.json' })).json()
      expect(doc.paths['/login/'].post.requestBody).toEqual({
        content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/FormData' } } },
        required: true,
      })
      expect(doc.components.schemas.FormData).toEqual({
        type: 'object',
        properties: { username: { type: 'string', title: 'Username' }, password: { type: 'string', title: 'Password' } },
        required: ['username', 'password'],
        title: 'FormData',
        ...extra,
      })
      expect(doc.components.schemas).not.toHaveProperty('Body_login_login__post')
    }
  })

  it('documents a model with no id as Body_<operation id>', async () => {
    const app = await loginApp(Form(z.object({ username: z.string(), password: z.string() })))
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    expect(doc.paths['/login/'].post.requestBody.content['application/x-www-form-urlencoded'].schema).toEqual({ $ref: '#/components/schemas/Body_login_login__post' })
  })
})

// tests/test_forms_single_model.py
const FormModel = Form(z.object({
  username: z.string(),
  lastname: z.string(),
  age: z.int().nullable().default(null),
  tags: z.array(z.string()).default(['foo', 'bar']),
}))

async function formApp () {
  const app = await buildApp()
  app.api.post('/form/', { form: FormModel }, function post_form ({ form }) { return form })
  return app
}

describe('a form model with defaults, an int and a list (test_forms_single_model)', () => {
  it('coerces the int and collects the repeated field into the list', async () => {
    const app = await formApp()
    const res = await app.inject({ method: 'POST', url: '/form/', headers: FORM, payload: 'username=Rick&lastname=Sanchez&age=70&tags=plumbus&tags=citadel' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'Rick', lastname: 'Sanchez', age: 70, tags: ['plumbus', 'citadel'] })
  })

  it('fills the defaults of the fields not sent', async () => {
    const app = await formApp()
    const res = await app.inject({ method: 'POST', url: '/form/', headers: FORM, payload: 'username=Rick&lastname=Sanchez' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'Rick', lastname: 'Sanchez', age: null, tags: ['foo', 'bar'] })
  })

  it('takes a list of one value from a field sent once', async () => {
    const app = await formApp()
    const res = await app.inject({ method: 'POST', url: '/form/', headers: FORM, payload: 'username=Rick&lastname=Sanchez&tags=plumbus' })
    expect(res.json()).toEqual({ username: 'Rick', lastname: 'Sanchez', age: null, tags: ['plumbus'] })
  })

  it('answers an int it cannot parse with int_parsing and the value sent', async () => {
    const app = await formApp()
    const res = await app.inject({ method: 'POST', url: '/form/', headers: FORM, payload: 'username=Rick&lastname=Sanchez&age=seventy&tags=plumbus&tags=citadel' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'age'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'seventy' }],
    })
  })

  it('puts the defaults (but null) in a missing field\'s input, as FastAPI does', async () => {
    const app = await formApp()
    const res = await app.inject({ method: 'POST', url: '/form/' })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: { tags: ['foo', 'bar'] } },
        { type: 'missing', loc: ['body', 'lastname'], msg: 'Field required', input: { tags: ['foo', 'bar'] } },
      ],
    })
  })
})
