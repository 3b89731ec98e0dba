import { basename, dirname, resolve } from 'node:path'
import send from '@fastify/send'
import type { FastifyReply } from 'fastify'
import { Response, withCharset, type ResponseInit } from './response.js'

export interface FileResponseInit extends ResponseInit {
  /** The name the client saves it as: `Content-Disposition: attachment; filename="..."`. */
  filename?: string
  /** `inline` to show it in the browser rather than download it; `attachment` by default, as Starlette. */
  contentDispositionType?: 'attachment' | 'inline'
}

// Starlette's: `Content-Disposition` only with a filename, ETag, Last-Modified, ranges; no Cache-Control.
const SEND_OPTIONS = { dotfiles: 'allow', index: false, cacheControl: false, contentType: false } as const

/**
 * A file from disk (FastAPI's `FileResponse`), streamed by @fastify/send: `Content-Length`,
 * `Last-Modified`, `ETag`, conditional requests (304) and byte ranges (206, `Accept-Ranges:
 * bytes`), the type guessed from its name. A path that is not a file is a server error, as
 * in Starlette: the path is the app's, never the client's (serve a folder with @fastify/static).
 *
 * @example
 * app.api.get('/', () => new FileResponse('large-video-file.mp4'))
 * app.api.get('/report', () => new FileResponse('/data/r.csv', { filename: 'report.csv' }))
 */
export class FileResponse extends Response<string> {
  readonly filename: string | undefined
  readonly contentDispositionType: 'attachment' | 'inline'

  constructor (path: string, init: FileResponseInit = {}) {
    super(path, init)
    this.filename = init.filename
    this.contentDispositionType = init.contentDispositionType ?? 'attachment'
  }

  override async sendTo (reply: FastifyReply): Promise<FastifyReply> {
    const path = resolve(this.content)
    // @fastify/send takes a URL path under a root: the file's own name, encoded, under its folder.
    const result = await send(reply.request.raw, `/${encodeURIComponent(basename(path))}`, { ...SEND_OPTIONS, root: dirname(path) })
    if (result.type !== 'file') {
      throw new Error(`File at path ${path} ${result.type === 'directory' ? 'is not a file' : 'does not exist'}.`)
    }
    this.writeHead(reply)
    // A range, a 304 or a 416 is @fastify/send's answer to the request; otherwise the response's own status.
    if (result.statusCode !== 200) reply.code(result.statusCode)
    reply.headers(result.headers)
    if (this.mediaType === undefined) reply.header('content-type', withCharset(send.mime.getType(this.filename ?? path) ?? 'text/plain'))
    if (this.filename !== undefined) reply.header('content-disposition', contentDisposition(this.contentDispositionType, this.filename))
    return reply.send(result.stream)
  }
}

// Starlette's: the plain form when quoting changes nothing, RFC 6266's `filename*` otherwise.
function contentDisposition (type: string, filename: string): string {
  // Python's quote(safe='/'): encodeURIComponent, less its `!'()*`, plus the slash.
  const quoted = encodeURIComponent(filename).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%2F/g, '/')
  return quoted === filename ? `${type}; filename="${filename}"` : `${type}; filename*=utf-8''${quoted}`
}
