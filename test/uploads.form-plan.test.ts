import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { checkFormPlan, compileFormPlan, DEFAULT_UPLOAD_LIMITS, File, fileSpecOf, resolveUploadLimits, UploadFile } from '../src/uploads/index.js'

// A form's schema compiled once, at registration: which fields take files and how, which take
// text; mistakes refused there with a coded error naming the option or the field and the fix.

const where = 'Route POST /items/'

describe('compileFormPlan', () => {
  it('tells file fields (single, list, optional, bytes) from text fields (scalar or list), with their limits and allow-lists', () => {
    const plan = compileFormPlan(z.object({
      title: z.string(),
      tags: z.array(z.string()),
      note: z.string().optional(),
      image: File({ accept: ['image/PNG', 'image/jpeg', 'image/png'], maxSize: 5 * 1024 * 1024 }),
      attachments: z.array(File()).default([]),
      cover: File().nullable().default(null),
      avatar: File.bytes({ maxSize: 64 * 1024 }).optional(),
      described: File().describe('A file, described').meta({ title: 'Described' }),
    }), { where, limits: { fileSize: 1024 } })
    expect([...plan.fields.values()]).toEqual([
      { kind: 'field', name: 'title', list: false, required: true },
      { kind: 'field', name: 'tags', list: true, required: true },
      { kind: 'field', name: 'note', list: false, required: false },
      { kind: 'file', name: 'image', type: 'upload', list: false, required: true, maxSize: 5 * 1024 * 1024, maxSizeFrom: 'maxSize', accept: ['image/png', 'image/jpeg'] },
      { kind: 'file', name: 'attachments', type: 'upload', list: true, required: false, maxSize: 1024, maxSizeFrom: 'fileSize', accept: undefined },
      { kind: 'file', name: 'cover', type: 'upload', list: false, required: false, maxSize: 1024, maxSizeFrom: 'fileSize', accept: undefined },
      { kind: 'file', name: 'avatar', type: 'bytes', list: false, required: false, maxSize: 64 * 1024, maxSizeFrom: 'maxSize', accept: undefined },
      { kind: 'file', name: 'described', type: 'upload', list: false, required: true, maxSize: 1024, maxSizeFrom: 'fileSize', accept: undefined },
    ])
    expect(plan.files.map((field) => field.name)).toEqual(['image', 'attachments', 'cover', 'avatar', 'described'])
    expect(plan.plain.map((field) => field.name)).toEqual(['title', 'tags', 'note'])
    expect(plan.limits).toEqual({ ...DEFAULT_UPLOAD_LIMITS, fileSize: 1024 })
    expect(plan.extra).toBe('strip')
    expect(Object.isFrozen(plan)).toBe(true)
  })

  it('gives busboy limits one past ours, so that the reader sees the part past a limit and names it', () => {
    const plan = compileFormPlan(z.object({ video: File({ maxSize: 100 * 1024 * 1024 }) }), { where })
    expect(plan.partsOptions.limits).toEqual({ fileSize: 100 * 1024 * 1024 + 1, files: 1001, fields: 1001, parts: 1001, fieldSize: 1024 * 1024, headerSize: 16 * 1024 + 1024 })
    expect(plan.partsOptions.isPartAFile('a', 'application/octet-stream', undefined)).toBe(false)
    expect(plan.partsOptions.isPartAFile('a', 'text/plain', '')).toBe(true)
  })

  it('reads what a form does with undeclared fields from the object: strip, forbid (strictObject), keep (looseObject)', () => {
    expect(compileFormPlan(z.object({}), { where }).extra).toBe('strip')
    expect(compileFormPlan(z.strictObject({}), { where }).extra).toBe('forbid')
    expect(compileFormPlan(z.looseObject({}), { where }).extra).toBe('keep')
  })

  it('lays route limits over app-wide ones', () => {
    const app = resolveUploadLimits('fastify-fastapi/uploads', { files: 10, fileSize: 2048 })
    expect(compileFormPlan(z.object({}), { where, baseLimits: app, limits: { files: 3 } }).limits).toEqual({ ...DEFAULT_UPLOAD_LIMITS, files: 3, fileSize: 2048 })
  })

  it('refuses a form that is not a zod object', () => {
    expect(() => compileFormPlan(z.array(z.string()), { where })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_FORM_SCHEMA_INVALID',
      message: "Route POST /items/: 'form' must be a zod object schema, z.object({ ... }), whose keys are the form field names; got a zod array schema",
    }))
    expect(() => compileFormPlan({ name: z.string() }, { where })).toThrow(expect.objectContaining({ code: 'FFA_ERR_FORM_SCHEMA_INVALID' }))
  })

  it('refuses a File() that a request could not fill: inside a union, an object or a set', () => {
    for (const [field, kind] of [
      [z.union([File(), z.string()]), 'union'],
      [z.object({ inner: File() }), 'object'],
      [z.set(File()), 'set'],
      [z.array(z.array(File())), 'array'],
    ] as const) {
      expect(() => compileFormPlan(z.object({ upload: field }), { where })).toThrow(expect.objectContaining({
        code: 'FFA_ERR_FORM_SCHEMA_INVALID',
        message: `Route POST /items/: form field 'upload': File() can be a field itself (File(), File().optional()) or the items of a list (z.array(File())), not part of a ${kind}. Give each file its own field.`,
      }))
    }
  })

  it('refuses bad limits, naming the limit and its default', () => {
    expect(() => compileFormPlan(z.object({}), { where, limits: { fileSize: 0 } })).toThrow(expect.objectContaining({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Route POST /items/: option 'limits.fileSize' must be a whole number of at least 1 (default 10485760); got number 0",
    }))
    expect(() => compileFormPlan(z.object({}), { where, limits: { maxFiles: 3 } })).toThrow(expect.objectContaining({
      message: "Route POST /items/: option 'limits.maxFiles' is not an upload limit; the limits are: fileSize, files, fields, fieldSize, parts, headerSize",
    }))
    expect(() => compileFormPlan(z.object({}), { where, limits: 5 })).toThrow(expect.objectContaining({ message: expect.stringContaining("option 'limits' must be an object") }))
  })
})

