import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, File, Form, UploadFile } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'
import { listen } from './helpers/raw-http.js'
import { PNG, postMultipart } from './helpers/uploads.js'

// FastAPI's "Request Files" and "Request Forms and Files" tutorials (docs_src/request_files,
// docs_src/request_forms_and_files and their tests), on FastAPI-style routes over real HTTP
// with real multipart bodies.

const FileForm = z.object({ file: File.bytes({ maxSize: 1024 * 1024 }) })
const UploadForm = z.object({ file: File() })

async function filesApp (): Promise<string> {
  const app = await buildApp()
  app.api.post('/files/', { form: FileForm }, function create_file ({ form }) {
    return { file_size: form.file.length }
  })
  app.api.post('/uploadfile/', { form: UploadForm }, function create_upload_file ({ form }) {
    return { filename: form.file.filename }
  })
  return `http://127.0.0.1:${await listen(app)}`
}

describe('Request Files (tutorial001): bytes and UploadFile', () => {
  it('gives bytes as a Buffer and an UploadFile with its filename (test_post_file, test_post_upload_file)', async () => {
    const url = await filesApp()
    const bytes = await postMultipart(`${url}/files/`, [{ name: 'file', filename: 'test.txt', data: '<file content>' }])
    expect(bytes).toEqual({ status: 200, json: { file_size: 14 } })
    const upload = await postMultipart(`${url}/uploadfile/`, [{ name: 'file', filename: 'test.txt', data: '<file content>' }])
    expect(upload).toEqual({ status: 200, json: { filename: 'test.txt' } })
  })

  it('answers a missing file with FastAPI\'s missing item (test_post_form_no_body)', async () => {
    const url = await filesApp()
    const response = await fetch(`${url}/files/`, { method: 'POST' })
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }] })
  })

  it('answers JSON sent to a file route as a form with nothing in it (test_post_body_json)', async () => {
    const url = await filesApp()
    const response = await fetch(`${url}/files/`, { method: 'POST', body: JSON.stringify({ file: 'Foo' }), headers: { 'content-type': 'application/json' } })
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }] })
  })

  it('reads a file larger than pydantic\'s 64 KiB default whole as bytes (test_post_large_file)', async () => {
    const url = await filesApp()
    const size = 2 ** 16 + 1
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', filename: 'test.txt', data: Buffer.alloc(size, 'x') }])).toEqual({ status: 200, json: { file_size: size } })
  })
})

describe('Request Files (tutorial001_02): optional files', () => {
  it('gives the default when no file is sent', async () => {
    const app = await buildApp()
    app.api.post('/uploadfile/', { form: z.object({ file: File().nullable().default(null) }) }, ({ form }) => (
      form.file === null ? { message: 'No upload file sent' } : { filename: form.file.filename }
    ))
    const url = `http://127.0.0.1:${await listen(app)}`
    expect((await fetch(`${url}/uploadfile/`, { method: 'POST' })).status).toBe(200)
    expect(await (await fetch(`${url}/uploadfile/`, { method: 'POST' })).json()).toEqual({ message: 'No upload file sent' })
    expect(await postMultipart(`${url}/uploadfile/`, [{ name: 'file', filename: 'test.txt', data: 'x' }])).toEqual({ status: 200, json: { filename: 'test.txt' } })
  })
})

describe('Request Files (tutorial002): several files in one field', () => {
  it('gives a list field every file, in order, and a single field the last one (Starlette\'s FormData.get)', async () => {
    const app = await buildApp()
    app.api.post('/files/', { form: z.object({ files: z.array(File.bytes({ maxSize: 1024 })) }) }, ({ form }) => ({ file_sizes: form.files.map((file) => file.length) }))
    app.api.post('/uploadfiles/', { form: z.object({ files: z.array(File()) }) }, ({ form }) => ({ filenames: form.files.map((file) => file.filename) }))
    app.api.post('/one/', { form: z.object({ file: File() }) }, async ({ form }) => ({ filename: form.file.filename, text: await form.file.text() }))
    const url = `http://127.0.0.1:${await listen(app)}`
    const two = [{ name: 'files', filename: 'test.txt', data: '<file content>' }, { name: 'files', filename: 'test2.txt', data: '<file content2>' }]
    expect(await postMultipart(`${url}/files/`, two)).toEqual({ status: 200, json: { file_sizes: [14, 15] } })
    expect(await postMultipart(`${url}/uploadfiles/`, two)).toEqual({ status: 200, json: { filenames: ['test.txt', 'test2.txt'] } })
    const response = await postMultipart(`${url}/one/`, [{ name: 'file', filename: 'a.txt', data: 'first' }, { name: 'file', filename: 'b.txt', data: 'second' }])
    expect(response).toEqual({ status: 200, json: { filename: 'b.txt', text: 'second' } })
  })
})

