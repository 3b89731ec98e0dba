import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { JSON_CONTENT_TYPE } from '../shared/constants.js'
import { fastapiFormat } from './error-format.js'
import { statusText, type ErrorResponse } from './error-response.js'
import { defaultExceptionHandler, stateOf } from './exception-handlers.js'
import { markTimedOut } from './request-timeout.js'

/**
 * Fastify's `frameworkErrors`: errors it raises before a route runs (a malformed URL such as
 * `/items/%zz`, a path param longer than `maxParamLength`), answered in the app's error
 * format, with the status and message Fastify gives them.
 */
export function fastapiFrameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  defaultExceptionHandler(error, request, reply)
}

// What Node's HTTP parser refuses, by the code it gives: a head over `maxHeaderSize` (a 100 KB
// URL counts: the request line is part of the head), a request that took too long, and the
// rest (an unknown method, a request smuggling attempt, a malformed head). uvicorn answers
// these "Invalid HTTP request received."; we keep that sentence for the 400s.
function clientErrorResponse (code: string | undefined): ErrorResponse {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, detail: statusText(408) }
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, detail: statusText(431) }
  return { status: 400, detail: 'Invalid HTTP request received.' }
}

interface InFlight { headersSent: boolean, req?: { url?: string } }

/**
 * Fastify's `clientErrorHandler`: Node's parser errors and timeouts, before or while a request
 * is read, answered in the app's error format on the raw socket (there is no reply to send
 * with), then the connection is closed. Fastify's own handler answers in Fastify's shape.
 */
export function fastapiClientErrorHandler (this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // Reset by the client: nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const response = clientErrorResponse(error.code)
  if (response.status === 408) {
    markTimedOut(socket)
    this.log.info({ code: error.code }, 'A request took longer than the server allows and was cut with 408 (requestTimeout, headersTimeout)')
  } else {
    this.log.debug({ code: error.code }, `Node refused a request: ${error.message}`)
  }
  // As Node does itself: never write into a response that has started.
  const inFlight = (socket as unknown as { _httpMessage?: InFlight | null })._httpMessage
  if (socket.writable && (inFlight == null || !inFlight.headersSent)) {
    socket.write(rawResponse(this, response, inFlight?.req?.url))
  }
  socket.destroy(error)
}

function rawResponse (app: FastifyInstance, response: ErrorResponse, url: string | undefined): string {
  // A formatter gets the request when there is one; before a request there is only its URL, if that.
  const request = { url: url ?? '', method: '', headers: {} } as unknown as FastifyRequest
  let formatted
  try {
    formatted = stateOf({ server: app } as FastifyRequest).formatter(response, request)
  } catch {
    formatted = fastapiFormat(response, request)
  }
  const body = JSON.stringify(formatted.body)
  const contentType = formatted.contentType ?? JSON_CONTENT_TYPE
  return `HTTP/1.1 ${response.status} ${statusText(response.status)}\r\nContent-Type: ${contentType}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
}
