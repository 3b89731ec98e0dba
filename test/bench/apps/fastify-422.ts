// What a bare-Fastify user writes to answer validation errors as FastAPI does (422 with
// {detail: [{type, loc, msg, input}]}), so that the 422 row compares the same work: Fastify's
// default answer is a 400 with one message.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

const LOCATION: Record<string, string> = { params: 'path', querystring: 'query', body: 'body', headers: 'header' }

export function fastapiStyleErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation === undefined) return reply.send(error)
  const where = LOCATION[error.validationContext ?? ''] ?? 'body'
  const source = (where === 'path' ? request.params : where === 'query' ? request.query : request.body) as Record<string, unknown> | undefined
  return reply.code(422).send({
    detail: error.validation.map((issue) => {
      const path = issue.instancePath.split('/').filter((part) => part !== '')
      return { type: issue.keyword, loc: [where, ...path], msg: issue.message, input: path.length === 1 ? source?.[path[0] as string] : source }
    }),
  })
}
