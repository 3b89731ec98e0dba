import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { compileFormPlan, File, openUploadArea, readMultipart, UploadFile } from '../src/uploads/index.js'
import { PNG, postMultipart, uploadsApp } from './helpers/uploads.js'

// FastAPI's "Request Forms and Files" and "Request Files" tutorials, over real multipart.

describe('A form with files and fields', () => {
  it('gives the handler an UploadFile beside the text fields (FastAPI: file, fileb, token)', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File.bytes({ maxSize: 1024 }), fileb: File(), token: z.string() }), async ({ file, fileb, token }) => ({
      file_size: file.length,
      token,
      fileb_content_type: fileb.contentType,
      fileb_filename: fileb.filename,
      fileb_text: await fileb.text(),
      fileb_size: fileb.size,
    }))
    const url = await listen()
    const response = await postMultipart(`${url}/files/`, [
      { name: 'file', filename: 'a.txt', type: 'text/plain', data: '<file content>' },
      { name: 'fileb', filename: 'b.txt', type: 'text/plain', data: '<file b content>' },
      { name: 'token', value: 'foo' },
    ])
    expect(response).toEqual({
      status: 200,
      json: { file_size: 14, token: 'foo', fileb_content_type: 'text/plain', fileb_filename: 'b.txt', fileb_text: '<file b content>', fileb_size: 16 },
    })
  })

  it('reports every missing field at once, files included (FastAPI: missing, input null)', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File.bytes({ maxSize: 1024 }), fileb: File(), token: z.string() }), () => ({}))
    const url = await listen()
    const response = await postMultipart(`${url}/files/`, [{ name: 'token', value: 'foo' }])
    expect(response).toEqual({
      status: 422,
      json: {
        detail: [
          { type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null },
          { type: 'missing', loc: ['body', 'fileb'], msg: 'Field required', input: null },
        ],
      },
    })
  })

  it('reads a request that is not multipart as an empty form: each required field is missing', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File() }), () => ({}))
    const url = await listen()
    const response = await fetch(`${url}/files/`, { method: 'POST', body: JSON.stringify({ file: 'Foo' }), headers: { 'content-type': 'application/json' } })
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }] })
  })

  it('takes a browser FormData with a Blob (undici writes the multipart body)', async () => {
    const { form, listen } = await uploadsApp()
    form('/uploadfile/', z.object({ file: File() }), ({ file }) => ({ filename: file.filename, size: file.size, type: file.contentType, headers: file.headers }))
    const url = await listen()
    const body = new FormData()
    body.append('file', new Blob([PNG], { type: 'image/png' }), 'dot.png')
    const response = await fetch(`${url}/uploadfile/`, { method: 'POST', body })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      filename: 'dot.png',
      size: PNG.length,
      type: 'image/png',
      headers: { 'content-disposition': 'form-data; name="file"; filename="dot.png"', 'content-type': 'image/png' },
    })
  })
})

describe('A missing, empty or repeated file', () => {
  it('refuses a missing required file as FastAPI does, and gives an optional one its default', async () => {
    const { form, listen } = await uploadsApp()
    form('/required/', z.object({ file: File() }), ({ file }) => ({ filename: file.filename }))
    form('/optional/', z.object({ file: File().nullable().default(null) }), ({ file }) => ({ message: file === null ? 'No upload file sent' : file.filename }))
    const url = await listen()
    expect(await postMultipart(`${url}/required/`, [{ name: 'other', value: 'x' }])).toEqual({
      status: 422, json: { detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }] },
    })
    expect(await postMultipart(`${url}/optional/`, [])).toEqual({ status: 200, json: { message: 'No upload file sent' } })
  })

  it('takes a form value left empty where a file belongs for a missing file (FastAPI 0.123), as a browser sends an empty file input', async () => {
    const { form, listen } = await uploadsApp()
    form('/optional/', z.object({ file: File().optional() }), ({ file }) => ({ sent: file !== undefined }))
    const url = await listen()
    expect(await postMultipart(`${url}/optional/`, [{ name: 'file', value: '' }])).toEqual({ status: 200, json: { sent: false } })
    // A browser's file input with no file chosen: filename "" and no bytes.
    expect(await postMultipart(`${url}/optional/`, [{ name: 'file', filename: '', type: 'application/octet-stream', data: '' }])).toEqual({ status: 200, json: { sent: false } })
  })

  it('refuses text where a file belongs in FastAPI\'s words', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File() }), () => ({}))
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', value: 'not a file' }])).toEqual({
      status: 422,
      json: { detail: [{ type: 'value_error', loc: ['body', 'file'], msg: "Value error, Expected UploadFile, received: <class 'str'>", input: 'not a file', ctx: { error: {} } }] },
    })
  })

  it('takes an empty file with a name: size 0, as FastAPI does', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File() }), async ({ file }) => ({ filename: file.filename, size: file.size, bytes: (await file.bytes()).length }))
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', filename: 'empty.txt', type: 'text/plain', data: '' }])).toEqual({
      status: 200, json: { filename: 'empty.txt', size: 0, bytes: 0 },
    })
  })

  it('gives a list field both files sent in one field, in order, and a single field the last one (Starlette\'s FormData.get)', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ files: z.array(File()) }), async ({ files }) => Promise.all(files.map(async (file) => ({ name: file.filename, text: await file.text() }))))
    form('/file/', z.object({ file: File() }), async ({ file }) => ({ name: file.filename, text: await file.text() }))
    const url = await listen()
    const two = [
      { name: 'files', filename: 'one.txt', type: 'text/plain', data: 'first' },
      { name: 'files', filename: 'two.txt', type: 'text/plain', data: 'second' },
    ]
    expect(await postMultipart(`${url}/files/`, two)).toEqual({
      status: 200, json: [{ name: 'one.txt', text: 'first' }, { name: 'two.txt', text: 'second' }],
    })
    expect(await postMultipart(`${url}/file/`, two.map((part) => ({ ...part, name: 'file' })))).toEqual({
      status: 200, json: { name: 'two.txt', text: 'second' },
    })
  })

  it('gives a list field of one file a list of one, and refuses an empty required list as missing', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ files: z.array(File()).min(1) }), ({ files }) => files.map((file) => file.filename))
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, [{ name: 'files', filename: 'one.txt', data: 'x' }])).toEqual({ status: 200, json: ['one.txt'] })
    expect((await postMultipart(`${url}/files/`, [])).json).toEqual({ detail: [{ type: 'missing', loc: ['body', 'files'], msg: 'Field required', input: null }] })
  })
})

