import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import { JSON_CONTENT_TYPE } from '../shared/constants.js'
import { flattenString } from '../shared/flatten-string.js'
import { BODYLESS_STATUSES } from '../shared/http-status.js'
import { Response } from '../responses/response.js'
import { sendResponse } from '../responses/route-response.js'
import { isZodSchema } from '../shared/is-zod-schema.js'
import { compileFilteredSerializer, compileModelSerializer, type ModelSerializer } from './model-serializer.js'
import { compileResponseFilter, type ResponseFilterOptions } from './response-filter.js'
import type { ResponseModels } from './types.js'

/** Sends a handler's return value; returns the reply, as a Fastify handler may (a promise of it for a file). */
export type ResponseSender = (result: unknown, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>

/**
 * A sender in two steps, for a request whose function-scoped dependencies clean up between
 * them (FastAPI's order): `prepare` runs the response model (and throws when the value does
 * not fit it), `sendPrepared` sends what it made.
 */
export interface TwoStepSender {
  prepare (result: unknown, reply: FastifyReply): unknown
  sendPrepared: ResponseSender
}

/** The steps of a sender with nothing to prepare (a stream, a response class): all happens when it is sent. */
export function sendingOnly (send: ResponseSender): TwoStepSender {
  return { prepare: (result) => result, sendPrepared: send }
}

// A value already through its response model, waiting to be sent once the function-scoped
// cleanups are done (a COMMIT's round trip): flat by then, read at once by whoever comes first.
class PreparedJson {
  readonly json: string
  constructor (json: string) {
    this.json = flattenString(json)
  }
}

// A Buffer, a stream or a typed array is a response of its own (FastAPI's `Response`):
// it is sent as it is, past the response model.
function isRawPayload (value: object): boolean {
  return ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function'
}

/**
 * Compiles how a route answers: the returned value goes through the response model for
 * the status (keys the model does not declare are dropped, at any depth, so a password or an
 * internal id never leaves), then out as JSON, as FastAPI encodes every return value.
 */
export function compileResponse (response: ResponseModels | undefined, route: string, filter?: ResponseFilterOptions): ResponseSender & TwoStepSender {
  const serializerOf = (model: z.core.$ZodType): ModelSerializer => modelSerializer(model, route, filter)
  const single = isZodSchema(response) ? serializerOf(response) : undefined
  const byStatus = response !== undefined && single === undefined
    ? new Map<number, ModelSerializer>(Object.entries(response).map(([status, model]) => [Number(status), serializerOf(model as z.core.$ZodType)]))
    : undefined

  function toJson (result: unknown, status: number): string {
    const serialize = single ?? byStatus?.get(status)
    // JSON.stringify(undefined) is undefined: a handler that returns nothing answers `null`, as FastAPI does.
    return serialize === undefined ? JSON.stringify(result) ?? 'null' : serialize(result)
  }

  function sendResult (result: unknown, reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
    if (result === reply || reply.sent) return reply
    if (typeof result === 'object' && result !== null) {
      if (result instanceof Response) return sendResponse(result, reply)
      if (isRawPayload(result)) return reply.send(result)
    }
    const status = reply.statusCode
    if (BODYLESS_STATUSES.has(status)) return reply.send()
    return reply.header('content-type', JSON_CONTENT_TYPE).send(toJson(result, status))
  }

  return Object.assign(sendResult, {
    prepare (result: unknown, reply: FastifyReply): unknown {
      if (result === reply || reply.sent || BODYLESS_STATUSES.has(reply.statusCode)) return result
      if (typeof result === 'object' && result !== null && (result instanceof Response || isRawPayload(result))) return result
      return new PreparedJson(toJson(result, reply.statusCode))
    },
    sendPrepared (prepared: unknown, reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
      if (!(prepared instanceof PreparedJson)) return sendResult(prepared, reply)
      return reply.header('content-type', JSON_CONTENT_TYPE).send(prepared.json)
    },
  })
}

function modelSerializer (model: z.core.$ZodType, route: string, filter: ResponseFilterOptions | undefined): ModelSerializer {
  return filter === undefined
    ? compileModelSerializer(model, route)
    : compileFilteredSerializer(model, route, compileResponseFilter(model, filter))
}

/** How a streaming route writes each item: through its model (FastAPI's `AsyncIterable[Item]`), or as JSON. */
export function compileItemSerializer (model: z.core.$ZodType | undefined, route: string, filter?: ResponseFilterOptions): ModelSerializer {
  return model === undefined ? (item) => JSON.stringify(item) ?? 'null' : modelSerializer(model, route, filter)
}
