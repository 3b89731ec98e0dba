import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import http from 'node:http'
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'

// A 1 GiB file, generated as it is sent (no fixture), streamed to a temp file with flat memory.
// The server runs in a process of its own (test/helpers/upload-server.ts), so that its RSS is
// measured alone: the peak during the upload (the kernel's high-water mark, reset just before it)
// against its RSS before the upload.

const GIB = 1024 * 1024 * 1024
const CHUNK = randomBytes(1024 * 1024)

/** Posts one file of `size` bytes (CHUNK over and over) over real HTTP, with backpressure. */
async function postLargeFile (url: string, size: number): Promise<{ status: number, body: string }> {
  const boundary = 'large-upload-boundary'
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="large.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const request = http.request(url, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
  })
  const responded = once(request, 'response') as Promise<[http.IncomingMessage]>
  request.write(head)
  for (let sent = 0; sent < size; sent += CHUNK.length) {
    const chunk = size - sent >= CHUNK.length ? CHUNK : CHUNK.subarray(0, size - sent)
    if (!request.write(chunk)) await once(request, 'drain')
  }
  request.end(tail)
  const [response] = await responded
  let body = ''
  for await (const chunk of response) body += String(chunk)
  return { status: response.statusCode ?? 0, body }
}

/** The server's RSS now (after a collection) and its high-water mark; `reset` starts a new mark. */
async function rssOf (url: string, reset = false): Promise<{ now: number, max: number }> {
  return await (await fetch(`${url}/rss${reset ? '/reset' : ''}`, { method: reset ? 'POST' : 'GET' })).json() as { now: number, max: number }
}

describe('A 1 GiB upload', () => {
  it('is streamed to a temp file with RSS growth under 64 MB, and the temp file is removed after', { timeout: 300_000 }, async () => {
    const temp = await mkdtemp(path.join(tmpdir(), 'large-upload-'))
    const server = spawn(process.execPath, ['--expose-gc', '--conditions=source', '--import', 'tsx', fileURLToPath(new URL('./helpers/upload-server.ts', import.meta.url))], {
      env: { ...process.env, TMPDIR: temp },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    onTestFinished(async () => {
      server.kill('SIGTERM')
      await rm(temp, { recursive: true, force: true })
    })
    const [port] = await once(server.stdout, 'data') as [Buffer]
    const url = `http://127.0.0.1:${port.toString().trim()}`
    // The temp files of the upload: the server's private folder under $TMPDIR, made on first use.
    const tempFiles = async (): Promise<string[]> => {
      const folders = (await readdir(temp)).filter((name) => name.startsWith('fastify-fastapi-uploads-'))
      expect(folders).toHaveLength(1)
      return (await Promise.all(folders.map((folder) => readdir(path.join(temp, folder))))).flat()
    }
    const before = await rssOf(url, true)
    const response = await postLargeFile(`${url}/files/`, GIB)
    expect(response.status, response.body).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ size: GIB, filename: 'large.bin' })
    const after = await rssOf(url)
    expect(after.max - before.now, `RSS before ${before.now}, peak ${after.max}`).toBeLessThan(64 * 1024 * 1024)
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })
})