describe('Text fields and undeclared fields', () => {
  it('keeps a repeated text key as a list (for the query-like coercion) and drops undeclared fields unread', async () => {
    const { form, listen } = await uploadsApp()
    let values: Record<string, unknown> = {}
    form('/items/', z.object({ tag: z.array(z.string()), name: z.string() }), (parsed, { read }) => {
      values = { ...read.values }
      return parsed
    })
    const url = await listen()
    const response = await postMultipart(`${url}/items/`, [
      { name: 'name', value: 'Foo' },
      { name: 'tag', value: 'a' },
      { name: 'tag', value: 'b' },
      { name: 'unknown', value: 'dropped' },
      { name: 'stray', filename: 'stray.txt', data: 'never stored' },
    ])
    expect(response).toEqual({ status: 200, json: { name: 'Foo', tag: ['a', 'b'] } })
    expect(values).toEqual({ name: 'Foo', tag: ['a', 'b'] })
  })

  it('lets a strict form refuse undeclared fields and files by name (extra_forbidden), without storing the file', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    form('/items/', z.strictObject({ name: z.string() }), (parsed) => parsed)
    const url = await listen()
    const response = await postMultipart(`${url}/items/`, [
      { name: 'name', value: 'Foo' },
      { name: 'extra', value: 'x' },
      { name: 'stray', filename: 'stray.png', type: 'image/png', data: PNG },
    ])
    expect(response).toEqual({
      status: 422,
      json: {
        detail: [
          { type: 'extra_forbidden', loc: ['body', 'extra'], msg: 'Extra inputs are not permitted', input: 'x' },
          { type: 'extra_forbidden', loc: ['body', 'stray'], msg: 'Extra inputs are not permitted', input: { filename: 'stray.png', content_type: 'image/png' } },
        ],
      },
    })
    expect(await tempFiles()).toEqual([])
  })

  it('refuses a file sent where text belongs, naming what was sent', async () => {
    const { form, listen } = await uploadsApp()
    form('/items/', z.object({ name: z.string() }), (parsed) => parsed)
    const url = await listen()
    expect(await postMultipart(`${url}/items/`, [{ name: 'name', filename: 'name.txt', type: 'text/plain', data: 'Foo' }])).toEqual({
      status: 422,
      json: { detail: [{ type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: { filename: 'name.txt', content_type: 'text/plain' } }] },
    })
  })

  it('keeps a text value sent as application/json as text, as FastAPI does, and refuses one that is not JSON as a body it cannot parse', async () => {
    const { form, listen } = await uploadsApp()
    form('/items/', z.object({ metadata: z.string() }), ({ metadata }) => ({ metadata }))
    const url = await listen()
    expect(await postMultipart(`${url}/items/`, [{ name: 'metadata', value: '{"tags":["a"]}', type: 'application/json' }])).toEqual({ status: 200, json: { metadata: '{"tags":["a"]}' } })
    expect(await postMultipart(`${url}/items/`, [{ name: 'metadata', value: '{not json', type: 'application/json' }])).toEqual({ status: 400, json: { detail: 'There was an error parsing the body' } })
  })

  it('reads File.bytes() from a text value too, as pydantic takes a str for bytes', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File.bytes({ maxSize: 16 }) }), ({ file }) => ({ size: file.length, text: file.toString() }))
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', value: 'hello' }])).toEqual({ status: 200, json: { size: 5, text: 'hello' } })
  })

  it('gives the handler UploadFile instances', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File() }), ({ file }) => ({ upload: file instanceof UploadFile }))
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', filename: 'a.bin', data: 'x' }])).toEqual({ status: 200, json: { upload: true } })
  })
})

describe('readMultipart without @fastify/multipart', () => {
  it('says which plugin to register', async () => {
    const app = Fastify()
    const area = await openUploadArea()
    onTestFinished(async () => { await app.close(); await area.close() })
    const plan = compileFormPlan(z.object({ file: File() }), { where: 'Route POST /files/' })
    app.post('/files/', (request, reply) => readMultipart(request, reply, plan, area))
    const response = await app.inject({ method: 'POST', url: '/files/', payload: {} })
    expect(response.statusCode).toBe(500)
    expect(response.json()).toMatchObject({ code: 'FFA_ERR_PLUGIN_MISSING', message: 'readMultipart() needs the @fastify/multipart plugin: register it first, in the same scope or a parent.' })
  })
})
