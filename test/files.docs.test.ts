import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { File, Form } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// The OpenAPI FastAPI 0.116+ writes for files (tests/test_tutorial/test_request_files and
// test_request_forms_and_files, with pydantic 2): a file is `{"type": "string",
// "contentMediaType": "application/octet-stream"}`, whether UploadFile or bytes; any file
// makes the body multipart/form-data, named Body_<operation id> or the form model's own name.

const FILE = { type: 'string', contentMediaType: 'application/octet-stream' }
const VALIDATION_ERROR = { description: 'Validation Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } } }

function multipart (ref: string, required = true): unknown {
  return { content: { 'multipart/form-data': { schema: { $ref: `#/components/schemas/${ref}` } } }, ...(required ? { required: true } : {}) }
}

async function openapi (declare: (app: Awaited<ReturnType<typeof buildApp>>) => void): Promise<{ paths: Record<string, { post: Record<string, unknown> }>, components: { schemas: Record<string, unknown> } }> {
  const app = await buildApp()
  declare(app)
  return (await app.inject({ url: '/openapi.json' })).json()
}

describe('the docs of file routes', () => {
  it('Request Files tutorial001: bytes and UploadFile, each a Body_<operation id> under multipart/form-data, with the 422', async () => {
    const doc = await openapi((app) => {
      app.api.post('/files/', { form: z.object({ file: File.bytes({ maxSize: 1024 }) }) }, function create_file () { return {} })
      app.api.post('/uploadfile/', { form: z.object({ file: File() }) }, function create_upload_file () { return {} })
    })
    expect(doc.paths['/files/']?.post).toEqual({
      summary: 'Create File',
      operationId: 'create_file_files__post',
      requestBody: multipart('Body_create_file_files__post'),
      responses: { 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } }, 422: VALIDATION_ERROR },
    })
    expect(doc.paths['/uploadfile/']?.post.requestBody).toEqual(multipart('Body_create_upload_file_uploadfile__post'))
    expect(doc.components.schemas.Body_create_file_files__post).toEqual({
      title: 'Body_create_file_files__post', type: 'object', properties: { file: { ...FILE, title: 'File' } }, required: ['file'],
    })
    expect(doc.components.schemas.Body_create_upload_file_uploadfile__post).toEqual({
      title: 'Body_create_upload_file_uploadfile__post', type: 'object', properties: { file: { ...FILE, title: 'File' } }, required: ['file'],
    })
  })

  it('Request Files tutorial001_02: an optional file is anyOf the file and null, the body not required', async () => {
    const doc = await openapi((app) => {
      app.api.post('/uploadfile/', { form: z.object({ file: File().nullable().default(null) }) }, function create_upload_file () { return {} })
    })
    expect(doc.paths['/uploadfile/']?.post.requestBody).toEqual(multipart('Body_create_upload_file_uploadfile__post', false))
    expect(doc.components.schemas.Body_create_upload_file_uploadfile__post).toEqual({
      title: 'Body_create_upload_file_uploadfile__post', type: 'object', properties: { file: { anyOf: [FILE, { type: 'null' }], title: 'File' } },
    })
  })

  it('Request Files tutorial002: a list of files is an array of them', async () => {
    const doc = await openapi((app) => {
      app.api.post('/uploadfiles/', { form: z.object({ files: z.array(File()) }) }, function create_upload_files () { return {} })
    })
    expect(doc.components.schemas.Body_create_upload_files_uploadfiles__post).toEqual({
      title: 'Body_create_upload_files_uploadfiles__post', type: 'object', properties: { files: { type: 'array', items: FILE, title: 'Files' } }, required: ['files'],
    })
  })

  it('Request Forms and Files tutorial001: files beside a text field', async () => {
    const doc = await openapi((app) => {
      app.api.post('/files/', { form: z.object({ file: File.bytes({ maxSize: 1024 }), fileb: File(), token: z.string() }) }, function create_file () { return {} })
    })
    expect(doc.paths['/files/']?.post.requestBody).toEqual(multipart('Body_create_file_files__post'))
    expect(doc.components.schemas.Body_create_file_files__post).toEqual({
      title: 'Body_create_file_files__post',
      type: 'object',
      properties: { file: { ...FILE, title: 'File' }, fileb: { ...FILE, title: 'Fileb' }, token: { type: 'string', title: 'Token' } },
      required: ['file', 'fileb', 'token'],
    })
  })

  it('keeps a form model\'s own name, and a form of text alone under urlencoded', async () => {
    const doc = await openapi((app) => {
      app.api.post('/uploads/', { form: Form(z.object({ title: z.string(), image: File() }).meta({ id: 'Upload' })) }, function upload () { return {} })
      app.api.post('/login/', { form: z.object({ username: z.string() }) }, function login () { return {} })
    })
    expect(doc.paths['/uploads/']?.post.requestBody).toEqual(multipart('Upload'))
    expect(doc.components.schemas.Upload).toEqual({
      title: 'Upload', type: 'object', properties: { title: { type: 'string', title: 'Title' }, image: { ...FILE, title: 'Image' } }, required: ['title', 'image'],
    })
    expect(Object.keys((doc.paths['/login/']?.post.requestBody as { content: object }).content)).toEqual(['application/x-www-form-urlencoded'])
  })

  it('documents a dependency\'s file in the route\'s one multipart body', async () => {
    const { Depends } = await import('fastify-fastapi')
    const avatar = Depends({ form: z.object({ avatar: File() }) }, ({ form }) => form.avatar.filename)
    const doc = await openapi((app) => {
      app.api.post('/profile/', { form: z.object({ username: z.string() }), deps: { avatar } }, function profile () { return {} })
    })
    expect(doc.paths['/profile/']?.post.requestBody).toEqual(multipart('Body_profile_profile__post'))
    expect(doc.components.schemas.Body_profile_profile__post).toMatchObject({ properties: { username: { type: 'string' }, avatar: { ...FILE, title: 'Avatar' } } })
  })
})
