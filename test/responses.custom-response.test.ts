import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse,
} from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

const htmlContents = `
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    `

// FastAPI's "Custom Response - HTML, Stream, File, others" (docs_src/custom_response).
describe('custom responses', () => {
  it('answers HTML with responseClass: HTMLResponse, the handler returning the text (tutorial002)', async () => {
    const app = await buildApp()
    app.api.get('/items/', { responseClass: HTMLResponse }, function read_items () {
      return htmlContents
    })

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.body).toBe(htmlContents)
  })

  it('sends an HTMLResponse the handler returns as it is, past the JSON encoding (tutorial003)', async () => {
    const app = await buildApp()
    app.api.get('/items/', () => new HTMLResponse(htmlContents, { status: 200 }))

    const res = await app.inject('/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.body).toBe(htmlContents)
  })

  it('answers plain text with PlainTextResponse (tutorial005)', async () => {
    const app = await buildApp()
    app.api.get('/', { responseClass: PlainTextResponse }, () => 'Hello World')

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.body).toBe('Hello World')
  })

  it('redirects with 307 by default, from a returned RedirectResponse (tutorial006)', async () => {
    const app = await buildApp()
    app.api.get('/typer', () => new RedirectResponse('https://typer.tiangolo.com'))

    const res = await app.inject('/typer')
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('https://typer.tiangolo.com')
    expect(res.body).toBe('')
  })

  it('redirects with responseClass: RedirectResponse, the handler returning the URL (tutorial006b)', async () => {
    const app = await buildApp()
    app.api.get('/fastapi', { responseClass: RedirectResponse }, () => 'https://fastapi.tiangolo.com')

    const res = await app.inject('/fastapi')
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('https://fastapi.tiangolo.com')
  })

  it("redirects with the route's status when it gives one: 302 (tutorial006c)", async () => {
    const app = await buildApp()
    app.api.get('/pydantic', { responseClass: RedirectResponse, status: 302 }, () => 'https://docs.pydantic.dev/')

    const res = await app.inject('/pydantic')
    expect(res.statusCode, res.body).toBe(302)
    expect(res.headers.location).toBe('https://docs.pydantic.dev/')
  })

  it('percent-encodes what a URL may not hold in the Location header, as Starlette, so it cannot split the response', async () => {
    const app = await buildApp()
    app.api.get('/go', { query: z.object({ to: z.string() }) }, ({ query }) => new RedirectResponse(query.to))

    const res = await app.inject({ url: '/go', query: { to: '/a b/é?x=1&y=[2]\r\nSet-Cookie: x=1' } })
    expect(res.statusCode, res.body).toBe(307)
    expect(res.headers.location).toBe('/a%20b/%C3%A9?x=1&y=[2]%0D%0ASet-Cookie:%20x=1')
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('streams what an async generator yields with StreamingResponse (tutorial007)', async () => {
    const app = await buildApp()
    async function * fakeVideoStreamer () {
      for (let i = 0; i < 10; i++) yield 'some fake video bytes'
    }
    app.api.get('/', () => new StreamingResponse(fakeVideoStreamer()))

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('some fake video bytes'.repeat(10))
  })

  it('streams a generator handler with responseClass: StreamingResponse, in the subclass\'s media type', async () => {
    class PNGStreamingResponse extends StreamingResponse {
      static override mediaType: string | undefined = 'image/png'
    }
    const app = await buildApp()
    app.api.get('/image', { responseClass: PNGStreamingResponse }, function * () {
      yield Buffer.from([0x89, 0x50])
      yield Buffer.from([0x4e, 0x47])
    })

    const res = await app.inject('/image')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    expect([...res.rawPayload]).toEqual([0x89, 0x50, 0x4e, 0x47])
  })

  it('answers with any value as JSON, its status and headers, past the response model with JSONResponse', async () => {
    const app = await buildApp()
    const Item = z.object({ id: z.string(), value: z.string() })
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.string() }), response: Item }, ({ params }) => {
      if (params.item_id !== 'foo') return new JSONResponse({ message: 'Item not found' }, { status: 404, headers: { 'x-error': 'gone' } })
      return { id: 'foo', value: 'there goes my hero' }
    })

    const missing = await app.inject('/items/bar')
    expect(missing.statusCode, missing.body).toBe(404)
    expect(missing.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(missing.headers['x-error']).toBe('gone')
    expect(missing.json()).toEqual({ message: 'Item not found' })
    expect((await app.inject('/items/foo')).json()).toEqual({ id: 'foo', value: 'there goes my hero' })
  })

  it('sends a Response of any media type the handler returns (FastAPI\'s "Return a Response directly")', async () => {
    const app = await buildApp()
    const data = '<?xml version="1.0"?><shampoo><Header>Apply shampoo here.</Header></shampoo>'
    app.api.get('/legacy/', () => new Response(data, { mediaType: 'application/xml' }))

    const res = await app.inject('/legacy/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('application/xml')
    expect(res.body).toBe(data)
  })

  it('answers a 500 that leaks nothing when an HTMLResponse route returns something that is not text', async () => {
    const app = await buildApp()
    app.api.get('/', { responseClass: HTMLResponse }, () => ({ secret: 'do not show' }) as unknown as string)

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.body).not.toContain('secret')
  })
})

