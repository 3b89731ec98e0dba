// The README's "Errors" examples, as written there: FastAPI's exception-handler tutorial, ported.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { HTTPException, httpExceptionHandler } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'

class UnicornException extends Error {
  constructor (readonly unicorn: string) { super(unicorn) }
}

it('answers a UnicornException with its own handler, as in FastAPI\'s "Install custom exception handlers"', async () => {
  const app = await buildApp()
  app.exceptionHandler(UnicornException, (error, request, reply) =>
    reply.code(418).send({
      message: `Oops! ${error.unicorn} did something.`,
    }))
  app.api.get('/unicorns/{name}', { params: z.object({ name: z.string() }) }, ({ params }) => {
    if (params.name === 'yolo') throw new UnicornException(params.name)
    return { unicorn_name: params.name }
  })

  const res = await app.inject('/unicorns/yolo')
  expect(res.statusCode, res.body).toBe(418)
  expect(res.json()).toEqual({ message: 'Oops! yolo did something.' })
})

it("reuses the default HTTPException handler after logging, as in FastAPI's \"Reuse FastAPI's exception handlers\"", async () => {
  const logs = captureLogs()
  const app = await buildApp({}, { logger: { stream: logs.stream } })
  app.exceptionHandler(HTTPException, (error, request, reply) => {
    request.log.warn(`OMG! An HTTP error!: ${error.message}`)
    return httpExceptionHandler(error, request, reply)
  })
  app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, () => { throw new HTTPException(418, 'Nope! I don\'t like 3.') })

  const res = await app.inject('/items/3')
  expect(res.statusCode, res.body).toBe(418)
  expect(res.json()).toEqual({ detail: 'Nope! I don\'t like 3.' })
  expect(logs.lines.some((line) => line.level === 40 && line.msg === 'OMG! An HTTP error!: Nope! I don\'t like 3.')).toBe(true)
})

it("switches the whole app to RFC 9457 problem details with one option, as the README's example shows", async () => {
  const app = await buildApp({ errors: { format: 'problem', validationStatus: 400 } })
  await app.ready()

  const res = await app.inject('/nowhere')
  expect(res.statusCode, res.body).toBe(404)
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  expect(res.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Not Found', instance: '/nowhere' })
})
