import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { File } from '../src/uploads/index.js'
import { uploadsApp } from './helpers/uploads.js'

// A 1 GiB file, generated as it is sent (no fixture), streamed to a temp file with flat memory.
// The bound is an eighth of the file: buffering it would pass 1 GiB, streaming it stays far
// below. It is not tighter because V8 lets about 64 MB of dead Buffers (external memory) pile
// up before it collects them, and under a loaded CI they do: 77 MB was seen. The same upload,
// measured alone by `npm run bench:upload`, grows the server's RSS by about 1 MB.

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

describe('A 1 GiB upload', () => {
  it('is streamed to a temp file with RSS growth under 128 MB, and the temp file is removed after', { timeout: 300_000 }, async () => {
    const { form, listen, tempFiles } = await uploadsApp()
    form('/files/', z.object({ file: File({ maxSize: 2 * GIB }) }), ({ file }) => ({ size: file.size, filename: file.filename }))
    const url = await listen()
    global.gc?.()
    const baseline = process.memoryUsage().rss
    let peak = baseline
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 20)
    try {
      const response = await postLargeFile(`${url}/files/`, GIB)
      expect(response.status, response.body).toBe(200)
      expect(JSON.parse(response.body)).toEqual({ size: GIB, filename: 'large.bin' })
    } finally {
      clearInterval(sampler)
    }
    expect(peak - baseline).toBeLessThan(128 * 1024 * 1024)
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })
})
