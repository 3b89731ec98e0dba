import { readdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { onTestFinished } from 'vitest'
import type { z } from 'zod'
import { fastapi, RequestValidationError, type ValidationErrorItem } from 'fastify-fastapi'
import { zodIssuesToItems } from '../../src/errors/zod-issues.js'
import { checkFormPlan, compileFormPlan, openUploadArea, readMultipart, type FormPlan, type MultipartForm, type UploadArea } from '../../src/uploads/index.js'

// A small app standing where the routing layer will stand: one POST route per form, reading
// the multipart body with readMultipart, then validating it with zod into FastAPI's 422.
// Text fields are declared as strings here (their coercion is the inputs layer's).

export interface UploadsApp {
  app: FastifyInstance
  area: UploadArea
  /** Declares a form route; the handler gets the parsed form. */
  form: <TSchema extends z.ZodObject>(path: string, schema: TSchema, handler: FormHandler<z.output<TSchema>>, limits?: unknown) => FormPlan
  /** Listens on loopback; the base URL. */
  listen: () => Promise<string>
  /** The names in the private temp folder now. */
  tempFiles: () => Promise<string[]>
}

export type FormHandler<TForm> = (form: TForm, context: { request: FastifyRequest, reply: FastifyReply, read: MultipartForm }) => unknown

export async function uploadsApp (options: { limits?: unknown, fastify?: FastifyServerOptions } = {}): Promise<UploadsApp> {
  const app = Fastify(options.fastify)
  const area = await openUploadArea()
  onTestFinished(async () => {
    await app.close()
    await area.close()
  })
  // The routing plugin registers @fastify/multipart's parser for form routes.
  await app.register(fastapi)
  const plans: FormPlan[] = []
  app.addHook('onReady', async () => {
    for (const plan of plans) await checkFormPlan(plan)
  })
  return {
    app,
    area,
    form (path, schema, handler, limits) {
      const plan = compileFormPlan(schema, { where: `Route POST ${path}`, limits, baseLimits: undefined })
      plans.push(plan)
      app.post(path, async (request, reply) => {
        const read = await readMultipart(request, reply, plan, area)
        const result = schema.safeParse(read.values)
        if (!result.success) {
          const items: ValidationErrorItem[] = []
          zodIssuesToItems(result.error.issues, ['body'], read.values, 'null', items)
          throw new RequestValidationError(items)
        }
        return handler(result.data as z.output<typeof schema>, { request, reply, read })
      })
      return plan
    },
    async listen () {
      await app.listen({ port: 0, host: '127.0.0.1' })
      return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    },
    tempFiles: () => readdir(area.dir),
  }
}

/** One part of a hand-written multipart body. */
export type Part =
  | { name: string, value: string, type?: string }
  | { name: string, filename: string, type?: string, data: Buffer | string, headers?: string }

/** A multipart body written by hand: byte for byte what the tests mean to send. */
export function multipartBody (parts: Part[], boundary = '----fastify-fastapi-test'): { body: Buffer, contentType: string } {
  const chunks: Buffer[] = []
  for (const part of parts) {
    let head = `--${boundary}\r\n`
    if ('value' in part) {
      head += `Content-Disposition: form-data; name="${part.name}"\r\n`
      if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`
      head += '\r\n'
      chunks.push(Buffer.from(head), Buffer.from(part.value), Buffer.from('\r\n'))
    } else {
      head += `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n`
      if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`
      if (part.headers !== undefined) head += part.headers
      head += '\r\n'
      chunks.push(Buffer.from(head), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data), Buffer.from('\r\n'))
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** Posts a hand-written multipart body over real HTTP. */
export async function postMultipart (url: string, parts: Part[]): Promise<{ status: number, json: unknown }> {
  const { body, contentType } = multipartBody(parts)
  const response = await fetch(url, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': contentType } })
  return { status: response.status, json: await response.json() }
}

// Tiny but real files, recognised by their first bytes as file-type reads them.
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6d5b80000000049454e44ae426082', 'hex')
export const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64), Buffer.from('ffd9', 'hex')])
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
export const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>')
