import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { HTTPException } from 'fastify-fastapi'
import { File, openUploadArea } from '../src/uploads/index.js'
import { captureLogs } from './helpers/app.js'
import { deferred } from './helpers/deferred.js'
import { postMultipart, uploadsApp } from './helpers/uploads.js'

// Temp files live as long as the request: removed after the response, after an error, and
// when the client goes away in the middle of its upload.

async function scratchDir (): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'uploads-test-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  return dir
}

describe('Temp files of uploads', { timeout: 30_000 }, () => {
  it('are private (0600 in a 0700 folder) while the handler runs, and removed after the response', async () => {
    const { form, listen, tempFiles, area } = await uploadsApp()
    let during: string[] = []
    let mode = 0
    form('/files/', z.object({ file: File() }), async ({ file }) => {
      during = await tempFiles()
      mode = (await stat(file.path)).mode & 0o777
      return { size: file.size }
    })
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', filename: '../../etc/passwd', data: 'root:x:0:0' }])).toEqual({ status: 200, json: { size: 10 } })
    expect(during).toHaveLength(1)
    expect(during[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(mode).toBe(0o600)
    expect((await stat(area.dir)).mode & 0o777).toBe(0o700)
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })

  it('are removed when the handler throws', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    form('/files/', z.object({ file: File() }), () => { throw new HTTPException(409, 'Already uploaded') })
    const url = await listen()
    expect(await postMultipart(`${url}/files/`, [{ name: 'file', filename: 'a.txt', data: 'x' }])).toEqual({ status: 409, json: { detail: 'Already uploaded' } })
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })

  it('are removed when the client aborts in the middle of its upload: the temp folder is empty, the handler never runs, nothing is logged as an error', async () => {
    const logs = captureLogs()
    const { form, listen, tempFiles } = await uploadsApp({ fastify: { logger: { level: 'info', stream: logs.stream } } })
    let handled = false
    form('/files/', z.object({ first: File(), second: File() }), () => { handled = true })
    const url = new URL(await listen())
    const socket = net.connect(Number(url.port), '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    const boundary = 'abort-boundary'
    socket.write(`POST /files/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000000\r\n\r\n`)
    socket.write(`--${boundary}\r\nContent-Disposition: form-data; name="first"; filename="one.bin"\r\n\r\n`)
    socket.write(Buffer.alloc(64 * 1024, 1))
    socket.write(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="second"; filename="two.bin"\r\n\r\n`)
    socket.write(Buffer.alloc(256 * 1024, 2))
    // Both files are on disk, the second one half written, when the client goes away.
    await expect.poll(async () => (await tempFiles()).length, { timeout: 10_000 }).toBe(2)
    socket.destroy()
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
    expect(handled).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(logs.lines.filter((line) => (line.level as number) >= 50)).toEqual([])
  })

  it('are removed when the client goes away while the handler runs', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    const inHandler = deferred()
    const release = deferred()
    form('/files/', z.object({ file: File() }), async () => {
      inHandler.resolve()
      await release.promise
      return {}
    })
    const url = await listen()
    const controller = new AbortController()
    const body = new FormData()
    body.append('file', new Blob(['x']), 'a.txt')
    const request = fetch(`${url}/files/`, { method: 'POST', body, signal: controller.signal }).catch(() => 'aborted')
    await inHandler.promise
    expect(await tempFiles()).toHaveLength(1)
    controller.abort()
    expect(await request).toBe('aborted')
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
    release.resolve()
  })

  it('are not removed once moved out with moveTo, which never overwrites', async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    const dir = await scratchDir()
    form('/files/', z.object({ file: File(), other: File() }), async ({ file, other }) => {
      await file.moveTo(path.join(dir, 'kept.txt'))
      await expect(other.moveTo(path.join(dir, 'kept.txt'))).rejects.toMatchObject({ code: 'EEXIST' })
      expect(() => file.stream()).toThrow("The upload 'file' was moved")
      return {}
    })
    const url = await listen()
    expect((await postMultipart(`${url}/files/`, [{ name: 'file', filename: 'a.txt', data: 'kept' }, { name: 'other', filename: 'b.txt', data: 'other' }])).status).toBe(200)
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
    expect(await readFile(path.join(dir, 'kept.txt'), 'utf8')).toBe('kept')
  })

  it('live in a folder of their own, removed with everything in it when the app closes', async () => {
    const parent = await scratchDir()
    const area = await openUploadArea(parent)
    expect(path.dirname(area.dir)).toBe(parent)
    expect(path.basename(area.dir)).toMatch(/^fastify-fastapi-uploads-/)
    const one = area.newPath()
    expect(path.dirname(one)).toBe(area.dir)
    expect(area.newPath()).not.toBe(one)
    await area.close()
    expect(existsSync(area.dir)).toBe(false)
  })
})