describe('FileResponse', () => {
  async function videoFile (): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'ffa-file-'))
    const path = join(folder, 'large-video-file.mp4')
    await writeFile(path, 'Fake video bytes')
    return path
  }

  it('sends a file from a path the handler returns, with its length and type (tutorial009)', async () => {
    const path = await videoFile()
    const app = await buildApp()
    app.api.get('/', () => new FileResponse(path))

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('Fake video bytes')
    expect(res.headers['content-type']).toBe('video/mp4')
    expect(res.headers['content-length']).toBe('16')
    expect(res.headers['accept-ranges']).toBe('bytes')
    expect(res.headers['content-disposition']).toBeUndefined()
  })

  it('sends the file with responseClass: FileResponse, the handler returning its path (tutorial009b)', async () => {
    const path = await videoFile()
    const app = await buildApp()
    app.api.get('/', { responseClass: FileResponse }, () => path)

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('Fake video bytes')
  })

  it('names the download with Content-Disposition, quoting a name that needs it as RFC 6266 says', async () => {
    const path = await videoFile()
    const app = await buildApp()
    app.api.get('/plain', () => new FileResponse(path, { filename: 'video.mp4' }))
    app.api.get('/spaced', () => new FileResponse(path, { filename: 'my vidéo.mp4' }))
    app.api.get('/inline', () => new FileResponse(path, { filename: 'video.mp4', contentDispositionType: 'inline' }))

    expect((await app.inject('/plain')).headers['content-disposition']).toBe('attachment; filename="video.mp4"')
    expect((await app.inject('/spaced')).headers['content-disposition']).toBe("attachment; filename*=utf-8''my%20vid%C3%A9o.mp4")
    expect((await app.inject('/inline')).headers['content-disposition']).toBe('inline; filename="video.mp4"')
  })

  it('answers a byte range with 206 and the Content-Range, and a repeated request with 304', async () => {
    const path = await videoFile()
    const app = await buildApp()
    app.api.get('/', () => new FileResponse(path))

    const part = await app.inject({ url: '/', headers: { range: 'bytes=5-9' } })
    expect(part.statusCode, part.body).toBe(206)
    expect(part.body).toBe('video')
    expect(part.headers['content-range']).toBe('bytes 5-9/16')

    const first = await app.inject('/')
    const again = await app.inject({ url: '/', headers: { 'if-none-match': String(first.headers.etag) } })
    expect(again.statusCode, again.body).toBe(304)
  })

  it('answers a 500 that names no path when the file does not exist, as Starlette', async () => {
    const app = await buildApp()
    app.api.get('/', () => new FileResponse('/nowhere/secret-name.txt'))

    const res = await app.inject('/')
    expect(res.statusCode, res.body).toBe(500)
    expect(res.body).not.toContain('secret-name')
  })
})
