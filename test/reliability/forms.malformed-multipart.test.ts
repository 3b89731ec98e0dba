import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { File } from '../../src/uploads/index.js'
import { uploadsApp } from '../helpers/uploads.js'

// A multipart body busboy cannot parse is FastAPI's 400 "There was an error parsing the body",
// and whatever was spooled before the fault is removed.

async function post (url: string, body: string, contentType: string): Promise<{ status: number, json: unknown }> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': contentType } })
  return { status: response.status, json: await response.json() }
}

describe('A malformed multipart body', () => {
  it('without its closing delimiter is a 400, and the file read before the fault is removed', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    form('/files/', z.object({ file: File(), other: File() }), () => ({}))
    const url = await listen()
    const body = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--b\r\nContent-Disposition: form-data; name="other"; filename="b.txt"\r\n\r\ncut short'
    expect(await post(`${url}/files/`, body, 'multipart/form-data; boundary=b')).toEqual({ status: 400, json: { detail: 'There was an error parsing the body' } })
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })

  it('without a boundary is a 400', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File() }), () => ({}))
    const url = await listen()
    expect(await post(`${url}/files/`, '--b\r\n', 'multipart/form-data')).toEqual({ status: 400, json: { detail: 'There was an error parsing the body' } })
  })

  it('with a field named after a property of every object is a 400 (@fastify/multipart refuses it)', async () => {
    const { form, listen } = await uploadsApp()
    form('/items/', z.object({ name: z.string().optional() }), () => ({}))
    const url = await listen()
    const body = '--b\r\nContent-Disposition: form-data; name="constructor"\r\n\r\nx\r\n--b--\r\n'
    expect(await post(`${url}/items/`, body, 'multipart/form-data; boundary=b')).toEqual({ status: 400, json: { detail: 'prototype property is not allowed as field name' } })
  })

  it('that is empty reads as an empty form', async () => {
    const { form, listen } = await uploadsApp()
    form('/files/', z.object({ file: File().optional() }), ({ file }) => ({ sent: file !== undefined }))
    const url = await listen()
    expect(await post(`${url}/files/`, '', 'multipart/form-data; boundary=b')).toEqual({ status: 200, json: { sent: false } })
  })
})