describe('Request Forms and Files (tutorial001): files beside text fields', () => {
  async function formsAndFilesApp (): Promise<string> {
    const app = await buildApp()
    app.api.post('/files/', {
      form: z.object({ file: File.bytes({ maxSize: 1024 }), fileb: File(), token: z.string() }),
    }, function create_file ({ form }) {
      return { file_size: form.file.length, token: form.token, fileb_content_type: form.fileb.contentType }
    })
    return `http://127.0.0.1:${await listen(app)}`
  }

  it('reads the files and the token (test_post_files_and_token)', async () => {
    const url = await formsAndFilesApp()
    const response = await postMultipart(`${url}/files/`, [
      { name: 'token', value: 'foo' },
      { name: 'file', filename: 'test.txt', data: '<file content>' },
      { name: 'fileb', filename: 'testb.txt', type: 'text/plain', data: '<file b content>' },
    ])
    expect(response).toEqual({ status: 200, json: { file_size: 14, token: 'foo', fileb_content_type: 'text/plain' } })
  })

  it('reports every missing field at once (test_post_form_no_body, test_post_form_no_file, test_post_file_no_token)', async () => {
    const url = await formsAndFilesApp()
    const missing = (name: string): unknown => ({ type: 'missing', loc: ['body', name], msg: 'Field required', input: null })
    const none = await fetch(`${url}/files/`, { method: 'POST' })
    expect(await none.json()).toEqual({ detail: [missing('file'), missing('fileb'), missing('token')] })
    const urlencoded = await fetch(`${url}/files/`, { method: 'POST', body: 'token=foo', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(await urlencoded.json()).toEqual({ detail: [missing('file'), missing('fileb')] })
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', filename: 'test.txt', data: 'x' }])).toEqual({ status: 422, json: { detail: [missing('fileb'), missing('token')] } })
    const json = await fetch(`${url}/files/`, { method: 'POST', body: JSON.stringify({ file: 'Foo', token: 'Bar' }), headers: { 'content-type': 'application/json' } })
    expect(json.status).toBe(422)
    expect(await json.json()).toEqual({ detail: [missing('file'), missing('fileb'), missing('token')] })
  })

  it('coerces multipart text fields as urlencoded ones: an int, a list from repeated keys', async () => {
    const app = await buildApp()
    app.api.post('/items/', { form: z.object({ count: z.number().int(), tags: z.array(z.string()), image: File() }) }, ({ form }) => ({ count: form.count, tags: form.tags, size: form.image.size }))
    const url = `http://127.0.0.1:${await listen(app)}`
    const response = await postMultipart(`${url}/items/`, [
      { name: 'count', value: '3' }, { name: 'tags', value: 'a' }, { name: 'tags', value: 'b' },
      { name: 'image', filename: 'dot.png', type: 'image/png', data: PNG },
    ])
    expect(response).toEqual({ status: 200, json: { count: 3, tags: ['a', 'b'], size: PNG.length } })
    const bad = await postMultipart(`${url}/items/`, [{ name: 'count', value: 'three' }, { name: 'tags', value: 'a' }, { name: 'image', filename: 'a', data: 'x' }])
    expect(bad).toEqual({ status: 422, json: { detail: [{ type: 'int_parsing', loc: ['body', 'count'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'three' }] } })
  })
})

describe('Multipart text forms', () => {
  it('reads a login form a browser sends as multipart/form-data (FastAPI reads both kinds)', async () => {
    const app = await buildApp()
    app.api.post('/login/', { form: z.object({ username: z.string(), password: z.string() }) }, ({ form }) => ({ username: form.username }))
    const port = await listen(app)
    const body = new FormData()
    body.set('username', 'Foo')
    body.set('password', 'secret')
    const response = await fetch(`http://127.0.0.1:${port}/login/`, { method: 'POST', body })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ username: 'Foo' })
  })

  it('reads a form model from multipart, files and all', async () => {
    const Upload = Form(z.object({ title: z.string(), image: File() }).meta({ id: 'Upload' }))
    const app = await buildApp()
    app.api.post('/uploads/', { form: Upload }, ({ form }) => ({ title: form.title, filename: form.image.filename }))
    const url = `http://127.0.0.1:${await listen(app)}`
    expect(await postMultipart(`${url}/uploads/`, [{ name: 'title', value: 'dot' }, { name: 'image', filename: 'dot.png', data: PNG }])).toEqual({ status: 200, json: { title: 'dot', filename: 'dot.png' } })
  })
})

describe('Files in dependencies', () => {
  it('gives a dependency its file, read once with the route\'s own fields (FastAPI embeds them in one body)', async () => {
    const avatar = Depends({ form: z.object({ avatar: File({ accept: ['image/png'] }) }) }, ({ form }) => ({ name: form.avatar.filename, type: form.avatar.detectedType?.mime }))
    const app = await buildApp()
    app.api.post('/profile/', { form: z.object({ username: z.string() }), deps: { avatar } }, ({ form, deps }) => ({ username: form.username, avatar: deps.avatar }))
    const url = `http://127.0.0.1:${await listen(app)}`
    const response = await postMultipart(`${url}/profile/`, [{ name: 'username', value: 'ada' }, { name: 'avatar', filename: 'me.png', type: 'image/png', data: PNG }])
    expect(response).toEqual({ status: 200, json: { username: 'ada', avatar: { name: 'me.png', type: 'image/png' } } })
    const lying = await postMultipart(`${url}/profile/`, [{ name: 'username', value: 'ada' }, { name: 'avatar', filename: 'me.png', type: 'image/png', data: 'not a png' }])
    expect(lying.status).toBe(422)
    expect(lying.json).toMatchObject({ detail: [{ type: 'file_type', loc: ['body', 'avatar'] }] })
  })
})

describe('Limits on a route', () => {
  it('refuses a file past the route\'s fileSize with 413, and takes it on a route without that limit', async () => {
    const app = await buildApp({ routing: { formLimits: { fileSize: 64 } } })
    app.api.post('/small/', { form: UploadForm, formLimits: { fileSize: 16 } }, ({ form }) => ({ size: form.file.size }))
    app.api.post('/app/', { form: UploadForm }, ({ form }) => ({ size: form.file.size }))
    app.api.post('/big/', { form: UploadForm, formLimits: { fileSize: 1024 } }, ({ form }) => ({ size: form.file.size }))
    const url = `http://127.0.0.1:${await listen(app)}`
    const file = (size: number): Array<{ name: string, filename: string, data: Buffer }> => [{ name: 'file', filename: 'a.bin', data: Buffer.alloc(size) }]
    expect(await postMultipart(`${url}/small/`, file(16))).toEqual({ status: 200, json: { size: 16 } })
    expect(await postMultipart(`${url}/small/`, file(17))).toEqual({ status: 413, json: { detail: "File too large. Maximum size of a file is 16 bytes. (limit 'fileSize', field 'file')" } })
    expect(await postMultipart(`${url}/app/`, file(65))).toEqual({ status: 413, json: { detail: "File too large. Maximum size of a file is 64 bytes. (limit 'fileSize', field 'file')" } })
    expect(await postMultipart(`${url}/big/`, file(1000))).toEqual({ status: 200, json: { size: 1000 } })
  })

  it('counts multipart text fields against the same fields limit as urlencoded ones', async () => {
    const app = await buildApp()
    app.api.post('/tags/', { form: z.object({ tags: z.array(z.string()) }), formLimits: { fields: 2 } }, ({ form }) => form)
    const url = `http://127.0.0.1:${await listen(app)}`
    const tags = [{ name: 'tags', value: 'a' }, { name: 'tags', value: 'b' }, { name: 'tags', value: 'c' }]
    expect(await postMultipart(`${url}/tags/`, tags)).toEqual({ status: 413, json: { detail: "Too many fields. Maximum number of fields is 2. (limit 'fields', field 'tags')" } })
  })
})

describe('Temp files of a route', () => {
  it('are gone once the response is sent, and when the handler fails', async () => {
    const app = await buildApp()
    const paths: string[] = []
    app.api.post('/ok/', { form: UploadForm }, ({ form }) => {
      paths.push(form.file.path)
      expect(existsSync(form.file.path)).toBe(true)
      return { ok: form.file instanceof UploadFile }
    })
    app.api.post('/fail/', { form: UploadForm }, ({ form }) => {
      paths.push(form.file.path)
      throw new Error('boom')
    })
    const url = `http://127.0.0.1:${await listen(app)}`
    expect(await postMultipart(`${url}/ok/`, [{ name: 'file', filename: 'a', data: 'x' }])).toEqual({ status: 200, json: { ok: true } })
    expect((await postMultipart(`${url}/fail/`, [{ name: 'file', filename: 'a', data: 'x' }])).status).toBe(500)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(paths).toHaveLength(2)
    for (const path of paths) expect(existsSync(path), path).toBe(false)
  })
})

describe('A route without a form', () => {
  it('pays nothing for uploads: no hook of @fastify/multipart runs on it', async () => {
    const app = await buildApp()
    app.api.get('/items/', {}, () => [])
    await app.ready()
    const tree = app.printRoutes({ includeHooks: true, commonPrefix: false })
    const route = tree.slice(tree.indexOf('/items/ (GET)'))
    expect(route).toContain('(onError)')
    expect(route).not.toMatch(/onRequest|onResponse|preValidation/)
  })
})

describe('One file field declared twice', () => {
  it('is refused at registration when a route and its dependency declare it with different options', async () => {
    const avatar = Depends({ form: z.object({ avatar: File({ maxSize: 1024 }) }) }, ({ form }) => form.avatar.size)
    const app = await buildApp()
    expect(() => app.api.post('/profile/', { form: z.object({ avatar: File() }), deps: { avatar } }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_DEP_PARAM_CONFLICT',
      message: expect.stringContaining("the form field 'avatar' is declared by"),
    }))
    const same = Depends({ form: z.object({ avatar: File() }) }, ({ form }) => form.avatar.size)
    expect(() => app.api.post('/same/', { form: z.object({ avatar: File() }), deps: { same } }, () => null)).not.toThrow()
  })
})
