// Type tests for forms: checked by `tsc` in `npm test`. A handler's and a dependency's `form`
// is the form schema's output; a misuse does not compile, with the reason after each error.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { APIRouter, DEFAULT_FORM_LIMITS, Depends, Form, fastapi, type FormLimits } from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi, { routing: { formLimits: { fields: 100 } } })

// FastAPI's `username: str = Form(), password: str = Form()`: the fields, coerced and defaulted.
app.api.post('/login/', {
  form: z.object({ username: z.string(), password: z.string(), remember: z.boolean().default(false), tags: z.array(z.string()).default([]) }),
  formLimits: { fieldSize: 4096 },
}, ({ form, body }) => {
  expectTypeOf(form).toEqualTypeOf<{ username: string, password: string, remember: boolean, tags: string[] }>()
  // A form route has no JSON body.
  expectTypeOf(body).toEqualTypeOf<undefined>()
  // @ts-expect-error  'user' is not a field of the form
  void form.user
  return { username: form.username }
})

// A form model keeps its schema's type.
const FormData = Form(z.strictObject({ username: z.string(), age: z.int().nullable().default(null) }))
expectTypeOf(FormData).toEqualTypeOf<z.ZodObject<{ username: z.ZodString, age: z.ZodDefault<z.ZodNullable<z.ZodInt>> }, z.core.$strict>>()
const router = new APIRouter()
router.post('/model/', { form: FormData }, ({ form }) => {
  expectTypeOf(form).toEqualTypeOf<{ username: string, age: number | null }>()
  return form
})

// A route without a form reads none.
app.api.post('/items/', { body: z.object({ name: z.string() }) }, ({ form }) => {
  expectTypeOf(form).toEqualTypeOf<undefined>()
})

// A dependency with form fields (FastAPI's OAuth2PasswordRequestForm), used by a route.
const passwordForm = Depends({ form: z.object({ username: z.string(), password: z.string(), scope: z.string().default('') }) }, ({ form }) => {
  expectTypeOf(form).toEqualTypeOf<{ username: string, password: string, scope: string }>()
  return { username: form.username, scopes: form.scope.split(' ') }
})
app.api.post('/token', { deps: { formData: passwordForm } }, ({ deps, form }) => {
  expectTypeOf(deps.formData).toEqualTypeOf<{ username: string, scopes: string[] }>()
  expectTypeOf(form).toEqualTypeOf<undefined>()
})

expectTypeOf(DEFAULT_FORM_LIMITS).toEqualTypeOf<FormLimits>()
expectTypeOf<FormLimits>().toEqualTypeOf<{ readonly fileSize: number, readonly files: number, readonly fields: number, readonly fieldSize: number, readonly parts: number, readonly headerSize: number }>()

// @ts-expect-error  a request has one body: `body` (JSON) or `form`, not both
app.api.post('/both/', { body: z.object({ name: z.string() }), form: z.object({ name: z.string() }) }, () => null)
// @ts-expect-error  a dependency has one body too
Depends({ body: z.object({ name: z.string() }), form: z.object({ name: z.string() }) }, () => null)
// @ts-expect-error  a form is an object of fields, not one value
app.api.post('/string/', { form: z.string() }, () => null)
// @ts-expect-error  only an object schema is a form model
Form(z.array(z.string()))
// one set of limits for urlencoded and multipart forms
app.api.post('/limits/', { form: z.object({}), formLimits: { files: 1, fileSize: 1024 } }, () => null)
// @ts-expect-error  'maxFiles' is not a limit (Starlette's max_files is 'files')
app.api.post('/limits/', { form: z.object({}), formLimits: { maxFiles: 1 } }, () => null)
// @ts-expect-error  a limit is a number
app.api.post('/limits/', { form: z.object({}), formLimits: { fields: '10' } }, () => null)
