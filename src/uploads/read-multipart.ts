import type { FastifyReply, FastifyRequest } from 'fastify'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { HTTPException } from '../errors/http-exception.js'
import { RequestValidationError } from '../errors/validation-error.js'
import { headersTooLarge, parseError } from './client-errors.js'
import type { FormPlan } from './form-plan.js'
import { Form, isServerFault, PartReader, type MultipartForm } from './part-reader.js'
import { boundaryOf, PartHeadersWatch } from './part-headers-watch.js'
import type { UploadArea } from './temp-area.js'

export type { DroppedFile, MultipartForm } from './part-reader.js'

/**
 * Reads a `multipart/form-data` request by `plan`, over @fastify/multipart's `request.parts()`
 * (register it first; the plan passes busboy its limits). Text fields are collected; files of
 * declared fields are spooled to private temp files (bytes counted, the first ones checked
 * against `accept`), undeclared ones dropped unread. Past a limit: 413; a file whose content
 * is not what the field accepts: 422; a malformed body: 400. On any of them, and whenever the
 * client goes away, the temp files are removed and the rest of the body is read and dropped;
 * otherwise they are removed once the response is over. A request that is not multipart reads
 * as an empty form (so that validation reports each required field missing, as FastAPI does).
 */
export async function readMultipart (request: FastifyRequest, reply: FastifyReply, plan: FormPlan, area: UploadArea): Promise<MultipartForm> {
  if (typeof request.isMultipart !== 'function') throw new FFA_ERR_PLUGIN_MISSING('readMultipart()', '@fastify/multipart')
  const form = new Form()
  if (!request.isMultipart()) return form
  const dispose = (): void => { void form.dispose() }
  if (reply.raw.destroyed) dispose()
  else reply.raw.once('close', dispose)

  const controller = new AbortController()
  let stopped: HTTPException | undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
  })
  aborted.catch(() => {})
  const boundary = boundaryOf(request.headers['content-type'])
  const watch = boundary === undefined
    ? undefined
    : new PartHeadersWatch(boundary, plan.limits.headerSize, (field) => {
      stopped = headersTooLarge(plan.limits.headerSize, field)
      controller.abort(stopped)
    })
  const onData = (chunk: Buffer): void => watch?.push(chunk)

  const reader = new PartReader(plan, area, form, controller.signal)
  try {
    const parts = request.parts(plan.partsOptions as Parameters<FastifyRequest['parts']>[0])
    const first = parts.next()
    // After parts.next(): the plugin has piped the request into busboy, and no chunk has
    // flowed yet (they come on a later tick), so the watch and busboy see the same bytes.
    if (watch !== undefined) request.raw.on('data', onData)
    let next = await Promise.race([first, aborted])
    while (next.done !== true) {
      await reader.read(next.value)
      next = await Promise.race([parts.next(), aborted])
    }
  } catch (error) {
    await form.dispose()
    dropRest(request)
    throw answerFor(stopped ?? error)
  } finally {
    request.raw.removeListener('data', onData)
  }
  // The client left while the last part was read: nothing will answer, nothing may stay.
  if (reply.raw.destroyed) dispose()
  return form
}

// Reading stopped before the body's end: the rest is read and dropped (as Node does for a body
// nobody read), so the answer reaches the client and the connection stays usable; the
// server's requestTimeout bounds how long. busboy gets none of it.
function dropRest (request: FastifyRequest): void {
  const raw = request.raw
  if (raw.readableEnded) return
  raw.unpipe()
  raw.resume()
}

function answerFor (error: unknown): unknown {
  if (error instanceof HTTPException || error instanceof RequestValidationError) return error
  if (isServerFault(error)) return error
  const code = (error as { code?: unknown } | null)?.code
  // A file system error (the temp folder full, or gone) is the server's: a 500, logged.
  if (typeof (error as { syscall?: unknown } | null)?.syscall === 'string') return error
  if (code === 'FST_PROTO_VIOLATION') return new HTTPException(400, (error as Error).message)
  // Everything else is a body busboy could not parse, or one the client cut short.
  return parseError()
}