describe('File() and File.bytes()', () => {
  it('are zod schemas of UploadFile and Buffer, whose options survive describe, meta, refine and optional', () => {
    const file = File({ maxSize: 10 })
    expect(file.safeParse('x').success).toBe(false)
    expect(File.bytes({ maxSize: 10 }).safeParse(Buffer.from('x')).success).toBe(true)
    const upload = new UploadFile({ fieldName: 'f', filename: 'a', contentType: 'text/plain', headers: {}, size: 0, path: '/nowhere' })
    expect(file.safeParse(upload).success).toBe(true)
    for (const schema of [file.describe('d'), file.meta({ title: 't' }), file.refine(() => true)]) expect(fileSpecOf(schema)).toEqual({ kind: 'upload', maxSize: 10, accept: undefined })
    expect(fileSpecOf(z.string())).toBeUndefined()
    expect(fileSpecOf(z.custom(() => true))).toBeUndefined()
  })

  it('refuse bad options at once, naming the option and the fix', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => File({ maxSize: 0 }), "File(): option 'maxSize' must be a whole number of bytes of at least 1, such as 5 * 1024 * 1024; got number 0"],
      [() => File({ maxSize: 1.5 }), "File(): option 'maxSize' must be a whole number of bytes of at least 1, such as 5 * 1024 * 1024; got number 1.5"],
      [() => File({ accept: [] }), "File(): option 'accept' must be a non-empty array of MIME types, such as ['image/png', 'image/jpeg'] (leave it out to take any file); got object []"],
      [() => File({ accept: ['png'] }), "File(): option 'accept' must list MIME types such as 'image/png', or patterns such as 'image/*'; got string 'png'"],
      [() => File({ accept: ['*/*'] }), "File(): option 'accept' cannot list '*/*': leave accept out to take any file"],
      [() => File({ size: 3 } as never), "File(): option 'size' is not an option; the options are: accept, maxSize"],
      [() => File('image/png' as never), "File(): option '(options)' must be an object such as { maxSize: 1024 * 1024 }; got string 'image/png'"],
      [() => File.bytes({} as never), "File.bytes(): option 'maxSize' is required: File.bytes() reads the whole file into memory, so give it a small limit (File.bytes({ maxSize: 64 * 1024 })), or use File() for an UploadFile kept on disk"],
      [() => File.bytes({ maxSize: 17 * 1024 * 1024 }), "File.bytes(): option 'maxSize' must be at most 16777216 (16 MiB): File.bytes() holds the whole file in memory, once per request. For larger files use File(), an UploadFile streamed to disk; got 17825792"],
    ]
    for (const [make, message] of cases) expect(make, message).toThrow(expect.objectContaining({ code: 'FFA_ERR_OPTION_INVALID', message }))
  })
})

describe('checkFormPlan', () => {
  it('refuses at startup an accept type that cannot be told from content, and takes the ones that can', async () => {
    const plan = compileFormPlan(z.object({ report: File({ accept: ['application/pdf', 'text/csv', 'application/json'] }) }), { where })
    await expect(checkFormPlan(plan)).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: "Route POST /items/, form field 'report': option 'accept' lists 'text/csv', 'application/json', which cannot be told from a file's content (the file-type package recognises binary formats: images, audio, video, archives, documents). Leave such types out of accept and check those files yourself in the handler",
    })
    await expect(checkFormPlan(compileFormPlan(z.object({ media: File({ accept: ['image/*', 'video/mp4', 'application/pdf'] }) }), { where }))).resolves.toBeUndefined()
    await expect(checkFormPlan(compileFormPlan(z.object({ x: File({ accept: ['nothing/*'] }) }), { where }))).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID' })
  })
})
