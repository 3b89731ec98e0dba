import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { File } from '../../src/uploads/index.js'
import { multipartBody, uploadsApp, type Part } from '../helpers/uploads.js'

// A body of 10,000 tiny parts: refused at the first part past a limit, in well under a second
// of work, without keeping what came before it.

const BOMB = 10_000

async function send (url: string, parts: Part[]): Promise<{ status: number, json: unknown, ms: number, rssGrowth: number }> {
  const { body, contentType } = multipartBody(parts)
  global.gc?.()
  const rss = process.memoryUsage().rss
  const started = performance.now()
  const response = await fetch(url, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': contentType } })
  const json = await response.json()
  return { status: response.status, json, ms: performance.now() - started, rssGrowth: process.memoryUsage().rss - rss }
}

// A generous timeout: 1,000 temp files are made and removed, on a machine busy with other tests.
describe('A 10,000-part multipart bomb', { timeout: 30_000 }, () => {
  it('of text fields is refused at the 1001st field, fast, with bounded memory', async () => {
    const { form, listen } = await uploadsApp()
    let handled = false
    form('/items/', z.object({ name: z.string() }), () => { handled = true })
    const url = await listen()
    const parts = Array.from({ length: BOMB }, (_, index): Part => ({ name: `f${index}`, value: 'x' }))
    const result = await send(`${url}/items/`, parts)
    expect(result.status).toBe(413)
    expect(result.json).toEqual({ detail: "Too many fields. Maximum number of fields is 1000. (limit 'fields', field 'f1000')" })
    expect(result.ms, `${result.ms} ms`).toBeLessThan(3000)
    expect(result.rssGrowth, `${result.rssGrowth} bytes`).toBeLessThan(64 * 1024 * 1024)
    expect(handled).toBe(false)
  })

  it('of files in a declared list is refused at the 1001st file, and its temp files are removed', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    form('/files/', z.object({ files: z.array(File()) }), () => ({}))
    const url = await listen()
    const parts = Array.from({ length: BOMB }, (_, index): Part => ({ name: 'files', filename: `f${index}`, data: '' }))
    const result = await send(`${url}/files/`, parts)
    expect(result.status).toBe(413)
    expect(result.json).toEqual({ detail: "Too many files. Maximum number of files is 1000. (limit 'files', field 'files')" })
    expect(result.ms, `${result.ms} ms`).toBeLessThan(10_000)
    expect(result.rssGrowth, `${result.rssGrowth} bytes`).toBeLessThan(64 * 1024 * 1024)
    // Removed before the 413 was sent.
    expect(await tempFiles()).toEqual([])
  })

  it('of undeclared files stores none of them and is refused at the 1001st', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    let seen = 0
    const watcher = setInterval(() => { void tempFiles().then((names) => { seen = Math.max(seen, names.length) }) }, 5)
    form('/items/', z.object({ name: z.string().optional() }), () => ({}))
    const url = await listen()
    const parts = Array.from({ length: BOMB }, (_, index): Part => ({ name: `f${index}`, filename: `f${index}`, data: 'x' }))
    const result = await send(`${url}/items/`, parts)
    clearInterval(watcher)
    expect(result.status).toBe(413)
    expect(result.json).toEqual({ detail: "Too many files. Maximum number of files is 1000. (limit 'files', field 'f1000')" })
    expect(result.ms, `${result.ms} ms`).toBeLessThan(3000)
    expect(seen).toBe(0)
  })

  it('of empty-named parts mixed with files is refused by the parts limit when that is lower', async () => {
    const { form, listen } = await uploadsApp()
    form('/items/', z.object({}), () => ({}), { parts: 100 })
    const url = await listen()
    const parts = Array.from({ length: BOMB }, (_, index): Part => index % 2 === 0 ? { name: '', value: '' } : { name: '', filename: '', data: '' })
    const result = await send(`${url}/items/`, parts)
    expect(result).toMatchObject({ status: 413, json: { detail: "Too many parts. Maximum number of parts is 100. (limit 'parts', field '')" } })
  })
})
