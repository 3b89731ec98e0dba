import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { Depends, fastapi, File, Form, UploadFile } from 'fastify-fastapi'

// What a handler gets for each kind of file field, as FastAPI's parameters type them.
const app = Fastify()
await app.register(fastapi)

app.api.post('/files/', {
  form: z.object({
    file: File(),
    bytes: File.bytes({ maxSize: 1024 }),
    files: z.array(File()),
    optional: File().optional(),
    nullable: File().nullable().default(null),
    token: z.string(),
    count: z.number().int(),
  }),
}, ({ form }) => {
  expectTypeOf(form.file).toEqualTypeOf<UploadFile>()
  expectTypeOf(form.bytes).toEqualTypeOf<Buffer>()
  expectTypeOf(form.files).toEqualTypeOf<UploadFile[]>()
  expectTypeOf(form.optional).toEqualTypeOf<UploadFile | undefined>()
  expectTypeOf(form.nullable).toEqualTypeOf<UploadFile | null>()
  expectTypeOf(form.token).toEqualTypeOf<string>()
  expectTypeOf(form.count).toEqualTypeOf<number>()
  expectTypeOf(form.file.filename).toEqualTypeOf<string>()
  expectTypeOf(form.file.contentType).toEqualTypeOf<string>()
  expectTypeOf(form.file.size).toEqualTypeOf<number>()
  expectTypeOf(form.file.text).returns.toEqualTypeOf<Promise<string>>()
  return { size: form.file.size }
})

// A form model with a file, and a dependency reading one.
const Upload = Form(z.object({ title: z.string(), image: File({ accept: ['image/png'] }) }))
app.api.post('/uploads/', { form: Upload }, ({ form }) => {
  expectTypeOf(form).toEqualTypeOf<{ title: string, image: UploadFile }>()
})
const avatar = Depends({ form: z.object({ avatar: File() }) }, ({ form }) => form.avatar)
app.api.post('/profile/', { deps: { avatar } }, ({ deps }) => {
  expectTypeOf(deps.avatar).toEqualTypeOf<UploadFile>()
})

// Limits of a form route, files among them.
app.api.post('/limited/', { form: z.object({ file: File() }), formLimits: { fileSize: 5 * 1024 * 1024, files: 1, parts: 10, headerSize: 1024 } }, () => null)

// @ts-expect-error  File.bytes() holds the file in memory: its maxSize is required
File.bytes()
// @ts-expect-error  accept is a list of MIME types
File({ accept: 'image/png' })
// @ts-expect-error  a file is no string
app.api.post('/wrong/', { form: z.object({ file: File() }) }, ({ form }) => form.file.toUpperCase())
