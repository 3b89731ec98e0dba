import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DEFAULT_UPLOAD_LIMITS, File } from '../src/uploads/index.js'
import { multipartBody, postMultipart, uploadsApp, type Part } from './helpers/uploads.js'

// Every limit, its default, and the 413 past it: {"detail": "..."} naming the limit and the field.

const files = (count: number, name = 'files'): Part[] =>
  Array.from({ length: count }, (_, index) => ({ name, filename: `f${index}.txt`, type: 'text/plain', data: 'x' }))
const fields = (count: number): Part[] => Array.from({ length: count }, (_, index) => ({ name: `field${index}`, value: 'x' }))

// A generous timeout: some tests send 1,001 files or 10 MiB, on a machine busy with other tests.
describe('Upload limits', { timeout: 30_000 }, () => {
  it('has these defaults: Starlette\'s 1000 files, 1000 fields and 1 MiB per field; 1000 parts; 10 MiB per file; 16 KiB of part headers', () => {
    expect(DEFAULT_UPLOAD_LIMITS).toEqual({
      fileSize: 10 * 1024 * 1024,
      files: 1000,
      fields: 1000,
      fieldSize: 1024 * 1024,
      parts: 1000,
      headerSize: 16 * 1024,
    })
  })

  it('refuses a file past its field\'s maxSize with 413, keeps one at it, and leaves no temp file', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    form('/images/', z.object({ image: File({ maxSize: 1024 }) }), ({ image }) => ({ size: image.size }))
    const url = await listen()
    expect(await postMultipart(`${url}/images/`, [{ name: 'image', filename: 'a.bin', data: Buffer.alloc(1024) }])).toEqual({ status: 200, json: { size: 1024 } })
    expect(await postMultipart(`${url}/images/`, [{ name: 'image', filename: 'a.bin', data: Buffer.alloc(1025) }])).toEqual({
      status: 413, json: { detail: "File too large. Maximum size of a file is 1 KiB. (limit 'maxSize', field 'image')" },
    })
    // Many at once: a temp file still opening when its upload is refused is removed too, once open.
    const refused = await Promise.all(Array.from({ length: 50 }, () => postMultipart(`${url}/images/`, [{ name: 'image', filename: 'a.bin', data: Buffer.alloc(4096) }])))
    expect(refused.map(({ status }) => status)).toEqual(Array(50).fill(413))
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })

  it('refuses a file past the route\'s fileSize, and past the default 10 MiB', async () => {
    const { form, listen } = await uploadsApp()
    form('/small/', z.object({ file: File() }), ({ file }) => ({ size: file.size }), { fileSize: 2000 })
    form('/default/', z.object({ file: File() }), ({ file }) => ({ size: file.size }))
    const url = await listen()
    expect(await postMultipart(`${url}/small/`, [{ name: 'file', filename: 'a.bin', data: Buffer.alloc(2001) }])).toEqual({
      status: 413, json: { detail: "File too large. Maximum size of a file is 2000 bytes. (limit 'fileSize', field 'file')" },
    })
    expect(await postMultipart(`${url}/default/`, [{ name: 'file', filename: 'a.bin', data: Buffer.alloc(10 * 1024 * 1024) }])).toEqual({ status: 200, json: { size: 10 * 1024 * 1024 } })
    expect(await postMultipart(`${url}/default/`, [{ name: 'file', filename: 'a.bin', data: Buffer.alloc(10 * 1024 * 1024 + 1) }])).toEqual({
      status: 413, json: { detail: "File too large. Maximum size of a file is 10 MiB. (limit 'fileSize', field 'file')" },
    })
  })

  it('lets a field\'s maxSize pass the route\'s fileSize (the per-field limit FastAPI lacks)', async () => {
    const { form, listen } = await uploadsApp()
    form('/videos/', z.object({ video: File({ maxSize: 4096 }), thumb: File() }), ({ video, thumb }) => ({ video: video.size, thumb: thumb.size }), { fileSize: 1024 })
    const url = await listen()
    expect(await postMultipart(`${url}/videos/`, [
      { name: 'video', filename: 'v.bin', data: Buffer.alloc(4000) },
      { name: 'thumb', filename: 't.bin', data: Buffer.alloc(1000) },
    ])).toEqual({ status: 200, json: { video: 4000, thumb: 1000 } })
    expect(await postMultipart(`${url}/videos/`, [
      { name: 'video', filename: 'v.bin', data: Buffer.alloc(4000) },
      { name: 'thumb', filename: 't.bin', data: Buffer.alloc(1025) },
    ])).toEqual({ status: 413, json: { detail: "File too large. Maximum size of a file is 1 KiB. (limit 'fileSize', field 'thumb')" } })
  })

  it('refuses File.bytes() past its maxSize, and a dropped undeclared file past fileSize', async () => {
    const { form, listen } = await uploadsApp()
    form('/avatar/', z.object({ avatar: File.bytes({ maxSize: 100 }) }), ({ avatar }) => ({ size: avatar.length }), { fileSize: 200 })
    const url = await listen()
    expect(await postMultipart(`${url}/avatar/`, [{ name: 'avatar', filename: 'a.bin', data: Buffer.alloc(101) }])).toEqual({
      status: 413, json: { detail: "File too large. Maximum size of a file is 100 bytes. (limit 'maxSize', field 'avatar')" },
    })
    expect(await postMultipart(`${url}/avatar/`, [{ name: 'avatar', filename: 'a.bin', data: Buffer.alloc(100) }, { name: 'stray', filename: 's.bin', data: Buffer.alloc(201) }])).toEqual({
      status: 413, json: { detail: "File too large. Maximum size of a file is 200 bytes. (limit 'fileSize', field 'stray')" },
    })
  })

  it('refuses too many files, naming the field of the one past the limit', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    form('/files/', z.object({ files: z.array(File()) }), ({ files }) => ({ count: files.length }), { files: 2 })
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, files(2))).toEqual({ status: 200, json: { count: 2 } })
    expect(await postMultipart(`${url}/files/`, files(3))).toEqual({
      status: 413, json: { detail: "Too many files. Maximum number of files is 2. (limit 'files', field 'files')" },
    })
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })

  it('refuses more than 1000 files by default, as Starlette does (1001 files of one field)', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ files: z.array(File()) }), ({ files }) => ({ count: files.length }), { parts: 5000 })
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, files(1001))).toEqual({
      status: 413, json: { detail: "Too many files. Maximum number of files is 1000. (limit 'files', field 'files')" },
    })
  })

  it('refuses too many fields (default 1000)', async () => {
    const { form, listen } = await uploadsApp()
    form('/few/', z.object({}), () => ({ ok: true }), { fields: 2 })
    form('/default/', z.object({}), () => ({ ok: true }), { parts: 5000 })
    const url = await listen()
    expect(await postMultipart(`${url}/few/`, fields(2))).toEqual({ status: 200, json: { ok: true } })
    expect(await postMultipart(`${url}/few/`, fields(3))).toEqual({
      status: 413, json: { detail: "Too many fields. Maximum number of fields is 2. (limit 'fields', field 'field2')" },
    })
    expect(await postMultipart(`${url}/default/`, fields(1000))).toEqual({ status: 200, json: { ok: true } })
    expect(await postMultipart(`${url}/default/`, fields(1001))).toEqual({
      status: 413, json: { detail: "Too many fields. Maximum number of fields is 1000. (limit 'fields', field 'field1000')" },
    })
  })

  it('refuses too many parts, files and fields together (default 1000)', async () => {
    const { form, listen } = await uploadsApp()
    form('/few/', z.object({ files: z.array(File()) }), () => ({ ok: true }), { parts: 3 })
    form('/default/', z.object({ files: z.array(File()) }), () => ({ ok: true }))
    const url = await listen()
    expect(await postMultipart(`${url}/few/`, [...fields(2), ...files(1)])).toEqual({ status: 200, json: { ok: true } })
    expect(await postMultipart(`${url}/few/`, [...fields(2), ...files(2)])).toEqual({
      status: 413, json: { detail: "Too many parts. Maximum number of parts is 3. (limit 'parts', field 'files')" },
    })
    expect(await postMultipart(`${url}/default/`, [...fields(600), ...files(401)])).toEqual({
      status: 413, json: { detail: "Too many parts. Maximum number of parts is 1000. (limit 'parts', field 'files')" },
    })
  })

  it('refuses a text field past fieldSize (default 1 MiB, Starlette\'s max_part_size)', async () => {
    const { form, listen } = await uploadsApp()
    form('/small/', z.object({ note: z.string() }), ({ note }) => ({ length: note.length }), { fieldSize: 10 })
    form('/default/', z.object({ note: z.string() }), ({ note }) => ({ length: note.length }))
    const url = await listen()
    expect(await postMultipart(`${url}/small/`, [{ name: 'note', value: 'x'.repeat(10) }])).toEqual({ status: 200, json: { length: 10 } })
    expect(await postMultipart(`${url}/small/`, [{ name: 'note', value: 'x'.repeat(11) }])).toEqual({
      status: 413, json: { detail: "Field too large. Maximum size of a field is 10 bytes. (limit 'fieldSize', field 'note')" },
    })
    expect(await postMultipart(`${url}/default/`, [{ name: 'note', value: 'x'.repeat(1024 * 1024) }])).toEqual({ status: 200, json: { length: 1024 * 1024 } })
    expect(await postMultipart(`${url}/default/`, [{ name: 'note', value: 'x'.repeat(1024 * 1024 + 1) }])).toEqual({
      status: 413, json: { detail: "Field too large. Maximum size of a field is 1 MiB. (limit 'fieldSize', field 'note')" },
    })
  })

  it('cuts a long field name to 64 characters in the answer', async () => {
    const { form, listen } = await uploadsApp()
    form('/small/', z.object({}), () => ({ ok: true }), { fieldSize: 10 })
    const url = await listen()
    expect(await postMultipart(`${url}/small/`, [{ name: 'n'.repeat(65), value: 'x'.repeat(11) }])).toEqual({
      status: 413, json: { detail: `Field too large. Maximum size of a field is 10 bytes. (limit 'fieldSize', field '${'n'.repeat(64)}...')` },
    })
    expect(await postMultipart(`${url}/small/`, [{ name: 'n'.repeat(64), value: 'x'.repeat(11) }])).toEqual({
      status: 413, json: { detail: `Field too large. Maximum size of a field is 10 bytes. (limit 'fieldSize', field '${'n'.repeat(64)}')` },
    })
  })

  it('refuses a part whose headers pass headerSize (default 16 KiB), naming its field', async () => {
    const { form, listen } = await uploadsApp()
    form('/small/', z.object({ file: File() }), ({ file }) => ({ size: file.size }), { headerSize: 512 })
    form('/default/', z.object({ file: File() }), ({ file }) => ({ size: file.size }))
    const url = await listen()
    const withHeader = (bytes: number): Part[] => [{ name: 'file', filename: 'a.txt', type: 'text/plain', data: 'x', headers: `X-Padding: ${'p'.repeat(bytes)}\r\n` }]
    expect(await postMultipart(`${url}/small/`, withHeader(300))).toEqual({ status: 200, json: { size: 1 } })
    expect(await postMultipart(`${url}/small/`, withHeader(600))).toEqual({
      status: 413, json: { detail: "Part headers too large. Maximum size of a part's headers is 512 bytes. (limit 'headerSize', field 'file')" },
    })
    expect(await postMultipart(`${url}/default/`, withHeader(15 * 1024))).toEqual({ status: 200, json: { size: 1 } })
    expect(await postMultipart(`${url}/default/`, withHeader(16 * 1024))).toEqual({
      status: 413, json: { detail: "Part headers too large. Maximum size of a part's headers is 16 KiB. (limit 'headerSize', field 'file')" },
    })
  })

  it('refuses a part whose headers pass headerSize before its name is read, naming no field', async () => {
    const { form, listen } = await uploadsApp()
    form('/small/', z.object({ file: File() }), ({ file }) => ({ size: file.size }), { headerSize: 512 })
    const url = await listen()
    const body = `--b\r\nX-Padding: ${'p'.repeat(600)}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nx\r\n--b--\r\n`
    const res = await fetch(`${url}/small/`, { method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=b' } })
    expect({ status: res.status, json: await res.json() }).toEqual({
      status: 413, json: { detail: "Part headers too large. Maximum size of a part's headers is 512 bytes. (limit 'headerSize')" },
    })
  })

  it('refuses in the middle of a large body, and the same connection then answers the next request', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File() }), ({ file }) => ({ size: file.size }), { fileSize: 1024 })
    const url = await listen()
    const big = multipartBody([{ name: 'file', filename: 'big.bin', data: Buffer.alloc(8 * 1024 * 1024) }])
    const refused = await fetch(`${url}/files/`, { method: 'POST', body: new Uint8Array(big.body), headers: { 'content-type': big.contentType } })
    expect(refused.status).toBe(413)
    await refused.text()
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', filename: 'small.bin', data: 'x' }])).toEqual({ status: 200, json: { size: 1 } })
  })
})
